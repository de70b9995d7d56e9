import Testing
import WebSocketWire
import WireBytes

/// One frame as the decoder reported it, payload chunks joined.
struct DecodedTestFrame: Equatable {
    var header: WebSocketFrameHeader
    var startOffset: UInt64
    var payload: [UInt8] = []
    var ended = false
}

/// Feeds the pieces into a fresh decoder and joins each frame's payload chunks, checking that
/// chunks come at consecutive offsets.
func decodeFrames(_ pieces: [[UInt8]], startOffset: UInt64 = 0) -> [DecodedTestFrame] {
    var decoder = WebSocketFrameDecoder(startOffset: startOffset)
    var frames: [DecodedTestFrame] = []
    for piece in pieces {
        for event in decoder.decode(piece) {
            switch event {
            case .header(let header, let start):
                frames.append(DecodedTestFrame(header: header, startOffset: start))
            case .payload(let bytes, let offset):
                let frame = frames[frames.count - 1]
                #expect(offset == frame.startOffset + UInt64(frame.header.headerLength) + UInt64(frame.payload.count))
                frames[frames.count - 1].payload += bytes
            case .frameEnd:
                frames[frames.count - 1].ended = true
            }
        }
    }
    return frames
}

/// Decodes whole, byte by byte and in seeded random splits; all must agree. Returns the whole result.
func decodeInAllSplits(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [DecodedTestFrame] {
    let reference = decodeFrames([bytes])
    for (name, pieces) in Splitting.all(bytes) {
        #expect(decodeFrames(pieces) == reference, "\(name)", sourceLocation: sourceLocation)
    }
    return reference
}

@Suite struct WebSocketFrameDecoderTests {
    @Test func everyFrameVectorInEverySplit() throws {
        let vectors = try WireVectors.load()
        for vector in vectors.frames {
            let frames = decodeInAllSplits(vector.bytes)
            try #require(frames.count == 1, "\(vector.source)")
            let frame = frames[0]
            #expect(frame.header.fin == vector.fin)
            #expect(frame.header.opcode.rawValue == vector.opcode)
            #expect(frame.header.isMasked == vector.masked)
            if vector.isHeaderOnly {
                #expect(!frame.ended, "\(vector.source): its payload is not in the vector")
                #expect(frame.header.payloadLength == vector.payloadLength)
            } else {
                #expect(frame.ended, "\(vector.source)")
                #expect(frame.payload == vector.payload, "\(vector.source)")
            }
        }
    }

    @Test func allVectorFramesBackToBackInOneBuffer() throws {
        let vectors = try WireVectors.load()
        let complete = vectors.frames.filter { !$0.isHeaderOnly }
        let stream = complete.flatMap(\.bytes)
        let frames = decodeInAllSplits(stream)
        #expect(frames.map(\.payload) == complete.map { $0.payload ?? [] })
        #expect(frames.allSatisfy { $0.ended })
    }

    @Test func thirtyFramesInOneBuffer() {
        var stream: [UInt8] = []
        for index in 0..<30 {
            let payload = Array(repeating: UInt8(index), count: index * 9)
            stream += index.isMultiple(of: 2) ? FrameBuilder.client(2, payload, seed: UInt32(index)) : FrameBuilder.server(2, payload)
        }
        let frames = decodeInAllSplits(stream)
        #expect(frames.count == 30)
        for (index, frame) in frames.enumerated() {
            #expect(frame.payload == Array(repeating: UInt8(index), count: index * 9))
            #expect(frame.ended)
        }
        #expect(frames.last.map { $0.startOffset + UInt64($0.header.headerLength) + UInt64($0.payload.count) } == UInt64(stream.count))
    }

    @Test func oneFrameOverFiftyFiveBuffers() {
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let stream = FrameBuilder.client(2, payload, seed: 9)
        let size = stream.count / 55 + 1
        let pieces = stride(from: 0, to: stream.count, by: size).map { Array(stream[$0..<min(stream.count, $0 + size)]) }
        #expect(pieces.count == 55)
        let frames = decodeFrames(pieces)
        #expect(frames.count == 1)
        #expect(frames[0].header.lengthEncoding == .sixtyFourBit)
        #expect(frames[0].payload == payload)
        #expect(frames[0].ended)
    }

    /// A header claiming 2^63-1 bytes: the decoder reports the length and streams what comes,
    /// holding nothing but its small state.
    @Test func hugeClaimedLengthAllocatesNothingUpFront() {
        let header: [UInt8] = [0x82, 0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        var decoder = WebSocketFrameDecoder()
        let events = decoder.decode(header + Array(repeating: 0xab, count: 1000))
        guard case .header(let decoded, _) = events.first else {
            Issue.record("no header")
            return
        }
        #expect(decoded.payloadLength == UInt64(Int64.max))
        let payloadBytes = events.reduce(0) { if case .payload(let bytes, _) = $1 { $0 + bytes.count } else { $0 } }
        #expect(payloadBytes == 1000)
        #expect(!events.contains(.frameEnd))
        #expect(decoder.state == .readingPayload(decoded, remaining: UInt64(Int64.max) - 1000, maskPhase: 0))
        #expect(MemoryLayout<WebSocketFrameDecoder>.size <= 96, "the decoder is a small fixed-size value: no payload buffer")
    }

    @Test func startOffsetShiftsEveryOffset() {
        let frames = decodeFrames([Hex.decode("810548656c6c6f8900")!], startOffset: 129)
        #expect(frames.map(\.startOffset) == [129, 136])
    }

    @Test func gapInsidePayloadKeepsTheMaskPhase() {
        let payload = Array("The quick brown fox jumps".utf8)
        let stream = FrameBuilder.frame(1, payload, key: [0x11, 0x22, 0x33, 0x44])
        var decoder = WebSocketFrameDecoder()
        var events = decoder.decode(Array(stream[0..<(6 + 5)]))
        let outcome = decoder.skipGap(length: 3)
        guard case .skippedPayload = outcome else {
            Issue.record("expected the gap to be skipped inside the payload, got \(outcome)")
            return
        }
        events += decoder.decode(Array(stream[(6 + 5 + 3)...]))
        let chunks = events.compactMap { if case .payload(let bytes, let offset) = $0 { (bytes, offset) } else { nil } }
        #expect(chunks.map(\.0) == [Array(payload[0..<5]), Array(payload[8...])])
        #expect(chunks.map(\.1) == [6, 14])
        #expect(events.last == .frameEnd)
        #expect(decoder.isAtFrameBoundary)
    }

    @Test func gapOutsidePayloadLosesSync() {
        var decoder = WebSocketFrameDecoder()
        _ = decoder.decode([0x81, 0x02, 0x68, 0x69])
        guard case .lostSync(nil, 4) = decoder.skipGap(length: 10) else {
            Issue.record("expected lost sync at offset 4")
            return
        }
        #expect(decoder.decode([0x81, 0x00]).isEmpty)
        #expect(decoder.streamOffset == 16)
        #expect(decoder.skipGap(length: 1) == .alreadyDesynchronized)
    }
}
