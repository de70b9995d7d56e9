import HTTPUpgrade
import Testing
import WireBytes

/// Gaps in the HTTP part of a stream: bytes a snapshot length cut off, or segments lost. The
/// parser goes on where it can, takes a cut head for what it shows, and never guesses a head's end.
@Suite struct ParserGapTests {
    /// What a capture with `tcpdump -s 96` keeps of a handshake: 30 bytes of each head.
    static let request = SampleTraffic.rfcRequest
    static let response = SampleTraffic.rfcResponse

    static func firstBytes(_ text: String, _ count: Int) -> String { String(text.utf8.prefix(count))! }

    @Test("a gap inside a body of known length is skipped; the next message parses")
    func gapInsideBody() {
        let body = String(repeating: "x", count: 100)
        let outcome = ParserHarness().run([
            .client("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"),
            .server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + body.prefix(20)),
            .gap(.server, 70),
            .server(String(body.suffix(10))),
            .client("GET /b HTTP/1.1\r\nHost: h\r\n\r\n"),
            .server("HTTP/1.1 204 No Content\r\n\r\n"),
        ])
        #expect(outcome.responseHeads.map(\.status) == [200, 204])
        #expect(outcome.requestHeads.map(\.target) == ["/a", "/b"])
        #expect(outcome.findings.isEmpty)
        #expect(outcome.protocolBytes.isEmpty)
    }

    @Test("a request and a 101 both cut after 30 bytes: the upgrade is recognised, WebSocket starts after each gap")
    func bothHeadsCut() throws {
        let requestLength = UInt64(Self.request.utf8.count), responseLength = UInt64(Self.response.utf8.count)
        let outcome = ParserHarness().run([
            .client(Self.firstBytes(Self.request, 30)), .gap(.client, requestLength - 30),
            .server(Self.firstBytes(Self.response, 30)), .gap(.server, responseLength - 30),
            .client(bytes: [0x81, 0x82, 1, 2, 3, 4, 0x69, 0x6b]),
        ])
        let handOff = try #require(outcome.upgrade)
        #expect(handOff.clientProtocolOffset == requestLength)
        #expect(handOff.serverProtocolOffset == responseLength)
        #expect(handOff.isWebSocket && handOff.isWebSocketAssumed, "no Upgrade header survived: assumed, and said so")
        let request = try #require(handOff.request)
        #expect(request.method == "GET" && request.target == "/chat")
        #expect(request.truncation?.visibleLength == 30)
        #expect(request.truncation?.missingLength == requestLength - 30)
        #expect(handOff.response.status == 101 && handOff.response.truncation != nil)
        #expect(outcome.protocolBytes[.client] == [0x81, 0x82, 1, 2, 3, 4, 0x69, 0x6b], "client bytes after the gap are held for WebSocket")
        #expect(outcome.findings.map(\.rule.id) == ["handshake.head-truncated", "handshake.head-truncated"])

        let handshake = try #require(WebSocketHandshake(upgrade: handOff))
        #expect(handshake.findings.isEmpty, "nothing cut off is reported as missing: \(handshake.findings.map(\.message))")
        #expect(handshake.acceptValid == nil)
        #expect(handshake.notChecked.contains("Sec-WebSocket-Key") && handshake.notChecked.contains("Sec-WebSocket-Accept"))
        #expect(!handshake.extensionsKnown)
    }

    @Test("a 101 cut after its accept line: the accept is checked, the extensions are unknown")
    func responseCutAfterAccept() throws {
        let cut = try #require(Self.response.range(of: "ol: chat"))
        let visible = String(Self.response[..<cut.lowerBound])
        let outcome = ParserHarness().run([
            .client(Self.request),
            .server(visible), .gap(.server, UInt64(Self.response.utf8.count - visible.utf8.count)),
        ])
        let handOff = try #require(outcome.upgrade)
        let handshake = try #require(WebSocketHandshake(upgrade: handOff))
        #expect(handshake.acceptValid == true)
        #expect(handshake.notChecked == ["Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"], "a broken line is not a header")
        #expect(!handshake.extensionsKnown)
        #expect(!handOff.isWebSocketAssumed)
    }

    @Test("a refusal cut short is still a refusal, with its status; the server direction cannot be followed after it")
    func refusalCut() throws {
        let outcome = ParserHarness().run([
            .client(Self.request),
            .server("HTTP/1.1 403 Forbidden\r\nConnection: clo"), .gap(.server, 100),
            .server("more body"),
        ])
        #expect(outcome.upgrade == nil)
        #expect(outcome.responseHeads.map(\.status) == [403])
        #expect(outcome.findings.map(\.rule.id).contains("handshake.upgrade-refused"))
        #expect(outcome.findings.map(\.rule.id).contains("handshake.head-truncated"))
    }

    @Test("a gap between messages loses their boundaries: the direction is handed over after the gap")
    func gapBetweenMessages() throws {
        let outcome = ParserHarness().run([
            .client("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"), .gap(.client, 40), .client("xyz"),
        ])
        let handOff = try #require(outcome.notHTTP.first)
        #expect(handOff.from == .client)
        #expect(handOff.offset == UInt64("GET /a HTTP/1.1\r\nHost: h\r\n\r\n".utf8.count) + 40)
        #expect(outcome.protocolBytes[.client] == Array("xyz".utf8))
    }

    @Test("a head cut inside its start line is not taken for anything")
    func startLineCut() {
        let outcome = ParserHarness().run([.server("HTTP/1.1 10"), .gap(.server, 100)])
        #expect(outcome.upgrade == nil && outcome.responseHeads.isEmpty)
        #expect(outcome.notHTTP.map(\.from) == [.server])
    }
}
