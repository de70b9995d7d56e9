import HTTPUpgrade
import Testing
import WireBytes

/// Plain HTTP/1.1: heads, bodies, keep-alive, pipelining, malformed input. Every test runs the
/// traffic whole, one byte at a time and in random splits (`ParserHarness.run`).
struct HTTPConnectionParserTests {
    typealias Segment = ParserHarness.Segment

    @Test func requestAndContentLengthResponse() throws {
        let request = "GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"
        let outcome = ParserHarness().run([.client(request), .server(response)])

        let requestHead = try #require(outcome.requestHeads.first)
        #expect(requestHead.method == "GET")
        #expect(requestHead.target == "/index.html")
        #expect(requestHead.version == .http1_1)
        #expect(requestHead.headers["host"] == "example.com")
        #expect(requestHead.startOffset == 0)
        #expect(requestHead.headLength == request.utf8.count)
        #expect(requestHead.rawBytes == Array(request.utf8))

        let responseHead = try #require(outcome.responseHeads.first)
        let headLength = response.utf8.count - 5
        #expect(responseHead.status == 200)
        #expect(responseHead.reason == "OK")
        #expect(responseHead.headLength == headLength)
        #expect(outcome.events == [
            .requestHead(requestHead), .messageEnd(from: .client),
            .responseHead(responseHead), .body(from: .server, offset: UInt64(headLength), length: 5),
            .messageEnd(from: .server),
        ])
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Expires\r\n\r\n"
        let body = "4;name=value\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n"
        let outcome = ParserHarness().run([.client("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), .server(head + body)])
        #expect(outcome.bodyLength(from: .server) == 4 + 5 + 14)
        #expect(outcome.findings.isEmpty)
        let trailers = outcome.events.compactMap { if case .trailers(.server, let headers, _, _) = $0 { headers } else { nil } }
        #expect(trailers == [HTTPHeaders([(name: "Expires", value: "never")])])
        // The first chunk's data starts right after "4;name=value\r\n".
        let firstBody = outcome.events.first { if case .body = $0 { true } else { false } }
        #expect(firstBody == .body(from: .server, offset: UInt64(head.utf8.count + 14), length: 4))
        #expect(outcome.events.last == .messageEnd(from: .server))
    }

    @Test func chunkedRequestBodyEndsWithoutTrailers() {
        let request = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        let outcome = ParserHarness().run([.client(request), .server("HTTP/1.1 204 No Content\r\n\r\n")])
        #expect(outcome.bodyLength(from: .client) == 3)
        #expect(outcome.events.filter { $0 == .messageEnd(from: .client) }.count == 1)
        #expect(outcome.events.last == .messageEnd(from: .server))
    }

    @Test func pipelinedKeepAliveResponsesMatchRequestsInOrder() throws {
        // HEAD's response announces a length but has no body; 204 and 304 have none either.
        let requests = "HEAD /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
            + "\r\nGET /d HTTP/1.1\r\nHost: h\r\nIf-None-Match: \"x\"\r\n\r\n"
        let responses = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"
        let outcome = ParserHarness().run([.client(requests), .server(responses)])
        #expect(outcome.requestHeads.map(\.target) == ["/a", "/b", "/c", "/d"])
        #expect(outcome.responseHeads.map(\.status) == [200, 200, 204, 304])
        #expect(outcome.bodyLength(from: .client) == 3)
        #expect(outcome.bodyLength(from: .server) == 2)
        #expect(outcome.events.filter { $0 == .messageEnd(from: .server) }.count == 4)
        #expect(outcome.findings.isEmpty)
        // The empty line after the POST body is skipped (RFC 9112 section 2.2): /d starts after it.
        let fourth = try #require(outcome.requestHeads.last)
        #expect(fourth.startOffset == UInt64(requests.utf8.count - fourth.headLength))
    }

    @Test func interleavedKeepAliveExchanges() {
        let outcome = ParserHarness().run([
            .client("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"),
            .server("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"),
            .client("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n"),
            .server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"),
        ])
        #expect(outcome.responseHeads.count == 2)
        #expect(outcome.bodyLength(from: .server) == 6)
        #expect(outcome.findings.isEmpty)
    }

    @Test func foldedAndRepeatedHeaders() throws {
        let request = "GET / HTTP/1.1\r\nHost: h\r\nX-Long: first part\r\n  second part\r\n\tthird\r\n"
            + "Accept: text/html\r\naccept: text/plain\r\nUpgrade-Insecure-Requests: 1\r\n\r\n"
        let outcome = ParserHarness().run([.client(request)])
        let head = try #require(outcome.requestHeads.first)
        #expect(head.headers["x-long"] == "first part second part third")
        #expect(head.headers.values(for: "Accept") == ["text/html", "text/plain"])
        #expect(head.headers.count == 5)
        #expect(head.headLength == request.utf8.count)
        #expect(outcome.ruleIDs == [HandshakeRule.obsoleteLineFolding.id])
    }

    @Test func responseDelimitedByCloseEndsAtEndOfStream() {
        var harness = ParserHarness()
        harness.endStreams = true
        let outcome = harness.run([
            .client("GET / HTTP/1.0\r\n\r\n"),
            .server("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this is body"),
        ])
        #expect(outcome.bodyLength(from: .server) == 19)
        #expect(outcome.events.last == .messageEnd(from: .server))
        #expect(outcome.findings.isEmpty)
    }

    @Test func streamEndingInsideAMessageIsReported() {
        var harness = ParserHarness()
        harness.endStreams = true
        let outcome = harness.run([.client("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")])
        #expect(outcome.ruleIDs == [HandshakeRule.incompleteMessage.id])
        #expect(outcome.findings.first?.streamOffset == 51)
    }

    @Test func bareLineFeedsAreToleratedAndReported() throws {
        let outcome = ParserHarness().run([.client("GET / HTTP/1.1\nHost: h\n\n"), .server("HTTP/1.1 200 OK\nContent-Length: 0\n\n")])
        #expect(outcome.requestHeads.first?.headers["Host"] == "h")
        #expect(outcome.responseHeads.first?.status == 200)
        #expect(outcome.ruleIDs == [HandshakeRule.bareLineFeed.id, HandshakeRule.bareLineFeed.id])
        #expect(outcome.findings.first?.streamOffset == 14)
    }

    @Test func malformedHeaderLinesAreReportedAndSkipped() throws {
        let outcome = ParserHarness().run([.client("GET / HTTP/1.1\r\nHost: h\r\nno colon here\r\nBad Name: x\r\nOK: y\r\n\r\n")])
        let head = try #require(outcome.requestHeads.first)
        #expect(head.headers.map(\.name) == ["Host", "OK"])
        #expect(outcome.ruleIDs == [HandshakeRule.malformedHTTP.id, HandshakeRule.malformedHTTP.id])
    }

    @Test func badChunkSizeStopsTheDirection() {
        let outcome = ParserHarness().run([
            .client("GET / HTTP/1.1\r\nHost: h\r\n\r\n"),
            .server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        ])
        #expect(outcome.ruleIDs == [HandshakeRule.malformedHTTP.id])
        #expect(!outcome.events.contains(.messageEnd(from: .server)))
    }

    @Test func conflictingContentLengthsAreMalformed() {
        let outcome = ParserHarness().run([.client("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")])
        #expect(outcome.ruleIDs == [HandshakeRule.malformedHTTP.id])
    }

    @Test func headLargerThanTheLimitIsAFindingNotABuffer() {
        var harness = ParserHarness()
        harness.limits.maxHeadLength = 1024
        let huge = "GET / HTTP/1.1\r\nHost: h\r\nX-Filler: " + String(repeating: "a", count: 5000) + "\r\n\r\n"
        let outcome = harness.run([.client(huge), .client("GET /next HTTP/1.1\r\nHost: h\r\n\r\n")])
        #expect(outcome.ruleIDs == [HandshakeRule.headTooLarge.id])
        #expect(outcome.findings.first?.streamOffset == 0)
        #expect(outcome.requestHeads.isEmpty)
    }

    @Test func defaultHeadLimitIs64KiB() {
        let filler = String(repeating: "b", count: 70 * 1024)
        let outcome = ParserHarness().run([.client("GET / HTTP/1.1\r\nX: \(filler)\r\n\r\n")])
        #expect(outcome.ruleIDs == [HandshakeRule.headTooLarge.id])
        #expect(HTTPConnectionParser.Limits().maxHeadLength == 65536)
    }

    @Test func streamsThatDoNotStartLikeHTTPAreHandedBack() {
        // A capture that starts mid-WebSocket: a masked client frame and an unmasked server frame.
        let clientFrame: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        let serverFrame: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        let outcome = ParserHarness().run([.client(bytes: clientFrame), .server(bytes: serverFrame)])
        #expect(outcome.events == [
            .notHTTP(NotHTTPHandOff(from: .client, offset: 0, bufferedBytes: [], isStreamStart: true)),
            .notHTTP(NotHTTPHandOff(from: .server, offset: 0, bufferedBytes: [], isStreamStart: true)),
        ])
        #expect(outcome.protocolBytes == [.client: clientFrame, .server: serverFrame])
    }

    @Test(arguments: ["HTTP/2.0 200 OK\r\n\r\n", "HTTX/1.1 200 OK\r\n\r\n", "SSH-2.0-OpenSSH_9.6\r\n"])
    func serverStreamsThatAreNotHTTP1(_ text: String) {
        let outcome = ParserHarness().run([.server(text)])
        #expect(outcome.events == [.notHTTP(NotHTTPHandOff(from: .server, offset: 0, bufferedBytes: [], isStreamStart: true))])
        #expect(outcome.protocolBytes[.server] == Array(text.utf8))
    }

    @Test(arguments: ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET /\r\n", "hello world, not http\r\n", "\u{16}\u{03}\u{01}"])
    func clientStreamsThatAreNotHTTP1(_ text: String) {
        let outcome = ParserHarness().run([.client(text)])
        #expect(outcome.events == [.notHTTP(NotHTTPHandOff(from: .client, offset: 0, bufferedBytes: [], isStreamStart: true))])
        #expect(outcome.protocolBytes[.client] == Array(text.utf8))
    }

    @Test func garbageAfterAMessageIsMalformedAndHandedBack() {
        let request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n"
        let outcome = ParserHarness().run([.client(request + "\u{1}\u{2}junk")])
        #expect(outcome.ruleIDs == [HandshakeRule.malformedHTTP.id])
        let offset = UInt64(request.utf8.count)
        #expect(outcome.events.last == .notHTTP(NotHTTPHandOff(from: .client, offset: offset, bufferedBytes: [], isStreamStart: false)))
        #expect(outcome.protocolBytes[.client] == Array("\u{1}\u{2}junk".utf8))
    }
}
