import Analysis
import Foundation
import CaptureCrafting
import PacketDecoding
import Testing
import WireBytes

/// Captures that start after the opening handshake, and connections that reuse a port.
@Suite struct MidSessionTests {
    /// The seed examples, with everything up to and including the 101 response's ACK left out.
    static func seedExamplesWithoutHandshake(clientPort: UInt16, serverPort: UInt16) -> [CraftedPacket] {
        var ws = WebSocketConversation(client: .ipv4("192.168.0.10", clientPort), server: .ipv4("129.187.244.22", serverPort))
        ws.upgrade(host: "cs.hm.edu", key: "E4WSEcseoWr4csPLS2QJHA==", accept: "7eQChgCtQMnVILefJAO6dK5JwPc=")
        let handshakePackets = ws.tcp.packets.count
        CraftedCaptures.sendSeedFrames(&ws)
        return Array(ws.tcp.packets[handshakePackets...])
    }

    @Test func framingIsRecognisedWithoutTheHandshake() throws {
        let outcome = try Harness.analyze(Self.seedExamplesWithoutHandshake(clientPort: 50_123, serverPort: 80))
        #expect(outcome.handshakes == 0)
        #expect(outcome.frames.count == 5)
        #expect(outcome.frames.first?.hasPrefix("1 client #0 81893c2e3f4a 63732e686d2e656475") == true, "\(outcome.frames)")
        #expect(outcome.ruleIDs.contains("analysis.handshake-not-captured"))
        #expect(!outcome.ruleIDs.contains("ws.client-frame-unmasked"))
        let report = try #require(outcome.report?.connections.first)
        #expect(report.isWebSocketByHeuristic)
        #expect(report.close?.isHandshakeComplete == true)
    }

    @Test func guessedRolesAreCorrectedByTheMasking() throws {
        // The server listens on the higher port, so the port guess takes it for the client; the
        // masked frames show which side really is the client.
        let outcome = try Harness.analyze(Self.seedExamplesWithoutHandshake(clientPort: 40_000, serverPort: 50_000))
        #expect(outcome.frames.count == 5)
        #expect(outcome.frames[0].hasPrefix("1 client #0 81893c2e3f4a"), "\(outcome.frames)")
        let report = try #require(outcome.report?.connections.first)
        #expect(report.identity.client.port == 40_000)
        #expect(!outcome.ruleIDs.contains("ws.client-frame-unmasked"))
        #expect(!outcome.ruleIDs.contains("ws.server-frame-masked"))
    }

    @Test func portReuseOpensASecondConnection() throws {
        var packets: [CraftedPacket] = []
        for round in 0..<2 {
            var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 8765),
                                           clientISN: 1_000 + UInt32(round) * 1_000_000)
            ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
            ws.send(.text("round \(round)", maskingKey: [1, 2, 3, UInt8(round)]), from: .client)
            ws.send(.close(code: 1000, maskingKey: [4, 5, 6, UInt8(round)]), from: .client)
            ws.send(.close(code: 1000), from: .server)
            ws.tcp.close()
            packets += ws.tcp.packets
        }
        let outcome = try Harness.analyze(packets)
        #expect(outcome.connections == 2)
        #expect(outcome.handshakes == 2)
        #expect(outcome.messages.count == 2)
        #expect(outcome.messages[0].hasPrefix("1 client #0 text"))
        #expect(outcome.messages[1].hasPrefix("2 client #0 text"))
    }

    @Test func lostSegmentInsidePayloadIsAGapAndDecodingGoesOn() throws {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 8765))
        ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let before = ws.tcp.packets.count
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: [UInt8](repeating: 7, count: 5_000)), from: .server, pieces: [1_000])
        ws.send(.text("after the gap"), from: .server)
        ws.tcp.close()
        var packets = ws.tcp.packets
        packets.remove(at: before + 2)   // the third 1000-byte piece of the binary frame's bytes
        let outcome = try Harness.analyze(packets)
        #expect(outcome.gaps == [1_000])
        #expect(outcome.frames.count == 2)
        #expect(outcome.messages.last?.hasSuffix("after the gap") == true, "\(outcome.messages)")
        #expect(outcome.ruleIDs.contains("ws.payload-bytes-missing") || outcome.ruleIDs.contains("tcp.lost-segment"))
    }
}

@Suite struct RefusedUpgradeTests {
    @Test func refusedUpgradeIsReportedAndTheConnectionStaysHTTP() throws {
        var tcp = TCPConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 80))
        tcp.handshake()
        let request = "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        tcp.send(Array(request.utf8), from: .client)
        tcp.send(Array("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 5\r\n\r\nnope!".utf8), from: .server)
        tcp.send(Array("GET /next HTTP/1.1\r\nHost: x\r\n\r\n".utf8), from: .client)
        tcp.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8), from: .server)
        tcp.close()
        let outcome = try Harness.analyze(tcp.packets)
        #expect(outcome.handshakes == 1)
        #expect(outcome.frames.isEmpty)
        #expect(outcome.ruleIDs.contains("handshake.upgrade-refused"))
        let connection = try #require(outcome.report?.connections.first)
        #expect(connection.handshake?.handshake.status == 426)
        #expect(!connection.isWebSocket)
        #expect(connection.httpRequests == 2 && connection.httpResponses == 2)
    }
}

@Suite struct IncompleteMessageTests {
    @Test func uncompressedMessageWithAGapKeepsItsLength() throws {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 8765))
        ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let before = ws.tcp.packets.count
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: [UInt8](repeating: 7, count: 3_000)), from: .server, pieces: [1_000])
        ws.tcp.close()
        var packets = ws.tcp.packets
        packets.remove(at: before + 1)   // the second 1000-byte piece
        var messages: [DecodedMessageSummary] = []
        let path = Harness.temporaryPath("gap.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TCPConversation.write(packets, linkType: .ethernet, to: path)
        _ = try CaptureAnalyzer().analyze(path: path) { event in
            if case .message(let record) = event {
                messages.append(DecodedMessageSummary(length: record.message.length, kept: record.message.data.count,
                                                      complete: record.message.isComplete, truncated: record.message.isDataTruncated))
            }
        }
        #expect(messages == [DecodedMessageSummary(length: 3_000, kept: 1_000 - 4, complete: false, truncated: true)])
    }

    struct DecodedMessageSummary: Equatable {
        var length: UInt64
        var kept: Int
        var complete: Bool
        var truncated: Bool
    }
}

/// `--filter` (issue 12, item 7): hidden packets keep connection numbers as without the filter.
@Suite struct HiddenPacketNumberingTests {
    /// Two connections on the same ports (port reuse); the filter shows only packets with data.
    static func portReuse() -> [CraftedPacket] {
        var packets: [CraftedPacket] = []
        for round in 0..<2 {
            var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 45_000), server: .ipv4("10.0.0.1", 8765),
                                           clientISN: 1_000 + UInt32(round) * 1_000_000)
            ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
            ws.send(.text("round \(round)", maskingKey: [1, 2, 3, UInt8(round)]), from: .client)
            ws.tcp.close()
            packets += ws.tcp.packets
        }
        return packets
    }

    @Test func aHiddenSYNReusingThePortsOpensTheNextNumber() throws {
        var options = AnalysisOptions()
        options.filter = "tcp[tcpflags] & tcp-push != 0"
        let outcome = try Harness.analyze(Self.portReuse(), options: options)
        let numbers = outcome.report?.connections.map(\.number)
        #expect(numbers == [1, 2], "\(String(describing: numbers))")
        #expect(outcome.messages.map { String($0.prefix(20)) } == ["1 client #0 text fal", "2 client #0 text fal"])
        #expect(outcome.report?.connections.allSatisfy { $0.isWebSocket } == true)
    }

    @Test func aConnectionWithNoShownPacketIsNotListedButKeepsItsNumberTaken() throws {
        var other = TCPConversation(client: .ipv4("10.0.0.3", 50_000), server: .ipv4("10.0.0.1", 22))
        other.handshake()
        other.send(Array("SSH-2.0-x\r\n".utf8), from: .server)
        other.close()
        var options = AnalysisOptions()
        options.filter = "tcp port 8765"
        let outcome = try Harness.analyze(other.packets + Self.portReuse(), options: options)
        #expect(outcome.report?.connections.map(\.number) == [2, 3])
        #expect(outcome.connections == 2)
    }
}
