import Analysis
import CaptureCrafting
import Foundation
import HTTPUpgrade
import Testing
import WireBytes

/// The overhead figures of the thesis, reproduced from the seed-examples capture and the model.
@Suite struct OverheadModelTests {
    static let seedCapture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Captures/seed-examples.pcap").path

    @Test func minimalGetToCsHmEduIs35Bytes() {
        let model = HTTPCostModel.minimal(host: "cs.hm.edu")
        #expect(model.pollingRequestBytes == 35)
        #expect(model.pollingRequestBytes == Array("GET / HTTP/1.1\r\nHost: cs.hm.edu\r\n\r\n".utf8).count)
        #expect(model.responseHeadBytes(length: 9) == Array("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n".utf8).count)
        #expect(model.postRequestHeadBytes(length: 9)
                == Array("POST / HTTP/1.1\r\nHost: cs.hm.edu\r\nContent-Length: 9\r\n\r\n".utf8).count)
    }

    @Test func smallestFrameHeadersAre2And6BytesInTheSeedCapture() throws {
        var frames: [FrameRecord] = []
        var overhead = OverheadAnalysis()
        let report = try CaptureAnalyzer().analyze(path: Self.seedCapture) { event in
            overhead.observe(event)
            if case .frame(let record) = event { frames.append(record) }
        }
        let ping = try #require(frames.first { $0.frame.opcode == .ping })
        let pong = try #require(frames.first { $0.frame.opcode == .pong })
        #expect(ping.frame.header.headerLength == 2, "smallest server-to-client header")
        #expect(pong.frame.header.headerLength == 6, "smallest client-to-server header: 2 + 4-byte masking key")
        let connection = try #require(overhead.connections(of: report).first)
        let minimal = try #require(connection.comparisons.first { $0.model.kind == .minimal })
        #expect(minimal.model.pollingRequestBytes == 35)
        // One client text message "cs.hm.edu" (9 bytes, 6-byte header) as a POST with an empty 200 OK.
        #expect(minimal.messages == 1)
        #expect(minimal.webSocketHeaderBytes == 6)
        #expect(minimal.httpHeaderBytes == UInt64(minimal.model.postRequestHeadBytes(length: 9) + minimal.model.responseHeadBytes(length: 0)))
        #expect(report.connections[0].webSocket.client.maskingKeyBytes == 12)   // three masked client frames
        #expect(report.connections[0].webSocket.server.baseHeaderBytes == 4)    // two unmasked server frames
    }

    @Test func breakEvenCountsMessagesUntilTheHandshakeIsPaidFor() {
        let model = HTTPCostModel.minimal(host: "cs.hm.edu")
        // Each server message saves (35 + 37 + digits) - 2 bytes; a 300-byte handshake needs 5 of them.
        let messages = Array(repeating: (from: Peer.server, length: UInt64(5), headerBytes: 2), count: 10)
        let comparison = HTTPComparison(model: model, handshakeBytes: 300, messages: messages)
        let saving = model.headerBytes(forMessageFrom: .server, length: 5) - 2
        #expect(comparison.breakEvenMessages == (300 + saving - 1) / saving)
        #expect(!comparison.breakEvenProjected)
        let few = HTTPComparison(model: model, handshakeBytes: 300, messages: Array(messages.prefix(2)))
        #expect(few.breakEvenMessages == (300 + saving - 1) / saving)
        #expect(few.breakEvenProjected)
    }

    @Test func realisticModelDropsWebSocketHeaders() {
        let headers: HTTPHeaders = [("Host", "example.com"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                    ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
                                    ("User-Agent", "Mozilla/5.0"), ("Origin", "http://example.com")]
        let request = HTTPRequestHead(method: "GET", target: "/chat", version: .http1_1, headers: headers, startOffset: 0, rawBytes: [])
        let model = HTTPCostModel.realistic(request: request, observedResponseHeadBytes: nil)
        let expected = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUser-Agent: Mozilla/5.0\r\nOrigin: http://example.com\r\n\r\n"
        #expect(model.pollingRequestBytes == expected.utf8.count)
    }
}

/// The HTTP phase of a connection that upgrades after plain requests (issue 12, item 6).
@Suite struct HTTPPhaseTests {
    /// Two polls, then an Upgrade request cut into `pieces`, the 101 and one frame each way.
    static func packets(upgradePieces: [Int]) -> [CraftedPacket] {
        var tcp = TCPConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 8080))
        tcp.handshake()
        for poll in 1...2 {
            tcp.send(Array("GET /poll?\(poll) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), from: .client)
            tcp.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8), from: .server)
        }
        let request = "GET /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        tcp.send(Array(request.utf8), from: .client, pieces: upgradePieces)
        tcp.send(Array(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").utf8), from: .server)
        tcp.send(WebSocketFrameBuilder.text("hi", maskingKey: [1, 2, 3, 4]).bytes, from: .client)
        tcp.send(WebSocketFrameBuilder.text("hello").bytes, from: .server)
        tcp.close()
        return tcp.packets
    }

    @Test func theHTTPPhaseEndsBeforeTheUpgradeRequestsPacket() throws {
        let packets = Self.packets(upgradePieces: [1_000])
        let outcome = try Harness.analyze(packets)
        let connection = try #require(outcome.report?.connections.first)
        let phase = try #require(connection.httpPhase)
        // TCP handshake (3) + two polls with their ACKs (2 × 4) = 11 packets; the request is packet 12.
        #expect(phase.upgradePacket == 12 && phase.isExact)
        #expect(phase.layers.client.packets + phase.layers.server.packets == 11)
        #expect(phase.layers.client.tcpPayloadBytes == UInt64(2 * Array("GET /poll?1 HTTP/1.1\r\nHost: x\r\n\r\n".utf8).count))
        #expect(connection.httpExchanges.count == 2)
    }

    @Test func aRequestCompletedByALaterPacketIsAnInexactSplitSaidSo() throws {
        let outcome = try Harness.analyze(Self.packets(upgradePieces: [60]))
        let phase = try #require(outcome.report?.connections.first?.httpPhase)
        #expect(phase.upgradePacket == 12)
        #expect(!phase.isExact, "the head began in packet 12 but was completed later")
    }

    @Test func aConnectionThatOnlyUpgradesHasOnePhase() throws {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 8765))
        ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        ws.tcp.close()
        #expect(try Harness.analyze(ws.tcp.packets).report?.connections.first?.httpPhase == nil)
    }
}
