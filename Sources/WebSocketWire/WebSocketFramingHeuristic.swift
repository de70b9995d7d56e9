/// Recognises WebSocket framing in a TCP connection whose HTTP handshake is not in the capture
/// (the capture started late), and says which side is the client.
///
/// In the spirit of Wireshark's `test_websocket`, but stricter: several consecutive frames must
/// parse cleanly, one direction's frames all masked (the client) and the other's all unmasked.
public enum WebSocketFramingHeuristic {
    /// What the first bytes of one direction look like.
    public struct DirectionEvidence: Sendable, Hashable {
        /// Headers read in sequence (the last one's payload may run past the bytes given).
        public var frames = 0
        public var maskedFrames = 0
        public var unmaskedFrames = 0
        /// Nothing implausible was seen.
        public var isPlausible = true
        /// Why the bytes do not look like WebSocket frames, when they do not.
        public var reason: String?

        public var isEmpty: Bool { frames == 0 && isPlausible }
        /// All frames masked (a client) or all unmasked (a server); nil when mixed or empty.
        public var looksLikeClient: Bool? {
            guard frames > 0 else { return nil }
            if maskedFrames == frames { return true }
            if unmaskedFrames == frames { return false }
            return nil
        }
    }

    /// The verdict for a connection.
    public struct Verdict: Sendable, Hashable {
        public let looksLikeWebSocket: Bool
        /// True when the first direction (as passed in) is the client; nil when unknown.
        public let firstIsClient: Bool?
        public let first: DirectionEvidence
        public let second: DirectionEvidence
        /// One sentence on why.
        public let explanation: String
    }

    /// Reads up to `maxFrames` frame headers from the start of one direction's bytes.
    public static func examine(_ bytes: [UInt8], maxFrames: Int = 16) -> DirectionEvidence {
        var evidence = DirectionEvidence()
        func reject(_ reason: String) -> DirectionEvidence {
            evidence.isPlausible = false
            evidence.reason = reason
            return evidence
        }
        // Two ASCII letters first is how HTTP (and most text protocols) start, never a frame.
        if bytes.count >= 2, bytes[0...1].allSatisfy({ (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) }) {
            return reject("starts with two ASCII letters, like HTTP or another text protocol")
        }
        var offset = 0
        var inFragmentedMessage = false
        while evidence.frames < maxFrames, offset + 2 <= bytes.count {
            let needed = WebSocketFrameHeader.length(firstByte: bytes[offset], secondByte: bytes[offset + 1])
            guard offset + needed <= bytes.count,
                  let header = WebSocketFrameHeader(bytes: bytes[offset..<(offset + needed)]) else { break }
            let opcode = header.opcode
            if opcode.isReserved { return reject("frame \(evidence.frames) has reserved opcode \(opcode.rawValue)") }
            if header.rsv2 || header.rsv3 { return reject("frame \(evidence.frames) sets RSV2 or RSV3") }
            if header.rsv1 && (opcode.isControl || opcode == .continuation) {
                return reject("frame \(evidence.frames) sets RSV1 on a \(opcode.name) frame")
            }
            if !header.isMinimalLengthEncoding || header.hasLengthTopBitSet {
                return reject("frame \(evidence.frames) has an impossible length encoding")
            }
            if opcode.isControl {
                if !header.fin || header.payloadLength > 125 { return reject("frame \(evidence.frames) is a malformed control frame") }
            } else if opcode == .continuation {
                if !inFragmentedMessage { return reject("frame \(evidence.frames) continues no message") }
                inFragmentedMessage = !header.fin
            } else {
                if inFragmentedMessage { return reject("frame \(evidence.frames) interrupts a fragmented message") }
                inFragmentedMessage = !header.fin
            }
            evidence.frames += 1
            if header.isMasked { evidence.maskedFrames += 1 } else { evidence.unmaskedFrames += 1 }
            let next = UInt64(offset + needed) + header.payloadLength
            guard next <= UInt64(bytes.count) else { break }
            offset = Int(next)
        }
        if evidence.frames > 0, evidence.looksLikeClient == nil {
            return reject("masked and unmasked frames are mixed")
        }
        return evidence
    }

    /// Judges a connection from the first bytes of both directions.
    /// - Parameter minimumFrames: frames (both directions together) that must parse cleanly.
    public static func assess(first: [UInt8], second: [UInt8], minimumFrames: Int = 2) -> Verdict {
        let a = examine(first)
        let b = examine(second)
        func verdict(_ yes: Bool, _ firstIsClient: Bool?, _ why: String) -> Verdict {
            Verdict(looksLikeWebSocket: yes, firstIsClient: firstIsClient, first: a, second: b, explanation: why)
        }
        guard a.isPlausible else { return verdict(false, nil, "The first direction " + (a.reason ?? "does not parse as frames") + ".") }
        guard b.isPlausible else { return verdict(false, nil, "The second direction " + (b.reason ?? "does not parse as frames") + ".") }
        guard a.frames + b.frames >= minimumFrames else {
            return verdict(false, nil, "Only \(a.frames + b.frames) frame headers parsed; at least \(minimumFrames) are needed to be sure.")
        }
        switch (a.looksLikeClient, b.looksLikeClient) {
        case (true, false), (true, nil):
            return verdict(true, true, "The first direction's frames are all masked (a client's), the second's unmasked (a server's).")
        case (false, true), (nil, true):
            return verdict(true, false, "The second direction's frames are all masked (a client's), the first's unmasked (a server's).")
        case (false, nil):
            return verdict(true, false, "Only unmasked frames were seen, from the first direction: it is the server.")
        case (nil, false):
            return verdict(true, true, "Only unmasked frames were seen, from the second direction: it is the server.")
        default:
            return verdict(false, nil, "Both directions mask alike; WebSocket clients mask and servers do not.")
        }
    }
}
