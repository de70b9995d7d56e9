import Analysis
import CaptureCrafting
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PacketCapture
import PacketDecoding
import Testing
import WireBytes

/// Captures an attacker could hand an instructor: each is crafted with the capture writer at test
/// time, analysed to the end, and must give the right finding in bounded memory. Bounded work
/// only, no timing assertions: speed is measured by Benchmarks/run-benchmark.sh, never here.
@Suite(.serialized) struct HostileCaptureTests {
    // MARK: Oversized claims

    @Test func frameClaimingTwoToTheSixtyThreeBytesAllocatesNothingUpFront() throws {
        for (length, rule) in [(UInt64(Int64.max), "ws.frame-incomplete-at-end"), (UInt64.max, "ws.length-top-bit-set")] {
            var flow = HostileFlow(framing: .ethernet)
            flow.openWebSocket()
            // A masked binary frame whose 64-bit length claims (2^63 - 1) or (2^64 - 1) bytes, followed by
            // 20 KB of payload and then the end of the connection.
            let header: [UInt8] = [0x82, 0xFF] + HostileFlow.be64(length) + [0x11, 0x22, 0x33, 0x44]
            flow.send(header + [UInt8](repeating: 0x5A, count: 20_000), from: .client)
            flow.close()
            let outcome = try HostileFlow.analyze(flow.packets)
            #expect(outcome.handshakes == 1)
            #expect(outcome.ruleIDs.contains(rule), "\(length): \(outcome.ruleIDs)")
            // Whatever was reported of that frame holds at most the bytes the capture had.
            // (20,000 bytes, then the client's 8-byte close frame, which the giant frame swallows).
            #expect(outcome.largestRetainedPayload <= 20_008)
            #expect(outcome.report.captureError == nil)
            Memory.expectBounded(outcome, budgetMiB: 64)
        }
    }

    @Test func hundredThousandOneByteFramesInFiveSegments() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        var frames: [UInt8] = []
        frames.reserveCapacity(300_000)
        for index in 0..<100_000 { frames += [0x82, 0x01, UInt8(truncatingIfNeeded: index)] }
        // 60,000-byte segments, as loopback GSO produces: five segments hold all 100,000 frames.
        flow.send(frames, from: .server, segmentSize: 60_000)
        flow.close()
        #expect(flow.packets.filter { $0.payload.count == 60_000 }.count == 5)
        var options = AnalysisOptions()
        options.retainsPayloads = false
        let outcome = try HostileFlow.analyze(flow.packets, options: options)
        let connection = try #require(outcome.report.connections.first)
        #expect(connection.frameCounts.server?.frames == 100_001)   // and the close frame
        #expect(connection.frameCounts.server?.messages == 100_000)
        #expect(outcome.frameCount == 100_002)              // and both close frames
        #expect(outcome.ruleIDs.isDisjoint(with: ["ws.framing-sync-lost", "ws.frame-incomplete-at-end"]))
        Memory.expectBounded(outcome)
    }

    @Test func compressedMessageOfAMegabyteThatInflatesToAGibibyteIsCutOff() throws {
        let bomb = ZipBomb.oneGibibyteOfZeros()
        #expect(bomb.count > 500_000 && bomb.count < 2_000_000, "\(bomb.count) compressed bytes")
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket(extensions: "permessage-deflate")
        var frame = WebSocketFrameBuilder(opcode: 2, payload: bomb)
        frame.rsv1 = true
        flow.send(frame.bytes, from: .server)
        flow.send(WebSocketFrameBuilder.text("still decoding after the bomb").bytes, from: .server)
        flow.close()
        let outcome = try HostileFlow.analyze(flow.packets)
        #expect(outcome.ruleIDs.contains("ws.inflated-message-too-large"), "\(outcome.ruleIDs)")
        #expect(outcome.largestMessageData <= 64 << 20)
        #expect(outcome.messageTexts.contains("still decoding after the bomb"))
        Memory.expectBounded(outcome)
    }

    /// Regression: a text message whose fragments never end. Each fragment used to copy the list of
    /// the message's frame indices (copy-on-write in WebSocketMessageAssembler.endFrame), so the work
    /// grew with the square of the fragment count (400,000 fragments: 28 s in release).
    @Test func messageWhoseFragmentsNeverEnd() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        let body = [UInt8](repeating: 0x61, count: 100)
        flow.send(WebSocketFrameBuilder(opcode: 1, payload: body, fin: false).bytes, from: .server)
        for _ in 0..<20_000 {
            flow.emit(from: .server, flags: [.ack, .psh], payload: WebSocketFrameBuilder(opcode: 0, payload: body, fin: false).bytes)
        }
        var options = AnalysisOptions()
        options.retainsPayloads = false
        let outcome = try HostileFlow.analyze(flow.packets, options: options)
        #expect(outcome.frameCount == 20_001)
        #expect(outcome.ruleIDs.contains("ws.message-incomplete-at-end"), "\(outcome.ruleIDs)")
        Memory.expectBounded(outcome)
    }

    /// Regression: a flood of pings nobody answers. Remembering each one used to copy the list of
    /// outstanding pings (copy-on-write in ConnectionState.recordPing): 14 µs per ping in release.
    @Test func floodOfUnansweredPings() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        var pings: [UInt8] = []
        for index in 0..<30_000 {
            pings += [0x89, 4] + HostileFlow.be64(UInt64(index)).suffix(4)
        }
        flow.send(pings, from: .server)
        var options = AnalysisOptions()
        options.retainsPayloads = false
        let outcome = try HostileFlow.analyze(flow.packets, options: options)
        let connection = try #require(outcome.report.connections.first)
        #expect(connection.frameCounts.server?.controlFrames == 30_000)
        // Only the latest 1,024 outstanding pings are remembered, all unanswered.
        #expect(connection.pingPongs.count == 1_024)
        #expect(connection.pingPongs.allSatisfy { $0.pair.pongFrameIndex == nil })
        Memory.expectBounded(outcome)
    }

    // MARK: Many connections, odd sequence numbers

    @Test func twentyThousandConnectionsOpenedWithASynAndNeverClosed() throws {
        var packets: [CraftedPacket] = []
        for index in 0..<20_000 {
            var flow = HostileFlow(framing: .ethernet,
                                   client: .ipv4("10.9.\(index / 250).\(index % 250 + 1)", UInt16(10_000 + index % 50_000)),
                                   clientISN: UInt32(truncatingIfNeeded: index &* 2_654_435_761))
            flow.emit(from: .client, flags: .syn, payload: [], consumes: 1)
            packets += flow.packets
        }
        // A real WebSocket connection after all of them still decodes.
        var real = HostileFlow(framing: .ethernet)
        real.openWebSocket()
        real.send(WebSocketFrameBuilder.text("after the flood", maskingKey: [1, 2, 3, 4]).bytes, from: .client)
        real.close()
        packets += real.packets.map { var packet = $0; packet.timestamp.seconds += 100; return packet }
        var options = AnalysisOptions()
        options.retainsPayloads = false
        let outcome = try HostileFlow.analyze(packets, options: options)
        #expect(outcome.connections == 20_001)
        #expect(outcome.report.connections.count == 20_001)
        #expect(outcome.report.connections.filter(\.isWebSocket).count == 1)
        #expect(outcome.report.connections.last?.frameCounts.client?.messages == 1)
        Memory.expectBounded(outcome)
    }

    /// Regression: every open connection with permessage-deflate used to hold two 64 KiB inflater
    /// output buffers besides zlib's state and window, about 150 KiB per connection, so an 18 MB
    /// capture of 20,000 such connections that never close took 3.3 GB (now about 34 KiB each:
    /// zlib's state and 32 KiB window per direction, touched only as far as used). Budget: 64 KiB.
    @Test func openDeflateConnectionsCostAFewTensOfKiBEach() throws {
        let count = 2_000
        let deflater = MessageDeflater(contextTakeover: false)
        let compressed = deflater.compress(Array(String(repeating: "{\"hello\":\"world\"}", count: 20).utf8))
        var packets: [CraftedPacket] = []
        for index in 0..<count {
            var flow = HostileFlow(framing: .ethernet, client: .ipv4("10.8.\(index / 250).\(index % 250 + 1)", 30_000))
            flow.openWebSocket(extensions: "permessage-deflate")
            var fromServer = WebSocketFrameBuilder(opcode: 1, payload: compressed)
            fromServer.rsv1 = true
            flow.send(fromServer.bytes, from: .server)
            var fromClient = WebSocketFrameBuilder(opcode: 1, payload: compressed, maskingKey: [1, 2, 3, UInt8(index & 0xff)])
            fromClient.rsv1 = true
            flow.send(fromClient.bytes, from: .client)
            packets += flow.packets   // never closed
        }
        var options = AnalysisOptions()
        options.retainsPayloads = false
        let outcome = try HostileFlow.analyze(packets, options: options)
        #expect(outcome.report.connections.filter(\.isWebSocket).count == count)
        #expect(!outcome.ruleIDs.contains("ws.inflate-error"))
        Memory.expectBounded(outcome, budgetMiB: count * 64 / 1_024)
    }

    /// Regression: a SYN-only connection used to cost 7-10 KiB of peak memory (a dictionary of
    /// whole ConnectionReport values, resized while full, then copied), so 200,000 SYNs, a 14 MB
    /// capture, took 2 GB. Every connection is still kept for the final report (about 0.9 KiB of
    /// heap, 2-4 KiB of peak resident memory while the arrays double). Budget: 6 KiB.
    @Test func synOnlyConnectionsCostAFewKiBEach() throws {
        let count = 50_000
        var packets: [CraftedPacket] = []
        packets.reserveCapacity(count)
        for index in 0..<count {
            var flow = HostileFlow(framing: .ethernet,
                                   client: .ipv4("10.7.\(index / 250).\(index % 250 + 1)", UInt16(10_000 + index % 50_000)))
            flow.emit(from: .client, flags: .syn, payload: [], consumes: 1)
            packets += flow.packets
        }
        var options = AnalysisOptions()
        options.decodesApplicationLayer = false   // as `wslens streams` runs
        let outcome = try HostileFlow.analyze(packets, options: options)
        #expect(outcome.report.connections.count == count)
        Memory.expectBounded(outcome, budgetMiB: count * 6 / 1_024)
    }

    @Test func sequenceNumbersJumpingByTwoToTheThirtyOne() throws {
        var flow = HostileFlow(framing: .ethernet, serverISN: 0xFFFF_FF00)   // wraps across 2^32 as well
        flow.openWebSocket()
        flow.send(WebSocketFrameBuilder.text("before the jump").bytes, from: .server)
        // A forged segment half the sequence space ahead, then the real stream goes on as before.
        flow.emit(from: .server, flags: [.ack, .psh], payload: [UInt8](repeating: 0x41, count: 1_000),
                  sequenceOffset: 1 << 31)
        flow.send(WebSocketFrameBuilder.text("after the forged segment").bytes, from: .server)
        // And then the sender really jumps: everything after it lies 2^31 bytes further on.
        flow.skipSequence(from: .server, by: 1 << 31)
        flow.send(WebSocketFrameBuilder.text("after the real jump").bytes, from: .server)
        flow.close()
        let outcome = try HostileFlow.analyze(flow.packets)
        #expect(outcome.messageTexts.prefix(2) == ["before the jump", "after the forged segment"], "\(outcome.messageTexts)")
        #expect(outcome.report.captureError == nil)
        let connection = try #require(outcome.report.connections.first)
        // The jump is bytes the capture lacks (or a segment given up), never a crash or a 2 GiB buffer.
        #expect(connection.tcp.gapCount >= 1 || !outcome.gaps.isEmpty || !outcome.ruleIDs.isEmpty)
        Memory.expectBounded(outcome)
    }

    @Test func overlappingRetransmissionsWithConflictingBytes() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        let frame = WebSocketFrameBuilder.text(String(repeating: "original ", count: 20)).bytes   // 182 bytes
        let start = flow.nextSequence(of: .server)
        var forged = Array(frame[50..<150])
        for index in forged.indices { forged[index] = 0x58 }   // "X"
        // Out of order: bytes 100..<182 first, then a forged copy of 50..<150, then 0..<100.
        flow.emit(from: .server, flags: [.ack, .psh], payload: Array(frame[100...]), sequence: start &+ 100)
        flow.emit(from: .server, flags: [.ack, .psh], payload: forged, sequence: start &+ 50)
        flow.emit(from: .server, flags: [.ack, .psh], payload: Array(frame[0..<100]), sequence: start)
        flow.skipSequence(from: .server, by: UInt32(frame.count))
        flow.close()
        let outcome = try HostileFlow.analyze(flow.packets)
        #expect(outcome.ruleIDs.contains("tcp.retransmission-conflict"), "\(outcome.ruleIDs)")
        // First copy wins: stream bytes 50..<100 are the forged X's (they came first), 100..<150 the original.
        var expected = Array(String(repeating: "original ", count: 20).utf8)
        let headerLength = frame.count - expected.count   // 4: the length needs 16 bits
        for index in (50 - headerLength)..<(100 - headerLength) { expected[index] = 0x58 }
        #expect(outcome.frameCount == 3)   // the text frame and the two close frames
        #expect(outcome.messageTexts == [String(decoding: expected, as: UTF8.self)])
        Memory.expectBounded(outcome)
    }

    /// The common case of a conflicting retransmission: the first copy was already delivered in
    /// order when the different copy arrives. The reassembler keeps no delivered bytes (in-order data
    /// passes through uncopied), so it cannot compare and reports nothing (see the report of issue 7).
    @Test func conflictingRetransmissionOfBytesAlreadyDelivered() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        let frame = WebSocketFrameBuilder.text(String(repeating: "original ", count: 20)).bytes
        let start = flow.nextSequence(of: .server)
        flow.emit(from: .server, flags: [.ack, .psh], payload: Array(frame[0..<100]), sequence: start)
        flow.emit(from: .server, flags: [.ack, .psh], payload: [UInt8](repeating: 0x58, count: 100), sequence: start &+ 50)
        flow.emit(from: .server, flags: [.ack, .psh], payload: Array(frame[100...]), sequence: start &+ 100)
        flow.skipSequence(from: .server, by: UInt32(frame.count))
        flow.close()
        let outcome = try HostileFlow.analyze(flow.packets)
        #expect(outcome.messageTexts.count == 1)
        withKnownIssue("conflicts with already-delivered bytes are not detected (no delivered-byte window)") {
            #expect(outcome.ruleIDs.contains("tcp.retransmission-conflict"), "\(outcome.ruleIDs)")
        }
    }

    // MARK: Hostile contents

    @Test func payloadsFullOfTerminalEscapeSequencesDecodeAndAreKept() throws {
        let hostile = "\u{1B}[2J\u{1B}[H\u{1B}]0;owned\u{07}\u{1B}[31mred\u{1B}[0m\u{9B}6n\r\u{08}\u{7F}\u{1B}P+q\u{1B}\\"
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        flow.send(WebSocketFrameBuilder.text(hostile, maskingKey: [9, 8, 7, 6]).bytes, from: .client)
        flow.send(WebSocketFrameBuilder(opcode: 2, payload: Array(hostile.utf8)).bytes, from: .server)
        flow.close(serverReason: "\u{1B}[2Jbye\u{07}")
        let outcome = try HostileFlow.analyze(flow.packets)
        #expect(outcome.messageTexts == [hostile])
        #expect(outcome.messageData.contains(Array(hostile.utf8)))
        #expect(outcome.frameCount == 4)   // text, binary, the two close frames
        #expect(outcome.report.connections.first?.close?.reply?.reasonText == "\u{1B}[2Jbye\u{07}")
        // The text any renderer gets from the shared escaping holds no control character at all.
        let escaped = TerminalSafe.escape(hostile)
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(escaped)")
        Memory.expectBounded(outcome)
    }

    // MARK: Broken files

    @Test func fileTruncatedMidPacketReportsTheErrorAfterAnalysingWhatCameBefore() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        flow.send(WebSocketFrameBuilder.text("complete").bytes, from: .server)
        // The last packet: a 1,004-byte frame in one segment, which the cut below goes through.
        flow.emit(from: .server, flags: [.ack, .psh], payload: WebSocketFrameBuilder(opcode: 2, payload: [UInt8](repeating: 7, count: 1_000)).bytes)
        let path = HostileFlow.temporaryPath("truncated.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TCPConversation.write(flow.packets, linkType: .ethernet, to: path)
        // Cut the file in the middle of the last packet's bytes.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(size - 500))
        try handle.close()
        var texts: [String] = []
        let report = try CaptureAnalyzer().analyze(path: path) { event in
            if case .message(let record) = event, let text = record.message.text { texts.append(text) }
        }
        let error = try #require(report.captureError)
        #expect(error.description.contains(path))
        #expect(error.description.contains("cut off") || error.description.contains("truncated"), "\(error)")
        #expect(texts == ["complete"])
        #expect(report.packetsRead == UInt64(flow.packets.count - 1))
    }

    @Test func snaplenSixtyFourReportsGapsWithoutCrashing() throws {
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        for index in 0..<5 {
            flow.send(WebSocketFrameBuilder.text("message \(index) " + String(repeating: "x", count: 200),
                                                maskingKey: [1, 2, 3, UInt8(index)]).bytes, from: .client)
        }
        flow.close()
        let packets = flow.packets.map { packet -> CraftedPacket in
            var cut = packet
            cut.capturedLength = min(64, packet.bytes.count)
            return cut
        }
        let outcome = try HostileFlow.analyze(packets, snapshotLength: 64)
        #expect(!outcome.gaps.isEmpty)
        #expect(outcome.ruleIDs.contains("tcp.snaplen-truncated"), "\(outcome.ruleIDs)")
        #expect(outcome.report.captureError == nil)
        let connection = try #require(outcome.report.connections.first)
        #expect(connection.tcp.gapBytes > 0)
        Memory.expectBounded(outcome)
    }

    @Test func pcapngWithInterfacesOfDifferentLinkTypesIsAClearError() throws {
        // libpcap can read pcapng but cannot write it (pcap_dump writes pcap only), so this file is
        // assembled block by block below: one Ethernet interface, one raw-IP interface.
        var flow = HostileFlow(framing: .ethernet)
        flow.openWebSocket()
        flow.close()
        var raw = HostileFlow(framing: .raw, client: .ipv4("10.0.0.9", 41_000))
        raw.openWebSocket()
        let path = HostileFlow.temporaryPath("mixed-links.pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The Ethernet interface and its packets first, then the raw-IP interface and its packets.
        var file = PcapNG.sectionHeader() + PcapNG.interface(linkType: 1)
        for packet in flow.packets.prefix(3) { file += PcapNG.enhancedPacket(interface: 0, packet.bytes) }
        file += PcapNG.interface(linkType: 101)
        for packet in raw.packets.prefix(3) { file += PcapNG.enhancedPacket(interface: 1, packet.bytes) }
        try Data(file).write(to: URL(fileURLWithPath: path))

        // libpcap stops at the second interface block: the three packets before it are analysed, then
        // the report carries the error (it names the file, the link type and what to do about it).
        let report = try CaptureAnalyzer().analyze(path: path)
        let error = try #require(report.captureError, "a pcapng mixing link types must not be read silently")
        #expect(report.packetsRead == 3)
        #expect(report.connections.count == 1)
        #expect(error.description.contains(path))
        #expect(error.description.contains("type 101"), "\(error)")
        #expect(error.description.contains("editcap"), "\(error)")
    }
}

// MARK: - Crafting helpers

/// A TCP connection crafted packet by packet with full control of sequence numbers (for forged
/// segments and jumps that `TCPConversation` does not model), written with the capture writer.
private struct HostileFlow {
    let client: SocketAddress
    let server: SocketAddress
    let framing: LinkFraming
    private(set) var packets: [CraftedPacket] = []
    private var sequence: [Peer: UInt32]
    private var clock = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 0)

    init(framing: LinkFraming, client: SocketAddress = .ipv4("10.0.0.1", 40_000),
         server: SocketAddress = .ipv4("10.0.0.2", 8080), clientISN: UInt32 = 1_000, serverISN: UInt32 = 90_000) {
        self.framing = framing
        self.client = client
        self.server = server
        sequence = [.client: clientISN, .server: serverISN]
    }

    func nextSequence(of peer: Peer) -> UInt32 { sequence[peer]! }
    mutating func skipSequence(from peer: Peer, by count: UInt32) { sequence[peer]! &+= count }

    mutating func emit(from peer: Peer, flags: TCPFlags, payload: [UInt8], consumes extra: UInt32 = 0,
                       sequence explicit: UInt32? = nil, sequenceOffset: UInt32 = 0) {
        let (source, destination) = peer == .client ? (client, server) : (server, client)
        let number = (explicit ?? sequence[peer]!) &+ sequenceOffset
        let ip = PacketBuilder.ipTCP(source: source, destination: destination, sequenceNumber: number,
                                     acknowledgmentNumber: flags.contains(.ack) ? sequence[peer.opposite]! : 0,
                                     flags: flags, payload: payload)
        packets.append(CraftedPacket(bytes: framing.frame(ip), timestamp: clock, from: peer, streamOffset: 0, payload: payload))
        if sequenceOffset == 0 && explicit == nil {   // forged and explicit segments leave the sender's sequence alone
            sequence[peer]! &+= UInt32(truncatingIfNeeded: payload.count) &+ extra
        }
        clock.nanoseconds += 1_000
        if clock.nanoseconds >= 1_000_000_000 { clock.seconds += 1; clock.nanoseconds -= 1_000_000_000 }
    }

    mutating func send(_ bytes: [UInt8], from peer: Peer, segmentSize: Int = 1_448) {
        var start = 0
        while start < bytes.count {
            let end = min(start + segmentSize, bytes.count)
            emit(from: peer, flags: [.ack, .psh], payload: Array(bytes[start..<end]))
            start = end
        }
        emit(from: peer.opposite, flags: .ack, payload: [])
    }

    mutating func openWebSocket(extensions: String? = nil) {
        emit(from: .client, flags: .syn, payload: [], consumes: 1)
        emit(from: .server, flags: [.syn, .ack], payload: [], consumes: 1)
        emit(from: .client, flags: .ack, payload: [])
        let offer = extensions.map { "Sec-WebSocket-Extensions: \($0)\r\n" } ?? ""
        send(Array(("GET /chat HTTP/1.1\r\nHost: hostile.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(offer)\r\n").utf8), from: .client)
        send(Array(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\(offer)\r\n").utf8), from: .server)
    }

    mutating func close(serverReason: String = "") {
        send(WebSocketFrameBuilder.close(code: 1000, maskingKey: [0xA, 0xB, 0xC, 0xD]).bytes, from: .client)
        send(WebSocketFrameBuilder.close(code: 1000, reason: serverReason).bytes, from: .server)
        emit(from: .server, flags: [.fin, .ack], payload: [], consumes: 1)
        emit(from: .client, flags: [.fin, .ack], payload: [], consumes: 1)
        emit(from: .server, flags: .ack, payload: [])
    }

    static func be64(_ value: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wslens-hostile-\(UUID().uuidString)-\(name)").path
    }

    /// What an analysis reported, kept small (counts and maxima, not every payload).
    struct Outcome {
        var report: AnalysisReport
        var frameCount = 0
        var connections = 0
        var handshakes = 0
        var gaps: [UInt64] = []
        var ruleIDs: Set<String> = []
        var messageTexts: [String] = []
        var messageData: [[UInt8]] = []
        var largestRetainedPayload = 0
        var largestMessageData = 0
        /// How far the resident set rose above its level when the analysis started (nil: not Linux).
        var memoryGrowthMiB: Int?
    }

    /// Writes the packets to a temporary pcap with the capture writer and analyses the file.
    static func analyze(_ packets: [CraftedPacket], options: AnalysisOptions = AnalysisOptions(),
                        snapshotLength: Int = 262_144) throws -> Outcome {
        let path = temporaryPath("capture.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try CaptureWriter(path: path, linkType: .ethernet, snapshotLength: snapshotLength)
        for packet in packets {
            writer.write(Array(packet.bytes.prefix(packet.capturedLength)), timestamp: packet.timestamp,
                         originalLength: packet.bytes.count)
        }
        writer.close()
        var frameCount = 0, connections = 0, handshakes = 0, largestPayload = 0, largestData = 0
        var gaps: [UInt64] = [], rules: Set<String> = [], texts: [String] = [], data: [[UInt8]] = []
        let baseline = Memory.startMeasuring()
        let report = try CaptureAnalyzer(options: options).analyze(path: path) { event in
            switch event {
            case .frame(let record):
                frameCount += 1
                largestPayload = max(largestPayload, record.frame.payload.count)
            case .message(let record):
                largestData = max(largestData, record.message.data.count)
                if let text = record.message.text, texts.count < 1_000 { texts.append(text) }
                if data.count < 100, record.message.data.count < 1 << 16 { data.append(record.message.data) }
            case .finding(let record):
                rules.insert(record.rule.id)
            case .handshake:
                handshakes += 1
            case .gap(_, let gap):
                gaps.append(gap.length)
            case .connectionOpened:
                connections += 1
            case .connectionClosed, .tcpPacket:
                break
            }
        }
        let growth = Memory.growth(since: baseline)
        for connection in report.connections { rules.formUnion(connection.findingCounts.keys) }
        return Outcome(report: report, frameCount: frameCount, connections: connections, handshakes: handshakes,
                       gaps: gaps, ruleIDs: rules, messageTexts: texts, messageData: data,
                       largestRetainedPayload: largestPayload, largestMessageData: largestData, memoryGrowthMiB: growth)
    }
}

/// A permessage-deflate message of about 1 MB whose inflated size is 1 GiB: 1,024 sync-flushed
/// deflate blocks of 1 MiB of zeros each, from one compressor (its window carries across blocks).
private enum ZipBomb {
    static func oneGibibyteOfZeros() -> [UInt8] {
        let deflater = MessageDeflater()
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var message: [UInt8] = []
        for index in 0..<1_024 {
            // compress() drops the 00 00 ff ff of each sync flush; inside the message it must stay.
            if index > 0 { message += [0x00, 0x00, 0xFF, 0xFF] }
            message += deflater.compress(zeros)
        }
        return message
    }
}

/// pcapng blocks (little-endian), for the one capture libpcap cannot write.
private enum PcapNG {
    static func block(type: UInt32, body: [UInt8]) -> [UInt8] {
        let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
        let length = UInt32(12 + padded.count)
        return le32(type) + le32(length) + padded + le32(length)
    }

    static func sectionHeader() -> [UInt8] {
        block(type: 0x0A0D_0D0A, body: le32(0x1A2B_3C4D) + le16(1) + le16(0) + [UInt8](repeating: 0xFF, count: 8))
    }

    static func interface(linkType: UInt16) -> [UInt8] {
        block(type: 1, body: le16(linkType) + le16(0) + le32(262_144))
    }

    static func enhancedPacket(interface: UInt32, _ bytes: [UInt8]) -> [UInt8] {
        let microseconds: UInt64 = 1_700_000_000_000_000
        return block(type: 6, body: le32(interface) + le32(UInt32(microseconds >> 32)) + le32(UInt32(microseconds & 0xFFFF_FFFF))
                     + le32(UInt32(bytes.count)) + le32(UInt32(bytes.count)) + bytes)
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
}

/// How much resident memory one analysis takes, from Linux's /proc: the resident set at the start,
/// then the peak since then (writing 5 to /proc/self/clear_refs resets the peak, VmHWM, to the
/// current resident set). The suite is serialized, so its own tests do not overlap; the other
/// suites are small. A capture that makes wslens allocate what it claims (a 1 GiB inflate, a
/// 2^63-byte buffer) shows up as hundreds of MiB; the budgets leave room for ordinary noise.
private enum Memory {
    static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 / 1024 }
        }
        return nil
    }

    /// The resident set now (MiB), after resetting the peak; nil when /proc cannot do that.
    static func startMeasuring() -> Int? {
        // Hand freed heap back to the system first (glibc's malloc_trim, not in the Glibc module),
        // or freed memory the analysis reuses would hide its growth.
        #if canImport(Glibc)
        if let trim = dlsym(nil, "malloc_trim") {
            _ = unsafeBitCast(trim, to: (@convention(c) (Int) -> Int32).self)(0)
        }
        #endif
        guard FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs"),
              (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil else { return nil }
        return field("VmRSS:")
    }

    static func growth(since baseline: Int?) -> Int? {
        guard let baseline, let peak = field("VmHWM:") else { return nil }
        return max(0, peak - baseline)
    }

    static func expectBounded(_ outcome: HostileFlow.Outcome, budgetMiB: Int = 256,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        guard let growth = outcome.memoryGrowthMiB else { return }   // not Linux: nothing to read
        #expect(growth < budgetMiB, "the analysis took \(growth) MiB more resident memory (budget \(budgetMiB) MiB)",
                sourceLocation: sourceLocation)
    }
}
