import CaptureCrafting
import HTTPUpgrade
import Testing
import WireBytes

/// Feeds scripted traffic to `HTTPConnectionParser` in different splits and checks that the
/// outcome does not depend on the split, in the spirit of NIO's `ByteToMessageDecoderVerifier`.
struct ParserHarness {
    /// One direction's bytes, in capture order.
    struct Segment {
        var from: Peer
        var bytes: [UInt8]
        /// Bytes of `from`'s stream missing from the capture here (then `bytes` is empty).
        var gap: UInt64 = 0

        static func gap(_ peer: Peer, _ length: UInt64) -> Segment { Segment(from: peer, bytes: [], gap: length) }

        static func client(_ text: String) -> Segment { Segment(from: .client, bytes: Array(text.utf8)) }
        static func server(_ text: String) -> Segment { Segment(from: .server, bytes: Array(text.utf8)) }
        static func client(bytes: [UInt8]) -> Segment { Segment(from: .client, bytes: bytes) }
        static func server(bytes: [UInt8]) -> Segment { Segment(from: .server, bytes: bytes) }
    }

    /// What the parser made of the traffic, independent of how it was split.
    struct Outcome: Equatable {
        /// The events, with adjacent body pieces merged and hand-off buffers moved to `protocolBytes`.
        var events: [HTTPEvent]
        /// Per direction handed over, every byte from the hand-off on: buffered or held bytes, the
        /// unconsumed rest of that buffer, and all later buffers.
        var protocolBytes: [Peer: [UInt8]]

        var findings: [Finding] {
            events.compactMap { if case .finding(let finding, _) = $0 { finding } else { nil } }
        }
        var ruleIDs: [String] { findings.map(\.rule.id) }
        var requestHeads: [HTTPRequestHead] {
            events.compactMap { if case .requestHead(let head) = $0 { head } else { nil } }
        }
        var responseHeads: [HTTPResponseHead] {
            events.compactMap { if case .responseHead(let head) = $0 { head } else { nil } }
        }
        var notHTTP: [NotHTTPHandOff] {
            events.compactMap { if case .notHTTP(let handOff) = $0 { handOff } else { nil } }
        }
        var upgrade: UpgradeHandOff? {
            events.lazy.compactMap { if case .upgrade(let handOff) = $0 { handOff } else { nil } }.first
        }
        func bodyLength(from peer: Peer) -> Int {
            events.reduce(0) { total, event in
                if case .body(peer, _, let length) = event { total + length } else { total }
            }
        }
    }

    var limits = HTTPConnectionParser.Limits()
    var endStreams = false

    /// Runs the traffic whole, one byte at a time and in seeded random splits; expects the same
    /// outcome from each and returns it.
    func run(_ segments: [Segment], sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let whole = feed(segments) { [$0] }
        let byteByByte = feed(segments) { bytes in bytes.map { [$0] } }
        #expect(byteByByte == whole, "one byte at a time differs from all at once", sourceLocation: sourceLocation)
        for seed in 1...8 as ClosedRange<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let random = feed(segments) { bytes in Self.randomSplit(bytes, using: &generator) }
            #expect(random == whole, "random split (seed \(seed)) differs from all at once", sourceLocation: sourceLocation)
        }
        return whole
    }

    /// Feeds each segment in the pieces `split` cuts it into.
    func feed(_ segments: [Segment], split: ([UInt8]) -> [[UInt8]]) -> Outcome {
        var parser = HTTPConnectionParser(limits: limits)
        var events: [HTTPEvent] = []
        var protocolBytes: [Peer: [UInt8]] = [:]
        for segment in segments {
            if segment.gap > 0 {
                guard protocolBytes[segment.from] == nil else { continue }
                var newEvents: [HTTPEvent] = []
                parser.gap(from: segment.from, length: segment.gap, into: &newEvents)
                for event in newEvents {
                    switch event {
                    case .upgrade(let handOff):
                        protocolBytes[.client] = handOff.heldClientBytes
                        protocolBytes[.server] = []
                    case .notHTTP(let handOff):
                        protocolBytes[handOff.from] = handOff.bufferedBytes
                    default:
                        break
                    }
                    events.append(event)
                }
                continue
            }
            for piece in split(segment.bytes) {
                if protocolBytes[segment.from] != nil {
                    var ignored: [HTTPEvent] = []
                    let consumed = parser.consume(piece, from: segment.from, into: &ignored)
                    #expect(consumed == 0 && ignored.isEmpty, "a handed-over direction must consume nothing")
                    protocolBytes[segment.from, default: []] += piece
                    continue
                }
                var newEvents: [HTTPEvent] = []
                let consumed = parser.consume(piece, from: segment.from, into: &newEvents)
                for event in newEvents {
                    switch event {
                    case .upgrade(let handOff):
                        protocolBytes[.client] = handOff.heldClientBytes
                        protocolBytes[.server] = []
                        events.append(event)
                    case .notHTTP(var handOff):
                        protocolBytes[handOff.from] = handOff.bufferedBytes
                        handOff.bufferedBytes = []
                        events.append(.notHTTP(handOff))
                    default:
                        events.append(event)
                    }
                }
                if protocolBytes[segment.from] != nil {
                    protocolBytes[segment.from, default: []] += piece[consumed...]
                } else {
                    #expect(consumed == piece.count, "an HTTP direction must consume its whole buffer")
                }
            }
        }
        if endStreams {
            for peer in [Peer.client, .server] { parser.endOfStream(from: peer, into: &events) }
        }
        return Outcome(events: Self.mergingBodies(events), protocolBytes: protocolBytes)
    }

    /// Adjacent body pieces of one direction, contiguous in the stream, as one event.
    static func mergingBodies(_ events: [HTTPEvent]) -> [HTTPEvent] {
        var merged: [HTTPEvent] = []
        for event in events {
            if case .body(let peer, let offset, let length) = event,
               case .body(peer, let previousOffset, let previousLength)? = merged.last,
               previousOffset + UInt64(previousLength) == offset {
                merged[merged.count - 1] = .body(from: peer, offset: previousOffset, length: previousLength + length)
            } else {
                merged.append(event)
            }
        }
        return merged
    }

    static func randomSplit(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let length = Int.random(in: 1...max(1, min(40, bytes.count - start)), using: &generator)
            pieces.append(Array(bytes[start..<start + length]))
            start += length
        }
        return pieces
    }
}

