import WireBytes

/// The rules one frame header can break on its own (RFC 6455 sections 5.2, 5.3, 5.5; RSV bits
/// per the negotiated extensions), for one sender: the judge beside the frame decoder's parse,
/// pure, given the header and what the direction knows.
struct FrameHeaderRules {
    let peer: Peer
    /// RSV bits are judged only when the handshake is known and no unknown extension may define them.
    let judgesReservedBits: Bool
    /// permessage-deflate was negotiated (it defines RSV1).
    let deflateNegotiated: Bool

    init(peer: Peer, configuration: WebSocketSession.Configuration) {
        self.peer = peer
        judgesReservedBits = configuration.handshakeSeen && !configuration.hasUnknownExtension
        deflateNegotiated = configuration.deflate != nil
    }

    /// Appends what `header` breaks to `findings`.
    /// - Parameters:
    ///   - maskingKeyReused: whether one of the last client frames used this frame's key (nil: no key).
    ///   - closeFrameIndex: the close frame this sender already sent, if any.
    func check(_ header: WebSocketFrameHeader, startOffset start: UInt64, maskingKeyReused: Bool?,
               closeFrameIndex: Int?, into findings: inout [Finding]) {
        func note(_ rule: Rule, _ message: String, _ key: String, _ arguments: [MessageArgument] = []) {
            findings.append(Finding(rule: rule, message: message, streamOffset: start, messageKey: key, arguments: arguments))
        }
        let opcode = header.opcode
        if peer == .client, !header.isMasked {
            note(WebSocketRule.clientFrameUnmasked, "This client frame is not masked.", "finding.ws.client-frame-unmasked")
        } else if peer == .server, header.isMasked {
            note(WebSocketRule.serverFrameMasked, "This server frame is masked (key \(header.maskingKey!)).", "finding.ws.server-frame-masked",
                 [.text("\(header.maskingKey!)")])
        }
        if let key = header.maskingKey {
            if key.networkValue == 0 {
                note(WebSocketRule.maskingKeyZero, "The masking key is 00000000: the payload is sent as plain text.", "finding.ws.masking-key-zero")
            } else if maskingKeyReused == true {
                note(WebSocketRule.maskingKeyReused, "The masking key \(key) was already used by one of the last \(MaskingKeyMemory.window) client frames of this connection.",
                     "finding.ws.masking-key-reused", [.text("\(key)"), .number(MaskingKeyMemory.window)])
            }
        }
        if header.reservedBits != 0, let reservedBitsFinding = judgeReservedBits(header, start: start) {
            findings.append(reservedBitsFinding)
        }
        if opcode.isReserved {
            note(WebSocketRule.reservedOpcode, "Opcode \(opcode.rawValue) is a \(opcode.name) opcode.",
                 opcode.isControl ? "finding.ws.reserved-opcode.control" : "finding.ws.reserved-opcode.nonControl",
                 [.number(Int(opcode.rawValue)), .text("0x" + String(opcode.rawValue, radix: 16))])
        }
        if !header.isMinimalLengthEncoding {
            let bits = header.lengthEncoding == .sixteenBit ? "16" : "64"
            note(WebSocketRule.nonMinimalLength,
                 "The length \(header.payloadLength) is written in \(bits) bits; it fits in fewer.", "finding.ws.length-not-minimal",
                 [.number(header.payloadLength), .text(bits)])
        }
        if header.hasLengthTopBitSet {
            note(WebSocketRule.lengthTopBitSet, "The 64-bit payload length has its most significant bit set (\(header.payloadLength) bytes).",
                 "finding.ws.length-top-bit-set", [.number(header.payloadLength)])
        }
        if opcode.isControl {
            if header.payloadLength > 125 {
                note(WebSocketRule.controlFrameTooLong, "This \(opcode.name) frame claims \(header.payloadLength) payload bytes; control frames carry at most 125.",
                     "finding.ws.control-frame-too-long", [.opcode(opcode), .number(header.payloadLength)])
            }
            if !header.fin {
                note(WebSocketRule.controlFrameFragmented, "This \(opcode.name) frame has FIN = 0; control frames must not be fragmented.",
                     "finding.ws.control-frame-fragmented", [.opcode(opcode)])
            }
        }
        if let closeFrameIndex {
            note(WebSocketRule.frameAfterClose, "The \(peer) sent this \(opcode.name) frame after its close frame (frame \(closeFrameIndex)).",
                 "finding.ws.frame-after-close", [.peer(peer), .opcode(opcode), .number(closeFrameIndex)])
        }
    }

    /// RSV bits are judged only when the handshake is known; an unknown extension may define any of them.
    private func judgeReservedBits(_ header: WebSocketFrameHeader, start: UInt64) -> Finding? {
        guard header.reservedBits != 0, judgesReservedBits else { return nil }
        if !deflateNegotiated {
            return Finding(rule: WebSocketRule.reservedBitsWithoutExtension,
                           message: "RSV bits \(reservedBitNames(header)) are set, but no extension was negotiated.",
                           streamOffset: start, messageKey: "finding.ws.rsv-without-extension", arguments: [.text(reservedBitNames(header))])
        } else if header.rsv2 || header.rsv3 {
            return Finding(rule: WebSocketRule.reservedBitsWithoutExtension,
                           message: "RSV bits \(reservedBitNames(header)) are set; permessage-deflate defines only RSV1.",
                           streamOffset: start, messageKey: "finding.ws.rsv-without-extension.deflate",
                           arguments: [.text(reservedBitNames(header))])
        }
        return nil
    }

    private func reservedBitNames(_ header: WebSocketFrameHeader) -> String {
        [(header.rsv1, "RSV1"), (header.rsv2, "RSV2"), (header.rsv3, "RSV3")].filter(\.0).map(\.1).joined(separator: ", ")
    }
}
