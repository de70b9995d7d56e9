import Foundation
import HTTPUpgrade
import Testing
import WireBytes

struct WebSocketHandshakeTests {
    @Test func rfcSampleHandshakeIsClean() throws {
        let (request, response) = try SampleTraffic.heads(request: SampleTraffic.rfcRequest, response: SampleTraffic.rfcResponse)
        let handshake = WebSocketHandshake(request: request, response: response)
        #expect(handshake.findings.isEmpty, "\(handshake.findings.map(\.message))")
        #expect(handshake.method == "GET")
        #expect(handshake.target == "/chat")
        #expect(handshake.host == "server.example.com")
        #expect(handshake.origin == "http://example.com")
        #expect(handshake.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(handshake.accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(handshake.expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(handshake.expectedAcceptDerivation?.sha1Digest.count == 20)
        #expect(handshake.acceptValid == true)
        #expect(handshake.version == "13")
        #expect(handshake.offeredSubprotocols == ["chat", "superchat"])
        #expect(handshake.subprotocol == "chat")
        #expect(handshake.status == 101)
        #expect(handshake.isEstablished)
    }

    @Test func chromiumHandshakeWithPermessageDeflateIsClean() throws {
        let (request, response) = try SampleTraffic.heads(request: SampleTraffic.chromiumRequest,
                                                          response: SampleTraffic.chromiumResponse)
        let handshake = WebSocketHandshake(request: request, response: response)
        #expect(handshake.findings.isEmpty, "\(handshake.findings.map(\.message))")
        #expect(handshake.acceptValid == true)
        #expect(handshake.userAgent?.hasPrefix("Mozilla/5.0") == true)
        #expect(handshake.offeredExtensions == [WebSocketExtensionOffer(name: "permessage-deflate", parameters: [
            .init(name: "client_max_window_bits"),
        ])])
        #expect(handshake.extensions == [WebSocketExtensionOffer(name: "permessage-deflate", parameters: [
            .init(name: "client_max_window_bits", value: "15"),
        ])])
        #expect(handshake.subprotocol == nil)
    }

    @Test func requestWithoutResponseIsCheckedAlone() throws {
        let (request, _) = try SampleTraffic.heads(request: SampleTraffic.chromiumRequest, response: nil)
        let handshake = WebSocketHandshake(request: request, response: nil)
        #expect(handshake.findings.isEmpty)
        #expect(handshake.status == nil)
        #expect(handshake.acceptValid == nil, "no 101: nothing to check")
        #expect(handshake.accept == nil)
        #expect(handshake.expectedAccept == "7eQChgCtQMnVILefJAO6dK5JwPc=")
    }

    @Test func refusedHandshakeChecksOnlyTheRequest() throws {
        let (request, response) = try SampleTraffic.heads(
            request: SampleTraffic.chromiumRequest,
            response: "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n")
        let handshake = WebSocketHandshake(request: request, response: response)
        #expect(handshake.status == 426)
        #expect(!handshake.isEstablished)
        #expect(handshake.findings.isEmpty)
    }

    @Test(arguments: HandshakeCase.all)
    func eachRuleFiresAlone(_ testCase: HandshakeCase) throws {
        let (request, response) = try SampleTraffic.heads(request: testCase.request, response: testCase.response)
        let handshake = WebSocketHandshake(request: request, response: response)
        #expect(handshake.findings.map(\.rule.id) == [testCase.rule.id], "\(handshake.findings.map(\.message))")
        let finding = try #require(handshake.findings.first)
        let expectedOffset = testCase.isServerRule ? response?.startOffset : request.startOffset
        #expect(finding.streamOffset == expectedOffset)
        #expect(testCase.isServerRule ? handshake.serverFindings.count == 1 : handshake.clientFindings.count == 1)
    }

    @Test(arguments: ParserRuleCase.all)
    func eachParserRuleFires(_ testCase: ParserRuleCase) {
        var harness = ParserHarness()
        harness.limits = testCase.limits
        harness.endStreams = testCase.endStreams
        let outcome = harness.run(testCase.segments)
        #expect(outcome.ruleIDs.contains(testCase.rule.id), "\(outcome.ruleIDs)")
    }

    @Test func everyRuleIsFiredByATest() {
        let fired = Set(HandshakeCase.all.map(\.rule.id) + ParserRuleCase.all.map(\.rule.id))
        let missing = HandshakeRule.all.map(\.id).filter { !fired.contains($0) }
        #expect(missing.isEmpty, "rules no test fires: \(missing)")
    }

    @Test func ruleIDsAreUniqueAndNamespaced() {
        let ids = HandshakeRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("handshake.") })
        #expect(HandshakeRule.all.allSatisfy { !$0.summary.isEmpty })
    }
}

/// A handshake that breaks exactly one rule of `WebSocketHandshake`.
struct HandshakeCase: Sendable, CustomTestStringConvertible {
    var rule: Rule
    var request: String
    var response: String?
    var isServerRule: Bool

    var testDescription: String { rule.id }

    private static func request(replacing old: String, with new: String) -> String {
        precondition(SampleTraffic.chromiumRequest.contains(old), "sample request lacks \(old)")
        return SampleTraffic.chromiumRequest.replacingOccurrences(of: old, with: new)
    }

    private static func response(replacing old: String, with new: String) -> String {
        precondition(SampleTraffic.chromiumResponse.contains(old), "sample response lacks \(old)")
        return SampleTraffic.chromiumResponse.replacingOccurrences(of: old, with: new)
    }

    private static func client(_ rule: Rule, _ request: String, response: String? = SampleTraffic.chromiumResponse) -> HandshakeCase {
        HandshakeCase(rule: rule, request: request, response: response, isServerRule: false)
    }

    private static func server(_ rule: Rule, _ response: String, request: String = SampleTraffic.chromiumRequest) -> HandshakeCase {
        HandshakeCase(rule: rule, request: request, response: response, isServerRule: true)
    }

    static let all: [HandshakeCase] = [
        client(HandshakeRule.methodNotGet, request(replacing: "GET /socket", with: "POST /socket")),
        client(HandshakeRule.httpVersionTooOld, request(replacing: "/socket HTTP/1.1", with: "/socket HTTP/1.0")),
        client(HandshakeRule.hostMissing, request(replacing: "Host: localhost:8080\r\n", with: "")),
        client(HandshakeRule.requestUpgradeTokenMissing, request(replacing: "Upgrade: websocket", with: "Upgrade: websocket2")),
        client(HandshakeRule.requestConnectionTokenMissing,
               request(replacing: "Connection: Upgrade", with: "Connection: keep-alive"), response: nil),
        client(HandshakeRule.keyMissing, request(replacing: "Sec-WebSocket-Key: E4WSEcseoWr4csPLS2QJHA==\r\n", with: ""),
               response: nil),
        client(HandshakeRule.keyInvalid, request(replacing: "E4WSEcseoWr4csPLS2QJHA==", with: "not base64!!"), response: nil),
        client(HandshakeRule.keyInvalid,
               request(replacing: "Sec-WebSocket-Key: E4WSEcseoWr4csPLS2QJHA==\r\n",
                       with: "Sec-WebSocket-Key: E4WSEcseoWr4csPLS2QJHA==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"),
               response: nil),
        client(HandshakeRule.keyLength, request(replacing: "E4WSEcseoWr4csPLS2QJHA==", with: "c2hvcnQ="), response: nil),
        client(HandshakeRule.versionNot13, request(replacing: "Sec-WebSocket-Version: 13", with: "Sec-WebSocket-Version: 8")),
        client(HandshakeRule.extensionSyntax,
               request(replacing: "permessage-deflate; client_max_window_bits\r\n",
                       with: "permessage-deflate; client_max_window_bits=\"1 5\"\r\n")),

        server(HandshakeRule.switchingWithoutUpgradeHeader, response(replacing: "Upgrade: websocket\r\n", with: "")),
        server(HandshakeRule.responseUpgradeTokenMissing, response(replacing: "Upgrade: websocket", with: "Upgrade: h2c")),
        server(HandshakeRule.responseConnectionTokenMissing, response(replacing: "Connection: Upgrade", with: "Connection: close")),
        server(HandshakeRule.acceptMissing, response(replacing: "Sec-WebSocket-Accept: 7eQChgCtQMnVILefJAO6dK5JwPc=\r\n", with: "")),
        server(HandshakeRule.acceptMismatch,
               response(replacing: "7eQChgCtQMnVILefJAO6dK5JwPc=", with: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")),
        server(HandshakeRule.subprotocolNotOffered,
               response(replacing: "Connection: Upgrade\r\n", with: "Connection: Upgrade\r\nSec-WebSocket-Protocol: chat\r\n")),
        server(HandshakeRule.subprotocolNotSingle,
               SampleTraffic.rfcResponse.replacingOccurrences(of: "Protocol: chat", with: "Protocol: chat, superchat"),
               request: SampleTraffic.rfcRequest),
        server(HandshakeRule.extensionNotOffered,
               response(replacing: "permessage-deflate; client_max_window_bits=15", with: "x-webkit-deflate-frame")),
        server(HandshakeRule.extensionSyntax,
               response(replacing: "client_max_window_bits=15", with: "client_max_window_bits=\"15")),
    ]
}

/// Traffic that makes `HTTPConnectionParser` report one of its rules.
struct ParserRuleCase: Sendable, CustomTestStringConvertible {
    var rule: Rule
    var segments: [ParserHarness.Segment]
    var limits = HTTPConnectionParser.Limits()
    var endStreams = false

    var testDescription: String { rule.id }

    static let all: [ParserRuleCase] = [
        ParserRuleCase(rule: HandshakeRule.upgradeRefused, segments: [
            .client(SampleTraffic.rfcRequest), .server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
        ]),
        ParserRuleCase(rule: HandshakeRule.clientDataBeforeResponse, segments: [
            .client(SampleTraffic.rfcRequest), .client(bytes: UpgradeHandOffTests.clientHello),
        ]),
        ParserRuleCase(rule: HandshakeRule.heldBytesLimit, segments: [
            .client(SampleTraffic.rfcRequest), .client(bytes: [UInt8](repeating: 0x82, count: 100)),
        ], limits: HTTPConnectionParser.Limits(maxHeldClientBytes: 10)),
        ParserRuleCase(rule: HandshakeRule.malformedHTTP, segments: [
            .server("HTTP/1.1 2x0 OK\r\n\r\n"),
        ]),
        ParserRuleCase(rule: HandshakeRule.headTooLarge, segments: [
            .client("GET / HTTP/1.1\r\nX: " + String(repeating: "y", count: 300) + "\r\n\r\n"),
        ], limits: HTTPConnectionParser.Limits(maxHeadLength: 100)),
        ParserRuleCase(rule: HandshakeRule.bareLineFeed, segments: [.client("GET / HTTP/1.1\r\nHost: h\n\r\n")]),
        ParserRuleCase(rule: HandshakeRule.obsoleteLineFolding, segments: [.client("GET / HTTP/1.1\r\nHost: h\r\n x\r\n\r\n")]),
        ParserRuleCase(rule: HandshakeRule.incompleteMessage, segments: [.client("GET / HTTP/1.1\r\nHo")], endStreams: true),
        ParserRuleCase(rule: HandshakeRule.truncatedHead, segments: [.client("GET /chat HTTP/1.1\r\nHost: 1"), .gap(.client, 150)]),
    ]
}
