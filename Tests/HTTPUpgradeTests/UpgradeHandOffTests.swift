import HTTPUpgrade
import Testing
import WireBytes

/// The hand-off from HTTP to the upgraded protocol, to the byte.
struct UpgradeHandOffTests {
    typealias Segment = ParserHarness.Segment

    /// The server's first frame, "Hello" unmasked (RFC 6455 section 5.7).
    static let serverHello: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
    /// The client's first frame, "Hello" masked with 37 fa 21 3d (RFC 6455 section 5.7).
    static let clientHello: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]

    @Test func rfcSampleHandshakeUpgradesBothDirections() throws {
        let outcome = ParserHarness().run([
            .client(SampleTraffic.rfcRequest),
            .server(bytes: Array(SampleTraffic.rfcResponse.utf8) + Self.serverHello),
            .client(bytes: Self.clientHello),
        ])
        let handOff = try #require(outcome.upgrade)
        #expect(handOff.request?.target == "/chat")
        #expect(handOff.response.status == 101)
        #expect(handOff.isWebSocket)
        #expect(handOff.clientProtocolOffset == UInt64(SampleTraffic.rfcRequest.utf8.count))
        #expect(handOff.serverProtocolOffset == UInt64(SampleTraffic.rfcResponse.utf8.count))
        #expect(handOff.heldClientBytes.isEmpty)
        #expect(outcome.protocolBytes == [.client: Self.clientHello, .server: Self.serverHello])
        #expect(outcome.findings.isEmpty)
        #expect(outcome.events.last == .upgrade(handOff))
    }

    @Test func firstServerFrameInTheSameBufferAsThe101() throws {
        var parser = HTTPConnectionParser()
        var events: [HTTPEvent] = []
        #expect(parser.consume(Array(SampleTraffic.rfcRequest.utf8), from: .client, into: &events)
            == SampleTraffic.rfcRequest.utf8.count)
        let buffer = Array(SampleTraffic.rfcResponse.utf8) + Self.serverHello
        let consumed = parser.consume(buffer, from: .server, into: &events)

        let headLength = SampleTraffic.rfcResponse.utf8.count
        #expect(consumed == headLength)
        #expect(Array(buffer[consumed...]) == Self.serverHello)
        guard case .upgrade(let handOff)? = events.last else {
            Issue.record("the last event is not the upgrade: \(String(describing: events.last))")
            return
        }
        #expect(handOff.serverProtocolOffset == UInt64(headLength))
        #expect(handOff.response.headLength == headLength)
        #expect(parser.isUpgraded)

        // Afterwards the parser is done: more bytes are a caller error and consume nothing.
        var later: [HTTPEvent] = []
        #expect(parser.consume(Self.clientHello, from: .client, into: &later) == 0)
        #expect(parser.consume(Self.serverHello, from: .server, into: &later) == 0)
        #expect(later.isEmpty)
    }

    @Test func clientBytesBeforeThe101AreHeldAndHandedOver() throws {
        let outcome = ParserHarness().run([
            .client(bytes: Array(SampleTraffic.rfcRequest.utf8) + Self.clientHello),
            .client(bytes: Self.clientHello),
            .server(SampleTraffic.rfcResponse),
        ])
        let handOff = try #require(outcome.upgrade)
        #expect(handOff.heldClientBytes == Self.clientHello + Self.clientHello)
        #expect(handOff.clientProtocolOffset == UInt64(SampleTraffic.rfcRequest.utf8.count))
        #expect(handOff.droppedClientByteCount == 0)
        #expect(outcome.ruleIDs == [HandshakeRule.clientDataBeforeResponse.id])
        #expect(outcome.findings.first?.streamOffset == UInt64(SampleTraffic.rfcRequest.utf8.count))
    }

    @Test func heldBytesAreBounded() throws {
        var harness = ParserHarness()
        harness.limits.maxHeldClientBytes = 16
        let outcome = harness.run([
            .client(SampleTraffic.rfcRequest),
            .client(bytes: Array(repeating: 0x82, count: 40)),
            .server(SampleTraffic.rfcResponse),
        ])
        let handOff = try #require(outcome.upgrade)
        #expect(handOff.heldClientBytes.count == 16)
        #expect(handOff.droppedClientByteCount == 24)
        #expect(outcome.ruleIDs == [HandshakeRule.clientDataBeforeResponse.id, HandshakeRule.heldBytesLimit.id])
    }

    @Test func refusedUpgradeStaysHTTP() throws {
        let upgradeRequest = SampleTraffic.rfcRequest
        let nextRequest = "GET /fallback HTTP/1.1\r\nHost: server.example.com\r\n\r\n"
        let refusal = "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 9\r\n\r\nuse v13\r\n"
        let outcome = ParserHarness().run([
            .client(upgradeRequest),
            .client(nextRequest), // pipelined before the answer: held, then parsed as HTTP
            .server(refusal),
            .server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
            .client("GET /again HTTP/1.1\r\nHost: server.example.com\r\n\r\n"),
        ])
        #expect(outcome.upgrade == nil)
        #expect(outcome.protocolBytes.isEmpty)
        #expect(outcome.requestHeads.map(\.target) == ["/chat", "/fallback", "/again"])
        #expect(outcome.requestHeads[1].startOffset == UInt64(upgradeRequest.utf8.count))
        #expect(outcome.responseHeads.map(\.status) == [426, 200])
        #expect(outcome.bodyLength(from: .server) == 11)
        #expect(outcome.ruleIDs == [HandshakeRule.clientDataBeforeResponse.id, HandshakeRule.upgradeRefused.id])
        let refused = try #require(outcome.findings.last)
        #expect(refused.message.contains("426"))
        #expect(refused.rule.severity == .info)
        #expect(refused.streamOffset == 0)
    }

    @Test(arguments: [400, 401, 403, 404, 500])
    func otherRefusalsAreReportedWithTheirStatus(_ status: Int) throws {
        let outcome = ParserHarness().run([
            .client(SampleTraffic.rfcRequest),
            .server("HTTP/1.1 \(status) Nope\r\nContent-Length: 0\r\n\r\n"),
            .client("GET /x HTTP/1.1\r\nHost: h\r\n\r\n"),
        ])
        #expect(outcome.upgrade == nil)
        #expect(outcome.ruleIDs == [HandshakeRule.upgradeRefused.id])
        #expect(outcome.findings.first?.message.contains("\(status)") == true)
        #expect(outcome.requestHeads.count == 2)
    }

    @Test func keepAliveExchangesWithChunkedAndContentLengthBodiesThenAnUpgrade() throws {
        let post = "POST /login HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nuser=alice&"
        let chunkedPost = "POST /log HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        let get = "GET /page HTTP/1.1\r\nHost: h\r\n\r\n"
        let clientHTTP = post + chunkedPost + get
        let responses = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Done: 1\r\n\r\n"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npage"
        let outcome = ParserHarness().run([
            .client(clientHTTP), // pipelined
            .server(responses),
            .client(SampleTraffic.rfcRequest),
            .server("HTTP/1.1 100 Continue\r\n\r\n"), // an interim answer keeps the client waiting
            .client(bytes: Self.clientHello),
            .server(bytes: Array(SampleTraffic.rfcResponse.utf8) + Self.serverHello + Self.serverHello),
        ])
        #expect(outcome.requestHeads.map(\.target) == ["/login", "/log", "/page", "/chat"])
        #expect(outcome.responseHeads.map(\.status) == [200, 200, 100, 200, 100, 101])
        #expect(outcome.bodyLength(from: .client) == 11 + 5)
        #expect(outcome.bodyLength(from: .server) == 2 + 3 + 4)

        let handOff = try #require(outcome.upgrade)
        #expect(handOff.request?.target == "/chat")
        #expect(handOff.request?.startOffset == UInt64(clientHTTP.utf8.count))
        #expect(handOff.clientProtocolOffset == UInt64(clientHTTP.utf8.count + SampleTraffic.rfcRequest.utf8.count))
        let serverHTTPLength = responses.utf8.count + "HTTP/1.1 100 Continue\r\n\r\n".utf8.count
        #expect(handOff.response.startOffset == UInt64(serverHTTPLength))
        #expect(handOff.serverProtocolOffset == UInt64(serverHTTPLength + SampleTraffic.rfcResponse.utf8.count))
        #expect(handOff.heldClientBytes == Self.clientHello)
        #expect(outcome.protocolBytes[.server] == Self.serverHello + Self.serverHello)
        #expect(outcome.ruleIDs == [HandshakeRule.clientDataBeforeResponse.id])
    }

    @Test func answersToEarlierPipelinedRequestsKeepTheHold() throws {
        let first = "GET /first HTTP/1.1\r\nHost: h\r\n\r\n"
        let outcome = ParserHarness().run([
            .client(bytes: Array((first + SampleTraffic.rfcRequest).utf8) + Self.clientHello),
            .server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
            .client(bytes: Self.clientHello),
            .server(SampleTraffic.rfcResponse),
        ])
        let handOff = try #require(outcome.upgrade)
        #expect(handOff.request?.target == "/chat")
        #expect(handOff.clientProtocolOffset == UInt64(first.utf8.count + SampleTraffic.rfcRequest.utf8.count))
        #expect(handOff.heldClientBytes == Self.clientHello + Self.clientHello)
        #expect(outcome.ruleIDs == [HandshakeRule.clientDataBeforeResponse.id])
    }

    @Test func serverLeavingHTTPWhileTheClientWaitsHandsBothOver() {
        // The 101 is missing from the capture: the server's next bytes are already a frame.
        let outcome = ParserHarness().run([
            .client(SampleTraffic.rfcRequest),
            .client(bytes: Self.clientHello),
            .server(bytes: Self.serverHello),
        ])
        let requestLength = UInt64(SampleTraffic.rfcRequest.utf8.count)
        #expect(outcome.events.suffix(2) == [
            .notHTTP(NotHTTPHandOff(from: .server, offset: 0, bufferedBytes: [], isStreamStart: true)),
            .notHTTP(NotHTTPHandOff(from: .client, offset: requestLength, bufferedBytes: [], isStreamStart: false)),
        ])
        #expect(outcome.protocolBytes == [.client: Self.clientHello, .server: Self.serverHello])
    }

    @Test func requestWithoutConnectionUpgradeIsNotHeld() {
        let request = "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n"
        var parser = HTTPConnectionParser()
        var events: [HTTPEvent] = []
        parser.consume(Array(request.utf8), from: .client, into: &events)
        #expect(!parser.isHoldingClientBytes)
        parser.consume(Array(SampleTraffic.rfcRequest.utf8), from: .client, into: &events)
        #expect(parser.isHoldingClientBytes)
        #expect(parser.streamOffset(of: .client) == UInt64(request.utf8.count + SampleTraffic.rfcRequest.utf8.count))
    }
}
