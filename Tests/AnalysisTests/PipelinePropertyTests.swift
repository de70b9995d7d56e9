import Analysis
import Foundation
import CaptureCrafting
import PacketCapture
import PacketDecoding
import Testing
import WireBytes

/// The whole pipeline, from pcap file to frames and messages, is independent of how TCP cut,
/// reordered and repeated the bytes.
@Suite struct PipelinePropertyTests {
    /// A conversation exercising most of the decoder: permessage-deflate (server context takeover,
    /// client no context takeover), uncompressed messages inside it, a fragmented message with a ping
    /// between fragments, 16- and 64-bit lengths, and the close handshake.
    static func conversationStreams() -> (client: [[UInt8]], server: [[UInt8]]) {
        let request = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
        let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n\r\n"
        let clientDeflater = MessageDeflater(contextTakeover: false)
        let serverDeflater = MessageDeflater(contextTakeover: true)
        func key(_ seed: UInt8) -> [UInt8] { [seed, seed &+ 17, seed &+ 101, seed &+ 201] }
        func compressed(_ text: String, _ deflater: MessageDeflater, key: [UInt8]?) -> [UInt8] {
            var frame = WebSocketFrameBuilder(opcode: 1, payload: deflater.compress(Array(text.utf8)), maskingKey: key)
            frame.rsv1 = true
            return frame.bytes
        }
        let long = String(repeating: "WebSocket frames are small; ", count: 40)
        var client: [[UInt8]] = [Array(request.utf8)]
        var server: [[UInt8]] = [Array(response.utf8)]
        client.append(compressed("hello, server", clientDeflater, key: key(1)))
        server.append(compressed(long, serverDeflater, key: nil))
        server.append(compressed(long, serverDeflater, key: nil))   // context takeover: a few bytes
        client.append(WebSocketFrameBuilder(opcode: 2, payload: (0..<5_000).map { UInt8(truncatingIfNeeded: $0 * 13) }, maskingKey: key(2)).bytes)
        client.append(WebSocketFrameBuilder(opcode: 1, payload: Array("frag-".utf8), maskingKey: key(3), fin: false).bytes
                      + WebSocketFrameBuilder(opcode: 9, payload: Array("are you there?".utf8), maskingKey: key(4)).bytes
                      + WebSocketFrameBuilder(opcode: 0, payload: Array("ment-".utf8), maskingKey: key(5), fin: false).bytes
                      + WebSocketFrameBuilder(opcode: 0, payload: Array("ed ✓".utf8), maskingKey: key(6)).bytes)
        server.append(WebSocketFrameBuilder(opcode: 10, payload: Array("are you there?".utf8)).bytes)
        server.append(WebSocketFrameBuilder(opcode: 2, payload: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).bytes)
        client.append(WebSocketFrameBuilder.close(code: 1000, reason: "bye", maskingKey: key(7)).bytes)
        server.append(WebSocketFrameBuilder.close(code: 1000, reason: "bye").bytes)
        return (client, server)
    }

    /// Builds the conversation's packets: each side's writes alternate, each write cut by `cut`.
    static func packets(cut: (Int) -> [Int]) -> [CraftedPacket] {
        let (client, server) = conversationStreams()
        var tcp = TCPConversation(client: .ipv4("10.1.1.1", 40_000), server: .ipv4("10.1.1.2", 8080), clientISN: 0xffff_f000)
        tcp.handshake()
        for index in 0..<max(client.count, server.count) {
            if index < client.count { tcp.send(client[index], from: .client, pieces: cut(client[index].count)) }
            if index < server.count { tcp.send(server[index], from: .server, pieces: cut(server[index].count)) }
        }
        tcp.close()
        return tcp.packets
    }

    /// Shuffles and duplicates data packets, but only within one burst of one sender (before the ACK
    /// that acknowledges the burst), as a network or a capture on another host would.
    static func disorder(_ packets: [CraftedPacket], using generator: inout SeededGenerator) -> [CraftedPacket] {
        var result: [CraftedPacket] = []
        var burst: [CraftedPacket] = []
        func flush() {
            var shuffled = burst.shuffled(using: &generator)
            for packet in burst where Int.random(in: 0..<5, using: &generator) == 0 {
                shuffled.insert(packet, at: Int.random(in: 0...shuffled.count, using: &generator))
            }
            result += shuffled
            burst.removeAll()
        }
        for packet in packets {
            if !packet.payload.isEmpty, burst.first.map({ $0.from == packet.from }) ?? true {
                burst.append(packet)
            } else {
                flush()
                if packet.payload.isEmpty { result.append(packet) } else { burst.append(packet) }
            }
        }
        flush()
        return result
    }

    static func randomCut(using generator: inout SeededGenerator) -> (Int) -> [Int] {
        var sizes: [Int] = []
        for _ in 0..<400 { sizes.append(Int.random(in: 1...700, using: &generator)) }
        let captured = sizes
        return { _ in captured }
    }

    @Test func baselineDecodesEverything() throws {
        let outcome = try Harness.analyze(Self.packets { _ in [1_448] })
        #expect(outcome.handshakes == 1)
        #expect(outcome.frames.count == 12)
        #expect(outcome.messages.count == 6)
        #expect(outcome.messages.contains { $0.hasSuffix("frag-ment-ed ✓") })
        #expect(outcome.messages.filter { $0.contains(" true ") }.count == 3, "three compressed messages")
        #expect(outcome.gaps.isEmpty)
        #expect(outcome.findings.isEmpty, "clean conversation: \(outcome.findings)")
    }

    @Test(arguments: 0..<12)
    func resegmentedReorderedAndDuplicatedGiveTheSameFrames(seed: Int) throws {
        let baseline = try Harness.analyze(Self.packets { _ in [1_448] })
        var generator = SeededGenerator(seed: UInt64(seed) &* 7_919 &+ 3)
        let cut = Self.randomCut(using: &generator)
        let disordered = Self.disorder(Self.packets(cut: cut), using: &generator)
        let outcome = try Harness.analyze(disordered)
        #expect(outcome.frames == baseline.frames)
        #expect(outcome.messages == baseline.messages)
        #expect(outcome.findings == baseline.findings)
        #expect(outcome.gaps.isEmpty)
    }

    @Test func oneByteSegmentsGiveTheSameFrames() throws {
        let baseline = try Harness.analyze(Self.packets { _ in [1_448] })
        let outcome = try Harness.analyze(Self.packets { count in Array(repeating: 1, count: count) })
        #expect(outcome.frames == baseline.frames)
        #expect(outcome.messages == baseline.messages)
    }

    @Test func framesListTheirPacketsWithByteRanges() throws {
        var frames: [FrameRecord] = []
        let path = Harness.temporaryPath("provenance.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let packets = Self.packets { _ in [100] }
        try TCPConversation.write(packets, linkType: .ethernet, to: path)
        _ = try CaptureAnalyzer().analyze(path: path) { event in
            if case .frame(let record) = event { frames.append(record) }
        }
        // The 70,000-byte server frame spans 701 segments of 100 bytes; its pieces tile the frame and
        // every piece's bytes are exactly those the packet carried.
        let big = try #require(frames.first { $0.frame.payloadLength == 70_000 })
        #expect(big.packets.count == 701)
        var expectedOffset = big.frame.startOffset
        for piece in big.pieces {
            #expect(piece.streamRange.lowerBound == expectedOffset)
            expectedOffset = piece.streamRange.upperBound
            let packet = packets[Int(piece.packet) - 1]
            #expect(packet.from == .server)
            #expect(UInt64(piece.payloadRange.lowerBound) + packet.streamOffset == piece.streamRange.lowerBound)
        }
        #expect(expectedOffset == big.frame.endOffset)
    }
}
