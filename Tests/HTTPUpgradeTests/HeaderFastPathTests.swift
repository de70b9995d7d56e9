import HTTPUpgrade
import Testing
import WireBytes

/// The byte-level paths behind header lookups and head parsing: known names recognised in any
/// case (and nothing else), cached upgrade answers that follow header changes, list tokens inside
/// quotes, folded and repeated fields, heads cut at every byte and at the head limit.
struct HeaderFastPathTests {
    // MARK: Names

    @Test(arguments: ["Sec-WebSocket-Key", "sec-websocket-key", "SEC-WEBSOCKET-KEY", "sEC-wEBsOCKET-kEY"])
    func knownNamesMatchInAnyCase(_ name: String) throws {
        let request = "GET /chat HTTP/1.1\r\nhost: h\r\nUPGRADE: WebSocket\r\nconnection: upgrade\r\n"
            + "\(name): dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-VERSION: 13\r\n\r\n"
        let (head, response) = try SampleTraffic.heads(request: request, response: SampleTraffic.rfcResponse
            .replacingOccurrences(of: "Sec-WebSocket-Protocol: chat\r\n", with: ""))
        #expect(head.headers.map(\.name).contains(name), "names are kept as sent")
        #expect(head.headers["Sec-WebSocket-Key"] == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(head.headers.values(for: "SEC-websocket-key") == ["dGhlIHNhbXBsZSBub25jZQ=="])
        #expect(head.asksForWebSocket)
        let handshake = WebSocketHandshake(request: head, response: response)
        #expect(handshake.findings.isEmpty, "\(handshake.findings.map(\.message))")
        #expect(handshake.acceptValid == true)
        #expect(handshake.version == "13")
    }

    @Test(arguments: ["Sec-WebSocket-Kez", "Sec_WebSocket_Key", "Sec-WebSocket-Key2", "Sec-WebSocket-Ke",
                      "Sec-WebSocket\rKey", "Sec-WebSocket-K\u{e9}y", "Sec-WebSocket-Keys"])
    func namesThatOnlyResembleAKnownNameDoNotMatch(_ name: String) {
        let headers: HTTPHeaders = [(name, "x")]
        #expect(headers["Sec-WebSocket-Key"] == nil)
        #expect(!headers.contains("sec-websocket-key"))
        #expect(headers[name] == "x", "the odd name itself is still found")
        #expect(headers.values(for: name.lowercased()) == ["x"])
    }

    @Test func everyKnownNameIsFoundInEveryCase() {
        let names = ["Host", "Origin", "User-Agent", "Upgrade", "Connection", "Transfer-Encoding", "Content-Length",
                     "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol",
                     "Sec-WebSocket-Extensions", "Sec-WebSocket-Accept", "X-Other"]
        var headers = HTTPHeaders()
        for (index, name) in names.enumerated() { headers.append(name: name.lowercased(), value: "\(index)") }
        for (index, name) in names.enumerated() {
            #expect(headers[name] == "\(index)")
            #expect(headers[name.uppercased()] == "\(index)")
            #expect(headers.values(for: name) == ["\(index)"])
            #expect(headers.contains(name))
        }
        #expect(!headers.contains("Cookie"))
    }

    @Test func renamingAFieldCopyLooksItUpByItsNewName() {
        let headers: HTTPHeaders = [("X-Key", "abc")]
        var field = headers[0]
        field.name = "Sec-WebSocket-Key"
        var renamed = HTTPHeaders()
        renamed.append(name: field.name, value: field.value)
        #expect(renamed["sec-websocket-key"] == "abc")
        #expect(field == HTTPHeaders.Field(name: "Sec-WebSocket-Key", value: "abc"))
        #expect(field.hashValue == HTTPHeaders.Field(name: "Sec-WebSocket-Key", value: "abc").hashValue)
        #expect(field != headers[0])
    }

    // MARK: Upgrade answers

    @Test func upgradeAnswersFollowChangedHeaders() throws {
        var (head, _) = try SampleTraffic.heads(request: "GET / HTTP/1.1\r\nHost: h\r\n\r\n", response: nil)
        #expect(!head.asksForUpgrade && !head.asksForWebSocket)
        head.headers.append(name: "Connection", value: "keep-alive, Upgrade")
        head.headers.append(name: "Upgrade", value: "h2c")
        #expect(head.asksForUpgrade && !head.asksForWebSocket)
        head.headers = [("connection", "upgrade"), ("upgrade", "foo, WebSocket")]
        #expect(head.asksForWebSocket)
        let rebuilt = HTTPRequestHead(method: head.method, target: head.target, version: head.version,
                                      headers: head.headers, startOffset: head.startOffset, rawBytes: head.rawBytes)
        #expect(rebuilt == head)
    }

    @Test(arguments: [
        ("keep-alive, Upgrade", "websocket", true, true),
        ("\"upgrade\"", "websocket", false, false),
        ("keep-alive, \"a,b\\\"c\", Upgrade", "websocket", true, true),
        ("Upgrade", "\"websocket\"", true, false),
        ("Upgrade", "\"websocket, x\"", true, false),
        ("Upgrade", " , ", false, false),
        ("Upgrade", "h2c, WEBSOCKET", true, true),
        (" upgrade ,", "\twebsocket\t", true, true),
    ])
    func listTokensInsideQuotesAreNotTokens(_ connection: String, _ upgrade: String, _ asksForUpgrade: Bool,
                                            _ asksForWebSocket: Bool) throws {
        let request = "GET / HTTP/1.1\r\nHost: h\r\nConnection: \(connection)\r\nUpgrade: \(upgrade)\r\n\r\n"
        let (head, _) = try SampleTraffic.heads(request: request, response: nil)
        #expect(head.asksForUpgrade == asksForUpgrade)
        #expect(head.asksForWebSocket == asksForWebSocket)
    }

    @Test func listsOfUnknownHeadersAreSplitLikeKnownOnes() {
        let headers: HTTPHeaders = [("X-List", "a, \"b,c\", , D"), ("x-list", "e"), ("Upgrade", "a, \"b,c\", , D"), ("upgrade", "e")]
        #expect(headers.listElements(for: "X-List") == ["a", "\"b,c\"", "D", "e"])
        #expect(headers.listElements(for: "x-list") == headers.listElements(for: "UPGRADE"))
        #expect(headers.hasToken("d", in: "X-LIST") && headers.hasToken("d", in: "upgrade"))
        #expect(!headers.hasToken("b", in: "x-list") && !headers.hasToken("b", in: "Upgrade"))
        #expect(headers.tokens(for: "x-list") == ["a", "\"b,c\"", "d", "e"])
    }

    // MARK: Folded and repeated fields

    @Test func foldedListHeaderStillAsksForTheUpgrade() throws {
        let request = "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive,\r\n Upgrade\r\nUpgrade:\r\n\twebsocket\r\n\r\n"
        let outcome = ParserHarness().run([.client(request)])
        let head = try #require(outcome.requestHeads.first)
        #expect(head.headers["Connection"] == "keep-alive, Upgrade")
        #expect(head.headers["Upgrade"] == "websocket", "a fold onto an empty value adds no space")
        #expect(head.asksForWebSocket)
        #expect(outcome.ruleIDs == [HandshakeRule.obsoleteLineFolding.id])
        #expect(outcome.findings.first?.message == "the value of Connection is folded onto the next line")
    }

    @Test func foldedLinesKeepTheirOddBytes() throws {
        let request = Array("GET / HTTP/1.1\r\nX-Odd: caf".utf8) + [0xc3] + Array("\r\n \u{a9} end \r\n\r\n".utf8)
        let outcome = ParserHarness().run([.client(bytes: request)])
        let head = try #require(outcome.requestHeads.first)
        #expect(head.headers["x-odd"] == String(decoding: Array("caf".utf8) + [0xc3, 0x20] + Array("\u{a9} end".utf8),
                                                as: UTF8.self))
    }

    @Test func repeatedHandshakeHeadersAreEachReported() throws {
        let request = SampleTraffic.rfcRequest.replacingOccurrences(
            of: "Sec-WebSocket-Version: 13\r\n",
            with: "Sec-WebSocket-Version: 13\r\nsec-websocket-version: 8\r\nSEC-WEBSOCKET-KEY: AAAA\r\n")
        let (head, _) = try SampleTraffic.heads(request: request, response: nil)
        let handshake = WebSocketHandshake(request: head, response: nil)
        #expect(handshake.version == "13, 8")
        #expect(handshake.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(handshake.expectedAcceptDerivation == nil)
        #expect(handshake.clientFindings.map(\.message) == [
            "Sec-WebSocket-Key appears 2 times",
            "Sec-WebSocket-Version is \"13, 8\", not 13",
        ])
    }

    @Test(arguments: [("AAAA", 3), ("AA==", 1), ("AAA=", 2), ("", 0)])
    func shortKeysReportTheirDecodedLength(_ key: String, _ length: Int) throws {
        let request = SampleTraffic.rfcRequest.replacingOccurrences(of: "dGhlIHNhbXBsZSBub25jZQ==", with: key)
        let (head, _) = try SampleTraffic.heads(request: request, response: nil)
        let handshake = WebSocketHandshake(request: head, response: nil)
        #expect(handshake.clientFindings.map(\.message)
            == ["Sec-WebSocket-Key \"\(key)\" decodes to \(length) bytes, not 16"])
    }

    // MARK: Extension values that are not ASCII

    @Test func extensionParametersWithCombiningMarksAreJudgedAsCharacters() {
        // "=" followed by a combining accent is one Character, not an "=": the whole piece is a
        // parameter name, and not a token.
        var findings: [Finding] = []
        let offers = WebSocketExtensionOffer.parseList(["permessage-deflate; a=\u{301}b; c=d"], findings: &findings)
        #expect(offers == [WebSocketExtensionOffer(name: "permessage-deflate", parameters: [.init(name: "c", value: "d")])])
        #expect(findings.map(\.message) == ["permessage-deflate: parameter \"a=\u{301}b\" is not a token"])
    }

    @Test func asciiAndNonASCIIValuesParseAlike() {
        var asciiFindings: [Finding] = []
        var mixedFindings: [Finding] = []
        let ascii = WebSocketExtensionOffer.parseList(["x; a=\"1\"; ;b, \"q\", , y ; c = d"], findings: &asciiFindings)
        let mixed = WebSocketExtensionOffer.parseList(["x; a=\"1\"; ;b, \"q\", , y ; c = d, \u{e9}"], findings: &mixedFindings)
        #expect(mixed == ascii)
        #expect(mixedFindings.map(\.message) == asciiFindings.map(\.message) + ["extension name \"\u{e9}\" is not a token"])
        #expect(asciiFindings.map(\.message) == [
            "x: an empty parameter (\";;\" or a trailing \";\")",
            "extension name \"\"q\"\" is not a token",
        ])
    }

    // MARK: Heads cut anywhere

    @Test func longHeadsParseTheSameInEverySplit() throws {
        // Lines longer than a machine word, a line end right at a word edge, bare LFs.
        let request = "GET /a/rather/long/target?with=query&and=more HTTP/1.1\r\nHost: example.org:8080\r\n"
            + "X-1234567: 12345678\r\nUser-Agent: " + String(repeating: "z", count: 40) + "\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let outcome = ParserHarness().run([.client(request), .server(SampleTraffic.rfcResponse)])
        let head = try #require(outcome.requestHeads.first)
        #expect(head.headLength == request.utf8.count)
        #expect(head.headers.count == 7)
        #expect(head.headers["user-agent"] == String(repeating: "z", count: 40))
        #expect(outcome.ruleIDs == [HandshakeRule.bareLineFeed.id])
        #expect(outcome.upgrade != nil)
    }

    @Test func aHeadExactlyAtTheLimitFitsAndOneByteMoreDoesNot() {
        let head = "GET / HTTP/1.1\r\nHost: h\r\nX-Fill: " + String(repeating: "f", count: 50) + "\r\n\r\n"
        var harness = ParserHarness()
        harness.limits.maxHeadLength = head.utf8.count
        let fits = harness.run([.client(head + head)])
        #expect(fits.requestHeads.count == 2)
        #expect(fits.findings.isEmpty)

        harness.limits.maxHeadLength = head.utf8.count - 1
        let tooLong = harness.run([.client(head)])
        #expect(tooLong.ruleIDs == [HandshakeRule.headTooLarge.id])
        #expect(tooLong.requestHeads.isEmpty)
    }

    @Test func emptyTrailerSectionsEndTheMessage() {
        let outcome = ParserHarness().run([
            .client("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"),
            .server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\n\n"),
        ])
        #expect(outcome.responseHeads.count == 2)
        #expect(outcome.events.filter { $0 == .messageEnd(from: .server) }.count == 2)
        #expect(outcome.bodyLength(from: .server) == 3)
        #expect(outcome.findings.isEmpty)
    }
}
