import Analysis
import CaptureCrafting
import Foundation
import PacketCapture
import PacketDecoding
import Testing
import WireBytes

/// Connections found without a handshake (the capture started late): their frames and messages
/// come in capture order across both directions, each with the time of the packet that completed
/// it, gaps while probing are decoded as gaps at their places, and no byte the probe could not
/// keep is lost silently (issue 12, item 2).
@Suite struct CaptureOrderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every packet's timestamp, read with libpcap and nothing else.
    static func packetTimes(_ path: String) throws -> [UInt64: CaptureTimestamp] {
        let reader = try CaptureReader(path: path)
        var times: [UInt64: CaptureTimestamp] = [:]
        while let packet = try reader.next() { times[packet.number] = packet.timestamp }
        return times
    }

    struct Recorded {
        var frames: [FrameRecord] = []
        var messages: [MessageRecord] = []
        var findings: [FindingRecord] = []
        var report: AnalysisReport?
    }

    static func analyze(path: String, options: AnalysisOptions = AnalysisOptions()) throws -> Recorded {
        var recorded = Recorded()
        recorded.report = try CaptureAnalyzer(options: options).analyze(path: path) { event in
            switch event {
            case .frame(let record): recorded.frames.append(record)
            case .message(let record): recorded.messages.append(record)
            case .finding(let record): recorded.findings.append(record)
            default: break
            }
        }
        return recorded
    }

    static func analyze(_ packets: [CraftedPacket]) throws -> Recorded {
        let path = Harness.temporaryPath("late.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TCPConversation.write(packets, linkType: .ethernet, to: path)
        return try analyze(path: path)
    }

    // MARK: The real late-start capture

    @Test func lateStartFramesFollowCaptureOrderWithTheirOwnPacketTimes() throws {
        let path = Self.root.appendingPathComponent("Captures/brought/late-start.pcap").path
        let times = try Self.packetTimes(path)
        let recorded = try Self.analyze(path: path)
        #expect(recorded.frames.count == 22)
        #expect(recorded.frames.map(\.frame.index) == Array(0..<22))
        // Indices run in capture order: each frame's last packet comes after the previous frame's.
        let lastPackets = recorded.frames.map { $0.lastPacket ?? 0 }
        #expect(lastPackets == lastPackets.sorted(), "frames out of capture order: \(lastPackets)")
        #expect(Set(recorded.frames.prefix(4).map(\.frame.from)) == [.client, .server], "both directions interleave")
        for record in recorded.frames {
            let packet = try #require(record.lastPacket)
            #expect(record.time == times[packet], "frame \(record.frame.index): time of packet \(packet)")
        }
        for record in recorded.messages {
            let packet = try #require(record.lastPacket)
            #expect(record.time == times[packet], "message \(record.message.index): time of packet \(packet)")
        }
        let messageFrames = recorded.messages.map { $0.message.frameIndices.last ?? -1 }
        #expect(messageFrames == messageFrames.sorted(), "messages in capture order")
    }

    /// What the peers logged they sent, in time order: each frame is in the capture shortly after
    /// the moment its sender logged it (the log's clock is the one of the packet timestamps).
    @Test func lateStartFrameTimesAgreeWithThePeersLog() throws {
        let path = Self.root.appendingPathComponent("Captures/brought/late-start.pcap").path
        let logData = try Data(contentsOf: Self.root.appendingPathComponent("Captures/record/logs/late-start.json"))
        let log = try #require(try JSONSerialization.jsonObject(with: logData) as? [String: Any])
        let sent = try #require(log["sent"] as? [[String: Any]]).filter {
            $0["in_capture"] as? Bool == true && $0["layer"] as? String == "websocket"
        }
        let recorded = try Self.analyze(path: path)
        for peer in [Peer.client, .server] {
            let logged = sent.filter { $0["peer"] as? String == peer.rawValue }
            // The peers' own sends; pongs and the echoed close are their libraries'.
            let frames = recorded.frames.filter { $0.frame.from == peer && $0.frame.opcode != .pong }
                .filter { !($0.frame.opcode == .connectionClose && !logged.contains { $0["kind"] as? String == "close" }) }
            #expect(frames.count == logged.count, "\(peer): \(frames.count) frames, \(logged.count) logged")
            for (frame, entry) in zip(frames, logged) {
                #expect(Int(frame.frame.opcode.rawValue) == entry["opcode"] as? Int)
                let delay = frame.time.epochSeconds - (entry["time"] as? Double ?? 0)
                #expect(delay >= 0 && delay < 0.05, "\(peer) frame \(frame.frame.index) \(delay) s after the logged send")
            }
        }
    }

    @Test func lateStartPingRoundTripsAreThePacketTimeDifferences() throws {
        let path = Self.root.appendingPathComponent("Captures/brought/late-start.pcap").path
        let times = try Self.packetTimes(path)
        let recorded = try Self.analyze(path: path)
        let connection = try #require(recorded.report?.connections.first)
        let pairs = connection.pingPongs
        #expect(pairs.count == 4)
        for timing in pairs {
            let ping = try #require(recorded.frames.first { $0.frame.index == timing.pair.pingFrameIndex })
            let pong = try #require(recorded.frames.first { $0.frame.index == timing.pair.pongFrameIndex })
            #expect(ping.frame.opcode == .ping && pong.frame.opcode == .pong)
            #expect(pong.frame.from == ping.frame.from.opposite)
            #expect(timing.pair.payloadMatches)
            let expected = times[pong.lastPacket!]! - times[ping.lastPacket!]!
            let roundTrip = try #require(timing.roundTrip)
            #expect(abs(roundTrip - expected) < 1e-9)
            #expect(roundTrip > 0 && roundTrip < 0.01, "loopback round trip \(roundTrip) s")
        }
    }

    // MARK: Crafted late starts

    /// A conversation whose handshake is cut off; `body` sends the frames.
    static func lateStart(_ body: (inout WebSocketConversation) -> Void) -> [CraftedPacket] {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 51_000), server: .ipv4("10.0.0.1", 8765))
        ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let handshakePackets = ws.tcp.packets.count
        body(&ws)
        ws.tcp.close()
        return Array(ws.tcp.packets[handshakePackets...])
    }

    static func key(_ seed: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: seed), 0x5a, UInt8(truncatingIfNeeded: seed >> 8), 0xa5] }

    @Test func framesBeyondTheExaminedBytesOfALargeSegmentAreDecoded() throws {
        // The server's first segment is 60,000 bytes of 2,000 small frames: far more than the
        // heuristic examines; every frame must still be decoded.
        let serverFrames = (0..<2_000).flatMap { WebSocketFrameBuilder.text(String(format: "server frame %05d...", $0)).bytes }
        let packets = Self.lateStart { ws in
            ws.send(.text("client hello", maskingKey: Self.key(1)), from: .client)
            ws.tcp.send(serverFrames, from: .server, pieces: [60_000])
            ws.send(.text("client bye", maskingKey: Self.key(2)), from: .client)
        }
        let recorded = try Self.analyze(packets)
        #expect(recorded.frames.count == 2_002)
        #expect(recorded.messages.count == 2_002)
        #expect(recorded.messages.last?.message.text == "client bye")
        #expect(recorded.frames.allSatisfy { $0.frame.isComplete })
        #expect(!recorded.findings.contains { $0.rule.severity >= .warning }, "\(recorded.findings.map(\.rule.id))")
    }

    @Test func aGapWhileProbingIsDecodedAsAGapAtItsPlace() throws {
        var dropped = 0
        var packets = Self.lateStart { ws in
            ws.send(.text("one", maskingKey: Self.key(1)), from: .client)
            ws.send(.text("two"), from: .server)
            // A 3,000-byte binary frame in three segments; its middle segment is lost.
            dropped = ws.tcp.packets.count + 1
            ws.send(WebSocketFrameBuilder(opcode: 2, payload: [UInt8](repeating: 7, count: 3_000), maskingKey: Self.key(2)),
                    from: .client, pieces: [1_000])
            ws.send(.text("three"), from: .server)
            ws.send(.text("four", maskingKey: Self.key(3)), from: .client)
        }
        packets.remove(at: dropped - Self.handshakePackets)
        let recorded = try Self.analyze(packets)
        #expect(recorded.frames.map { $0.frame.opcode } == [.text, .text, .binary, .text, .text])
        let binary = try #require(recorded.frames.first { $0.frame.opcode == .binary })
        #expect(!binary.frame.isComplete && binary.frame.missingPayloadBytes == 1_000)
        #expect(recorded.findings.contains { $0.rule.id == "ws.payload-bytes-missing" && $0.frameIndex == binary.frame.index })
        #expect(recorded.messages.map { $0.message.text ?? "-" } == ["one", "two", "-", "three", "four"])
        let lastPackets = recorded.frames.map { $0.lastPacket ?? 0 }
        #expect(lastPackets == lastPackets.sorted())
    }

    /// Packets of the cut-off handshake (TCP handshake, request, its ACK, response, its ACK).
    static let handshakePackets = 7

    @Test func bytesBeyondWhatTheProbeKeepsBecomeAGapWithAFinding() throws {
        // The server's first frame announces 400,000 bytes and the client stays silent until it is
        // sent: more than the probe keeps. The rest is decoded as a gap, never dropped silently.
        let big = WebSocketFrameBuilder(opcode: 2, payload: (0..<400_000).map { UInt8(truncatingIfNeeded: $0) })
        let packets = Self.lateStart { ws in
            ws.send(big, from: .server, pieces: [60_000])
            ws.send(.text("after the big one", maskingKey: Self.key(1)), from: .client)
            ws.send(.text("server again"), from: .server)
        }
        let recorded = try Self.analyze(packets)
        #expect(recorded.frames.map { $0.frame.opcode }.sorted { $0.rawValue < $1.rawValue } == [.text, .text, .binary])
        let first = try #require(recorded.frames.first { $0.frame.opcode == .binary }).frame
        #expect(first.payloadLength == 400_000)
        #expect(first.missingPayloadBytes == UInt64(big.bytes.count - FramingProbe_keepLimit))
        let notKept = try #require(recorded.findings.first { $0.rule.id == "analysis.bytes-not-kept-while-probing" })
        #expect(notKept.from == .server)
        #expect(notKept.finding.message.contains("\(big.bytes.count - FramingProbe_keepLimit) bytes from the server"))
        #expect(Set(recorded.messages.map { $0.message.text ?? "-" }) == ["-", "after the big one", "server again"])
    }

    @Test func theChunkThatDecidesIsDecodedWhollyEvenWhenTheProbeIsFull() throws {
        // 17,000 one-byte segments of a long client frame fill the probe's log; the server's first
        // segment (7,000 bytes of small frames) then decides: the probe keeps only the bytes it
        // examines of it, the rest is decoded from the chunk itself.
        let long = WebSocketFrameBuilder(opcode: 2, payload: [UInt8](repeating: 1, count: 17_000), maskingKey: Self.key(1))
        let serverBurst = (0..<500).flatMap { WebSocketFrameBuilder.text(String(format: "burst %03d", $0)).bytes }
        #expect(serverBurst.count > 4_096)
        let packets = Self.lateStart { ws in
            ws.tcp.send(long.bytes, from: .client, pieces: [1])
            ws.tcp.send(serverBurst, from: .server, pieces: [serverBurst.count])
        }
        let recorded = try Self.analyze(packets)
        let texts = recorded.messages.filter { $0.message.from == .server }.map { $0.message.text ?? "-" }
        #expect(texts == (0..<500).map { String(format: "burst %03d", $0) })
        let skipped = recorded.findings.filter { $0.rule.id == "analysis.bytes-not-kept-while-probing" }
        #expect(skipped.count == 1 && skipped.first?.from == .client, "\(skipped.map(\.finding.message))")
    }
}

/// The probe keeps 256 KiB per direction (FramingProbe.keepLimit, internal to Analysis).
private let FramingProbe_keepLimit = 256 * 1024
