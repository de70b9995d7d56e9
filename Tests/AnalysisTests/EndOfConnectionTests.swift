import Analysis
import CaptureCrafting
import Foundation
import PacketCapture
import PacketDecoding
import Testing
import WebSocketWire
import WireBytes

/// The end of a connection, said truly (issue 12, item 3): a close handshake, a close not answered
/// before TCP closed, TCP closed without a close frame (1006), or still open when the capture
/// ended (no rule about the end fires); a close answered with another code and a ping left
/// unanswered while the capture went on long enough are info findings.
@Suite struct EndOfConnectionTests {
    static func brought(_ name: String) throws -> Outcome {
        let path = CaptureOrderTests.root.appendingPathComponent("Captures/brought/\(name).pcap").path
        var outcome = Outcome()
        outcome.report = try CaptureAnalyzer().analyze(path: path) { event in
            if case .finding(let record) = event {
                outcome.findings.append("\(record.rule.id) \(record.from?.rawValue ?? "-") \(record.frameIndex.map(String.init) ?? "-")")
            }
        }
        return outcome
    }

    static func connection(_ outcome: Outcome) throws -> ConnectionReport {
        try #require(outcome.report?.connections.first { $0.isWebSocket })
    }

    // MARK: Brought captures

    @Test func leftOpenIsOpenAtCaptureEndNotAbnormal() throws {
        let outcome = try Self.brought("left-open")
        let connection = try Self.connection(outcome)
        #expect(connection.close?.end == .openAtCaptureEnd)
        #expect(connection.close?.transport == .captureEnded)
        #expect(connection.close?.endedWithoutCloseFrame == false)
        #expect(connection.close?.reportedCode == nil, "no 1006: nothing ended")
        #expect(outcome.ruleIDs.contains("ws.open-at-capture-end"))
        #expect(!outcome.ruleIDs.contains("ws.closed-without-close-handshake"))
        #expect(!outcome.ruleIDs.contains("ws.close-not-answered"))
    }

    @Test func closeAnsweredWithAnotherCodeIsAnInfoFinding() throws {
        let outcome = try Self.brought("close-answered-1001")
        let connection = try Self.connection(outcome)
        let close = try #require(connection.close)
        #expect(close.end == .closeHandshake)
        #expect(close.transport == .fin)
        #expect(close.first?.from == .client && close.first?.code == .normalClosure)
        #expect(close.reply?.from == .server && close.reply?.code?.rawValue == 1001 && close.reply?.reasonText == "going away")
        #expect(outcome.findings == ["ws.close-code-differs server -"])
        #expect(WebSocketRule.closeCodeDiffers.severity == .info)
    }

    @Test func unansweredPingIsClaimedOnlyWhenTheCaptureWentOnLongEnough() throws {
        let outcome = try Self.brought("unanswered-ping")
        let connection = try Self.connection(outcome)
        let pings = connection.pingPongs
        #expect(pings.count == 2)
        let first = try #require(pings.first { $0.pair.pingFrameIndex == 4 })
        #expect(first.outcome == .unanswered)
        // The peer's log: the first ping at 0.30 s, then 3.6 s of messages and echoes.
        #expect(abs((first.observedAfter ?? 0) - 3.6) < 0.05, "\(String(describing: first.observedAfter))")
        let second = try #require(pings.first { $0.pair.pingFrameIndex == 29 })
        #expect(second.outcome == .tooSoonToTell, "sent just before the capture stopped: claim nothing")
        #expect((second.observedAfter ?? 1) < 0.2)
        #expect(outcome.findings.filter { $0.hasPrefix("ws.ping-unanswered") } == ["ws.ping-unanswered client -"])
        #expect(connection.close?.end == .openAtCaptureEnd)
    }

    @Test func lateStartEndsWithACloseHandshake() throws {
        let outcome = try Self.brought("late-start")
        let connection = try Self.connection(outcome)
        #expect(connection.close?.end == .closeHandshake)
        #expect(connection.pingPongs.allSatisfy { $0.outcome == .answered })
        #expect(!outcome.ruleIDs.contains { $0.hasPrefix("ws.") })
    }

    // MARK: Crafted: how TCP ended

    /// A conversation after its handshake; `end` closes TCP (or not: the capture just stops).
    static func conversation(_ frames: (inout WebSocketConversation) -> Void,
                             end: (inout TCPConversation) -> Void) throws -> Outcome {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 51_000), server: .ipv4("10.0.0.1", 8765))
        ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        frames(&ws)
        end(&ws.tcp)
        return try Harness.analyze(ws.tcp.packets)
    }

    static let hello: @Sendable (inout WebSocketConversation) -> Void = { $0.send(.text("hello", maskingKey: [1, 2, 3, 4]), from: .client) }
    static let clientCloses: @Sendable (inout WebSocketConversation) -> Void = {
        $0.send(.close(code: 1000, maskingKey: [1, 2, 3, 4]), from: .client)
    }

    @Test func finWithoutCloseFrameIs1006() throws {
        let outcome = try Self.conversation(Self.hello) { $0.close() }
        let close = try #require(outcome.report?.connections.first?.close)
        #expect(close.end == .tcpClosedWithoutClose && close.transport == .fin)
        #expect(close.reportedCode == .abnormalClosure)
        #expect(outcome.ruleIDs.contains("ws.closed-without-close-handshake"))
    }

    @Test func resetWithoutCloseFrameIs1006() throws {
        let outcome = try Self.conversation(Self.hello) { $0.reset(from: .server) }
        let close = try #require(outcome.report?.connections.first?.close)
        #expect(close.end == .tcpClosedWithoutClose && close.transport == .reset)
        #expect(outcome.ruleIDs.contains("ws.closed-without-close-handshake"))
    }

    @Test func oneFinIsEnoughToSayTCPClosed() throws {
        let outcome = try Self.conversation(Self.hello) { $0.emit(from: .server, flags: [.fin, .ack], payload: [], consumesSequence: 1) }
        #expect(outcome.report?.connections.first?.close?.end == .tcpClosedWithoutClose)
    }

    @Test func captureEndingWhileOpenFiresNoEndRule() throws {
        let outcome = try Self.conversation(Self.hello) { _ in }
        #expect(outcome.report?.connections.first?.close?.end == .openAtCaptureEnd)
        #expect(outcome.ruleIDs == ["ws.open-at-capture-end"])
    }

    @Test func closeNotAnsweredBeforeFIN() throws {
        let outcome = try Self.conversation(Self.clientCloses) { $0.close() }
        #expect(outcome.report?.connections.first?.close?.end == .closeNotAnswered)
        #expect(outcome.findings.contains("ws.close-not-answered server -"))
    }

    @Test func closeStillUnansweredWhenTheCaptureEndedIsNotJudged() throws {
        let outcome = try Self.conversation(Self.clientCloses) { _ in }
        #expect(outcome.report?.connections.first?.close?.end == .closingAtCaptureEnd)
        #expect(outcome.ruleIDs == ["ws.open-at-capture-end"], "\(outcome.findings)")
    }

    @Test func pingWithoutPongBeforeACloseHandshakeLongAfterIsUnanswered() throws {
        // A server ping the client never answers; 2 s of conversation later both close.
        let outcome = try Self.conversation({ ws in
            ws.send(WebSocketFrameBuilder(opcode: 9, payload: Array("ping".utf8)), from: .server)
            ws.tcp.packetSpacing = 1_000_000_000
            ws.send(.text("later", maskingKey: [5, 6, 7, 8]), from: .client)
            ws.tcp.packetSpacing = 1_000_000
            ws.send(.close(code: 1000, maskingKey: [1, 2, 3, 4]), from: .client)
            ws.send(.close(code: 1000), from: .server)
        }, end: { $0.close() })
        let ping = try #require(outcome.report?.connections.first?.pingPongs.first)
        #expect(ping.outcome == .unanswered)
        #expect(outcome.findings.contains("ws.ping-unanswered client -"))
        #expect(outcome.report?.connections.first?.close?.end == .closeHandshake)
    }

    @Test func pingWithoutPongShortlyBeforeTheEndIsNotClaimed() throws {
        let outcome = try Self.conversation({ ws in
            ws.send(WebSocketFrameBuilder(opcode: 9, payload: Array("ping".utf8)), from: .server)
            ws.send(.text("later", maskingKey: [5, 6, 7, 8]), from: .client)
        }, end: { $0.close() })
        let ping = try #require(outcome.report?.connections.first?.pingPongs.first)
        #expect(ping.outcome == .tooSoonToTell)
        #expect(!outcome.ruleIDs.contains("ws.ping-unanswered"))
    }
}
