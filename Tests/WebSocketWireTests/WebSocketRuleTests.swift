import Testing
import WebSocketWire
import WireBytes

/// A script that breaks one rule.
struct RuleCase: CustomTestStringConvertible, Sendable {
    let ruleID: String
    let configuration: WebSocketSession.Configuration
    let script: @Sendable () -> [ScriptStep]
    let finish: WebSocketSession.TransportEnd?

    init(_ ruleID: String, configuration: WebSocketSession.Configuration = .init(), finish: WebSocketSession.TransportEnd? = nil,
         _ script: @escaping @Sendable () -> [ScriptStep]) {
        self.ruleID = ruleID
        self.configuration = configuration
        self.finish = finish
        self.script = script
    }

    var testDescription: String { ruleID }
}

private let deflate = WebSocketSession.Configuration(deflate: PerMessageDeflateParameters())
private let withoutHandshake = WebSocketSession.Configuration(handshakeSeen: false)

@Suite struct WebSocketRuleTests {
    static let cases: [RuleCase] = [
        RuleCase("ws.client-frame-unmasked") { [.client(FrameBuilder.server(1, "hi".bytes))] },
        RuleCase("ws.server-frame-masked") { [.server(FrameBuilder.client(1, "hi".bytes, seed: 1))] },
        RuleCase("ws.masking-key-zero") { [.client(FrameBuilder.frame(1, "hi".bytes, key: [0, 0, 0, 0]))] },
        RuleCase("ws.masking-key-reused") {
            [.client(FrameBuilder.client(1, "a".bytes, seed: 4)), .client(FrameBuilder.client(1, "b".bytes, seed: 4))]
        },
        RuleCase("ws.rsv-without-extension") { [.server(FrameBuilder.server(1, "hi".bytes, rsv: 2))] },
        RuleCase("ws.rsv1-on-control-or-continuation", configuration: deflate) { [.server(FrameBuilder.server(9, [], rsv: 4))] },
        RuleCase("ws.reserved-opcode") { [.server(FrameBuilder.server(3, [1]))] },
        RuleCase("ws.length-not-minimal") { [.server(FrameBuilder.frame(1, "hi".bytes, forceLengthEncoding: 16))] },
        RuleCase("ws.length-top-bit-set", finish: .fin) { [.server([0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1])] },
        RuleCase("ws.control-frame-too-long") { [.server(FrameBuilder.server(9, Array(repeating: 1, count: 126)))] },
        RuleCase("ws.control-frame-fragmented") { [.server(FrameBuilder.server(9, [], fin: false))] },
        RuleCase("ws.continuation-without-message") { [.server(FrameBuilder.server(0, "x".bytes))] },
        RuleCase("ws.data-frame-inside-fragmented-message") {
            [.server(FrameBuilder.server(1, "a".bytes, fin: false)), .server(FrameBuilder.server(2, [1]))]
        },
        RuleCase("ws.text-invalid-utf8") { [.server(FrameBuilder.server(1, [0x61, 0xc3, 0x28]))] },
        RuleCase("ws.close-reason-invalid-utf8") { [.server(FrameBuilder.server(8, FrameBuilder.close(1000) + [0xff]))] },
        RuleCase("ws.close-payload-one-byte") { [.server(FrameBuilder.server(8, [0x03]))] },
        RuleCase("ws.close-code-invalid") { [.server(FrameBuilder.server(8, FrameBuilder.close(1004)))] },
        RuleCase("ws.close-code-not-on-wire") { [.server(FrameBuilder.server(8, FrameBuilder.close(1006)))] },
        RuleCase("ws.frame-after-close") {
            [.server(FrameBuilder.server(8, FrameBuilder.close(1001))), .server(FrameBuilder.server(1, "late".bytes))]
        },
        RuleCase("ws.pong-payload-mismatch") {
            [.server(FrameBuilder.server(9, "abc".bytes)), .client(FrameBuilder.client(0xa, "abd".bytes, seed: 1))]
        },
        RuleCase("ws.close-not-answered", finish: .fin) { [.client(FrameBuilder.client(8, FrameBuilder.close(1000), seed: 1))] },
        RuleCase("ws.closed-without-close-handshake", finish: .fin) { [.server(FrameBuilder.server(1, "hi".bytes))] },
        RuleCase("ws.open-at-capture-end", finish: .captureEnded) { [.server(FrameBuilder.server(1, "hi".bytes))] },
        RuleCase("ws.close-code-differs", finish: .fin) {
            [.client(FrameBuilder.client(8, FrameBuilder.close(1000), seed: 1)), .server(FrameBuilder.server(8, FrameBuilder.close(1001)))]
        },
        RuleCase("ws.inflate-error", configuration: deflate) { [.server(FrameBuilder.server(1, [0xff, 0xfe], rsv: 4))] },
        RuleCase("ws.inflated-message-too-large",
                 configuration: .init(deflate: PerMessageDeflateParameters(), maxInflatedMessageSize: 100)) {
            [.server(FrameBuilder.server(2, TestDeflater().compressMessage(Array(repeating: 0, count: 1000)), rsv: 4))]
        },
        RuleCase("ws.deflate-context-before-capture", configuration: withoutHandshake) {
            [.server(Hex.decode("c105f200110000")!)]
        },
        RuleCase("ws.deflate-inferred", configuration: withoutHandshake) { [.server(Hex.decode("c107f248cdc9c90700")!)] },
        RuleCase("ws.inflate-needs-missing-bytes", configuration: deflate) {
            // "Hello", its last bytes lost; then the RFC 7692 message that repeats it by reference.
            [.server(Array(Hex.decode("c107f248cdc9c90700")!.prefix(5))), .gap(.server, 4),
             .server(Hex.decode("c105f200110000")!)]
        },
        RuleCase("ws.framing-sync-lost") { [.server(FrameBuilder.server(1, "a".bytes)), .gap(.server, 3)] },
        RuleCase("ws.framing-resynchronized") {
            [.server(FrameBuilder.server(1, "a".bytes)), .gap(.server, 3),
             .server([0xff, 0x13] + (0..<4).flatMap { FrameBuilder.server(2, [UInt8($0)]) })]
        },
        RuleCase("ws.payload-bytes-missing") {
            [.server(Array(FrameBuilder.server(1, "abcdef".bytes)[0..<4])), .gap(.server, 2), .server("ef".bytes)]
        },
        RuleCase("ws.frame-incomplete-at-end", finish: .fin) { [.server([0x81, 0x05, 0x61])] },
        RuleCase("ws.message-incomplete-at-end", finish: .fin) { [.server(FrameBuilder.server(1, "a".bytes, fin: false))] },
    ]

    @Test(arguments: cases)
    func ruleFires(_ ruleCase: RuleCase) throws {
        let (events, _) = SessionHarness.runAllSplits(ruleCase.script(), configuration: ruleCase.configuration,
                                                      finish: ruleCase.finish)
        let finding = try #require(events.findings.first { $0.rule.id == ruleCase.ruleID }, "rules fired: \(events.ruleIDs)")
        #expect(!finding.message.isEmpty)
        if let frameIndex = finding.frameIndex {
            #expect(events.frames.first { $0.index == frameIndex }?.ruleIDs.contains(ruleCase.ruleID) == true)
        }
        if !["ws.closed-without-close-handshake", "ws.open-at-capture-end", "ws.close-not-answered", "ws.close-code-differs"]
            .contains(ruleCase.ruleID) {
            #expect(finding.streamOffset != nil)
        }
    }

    /// Every rule of the module has a case above, except the one about handshake parameters,
    /// which has its own test (PerMessageDeflateTests), and the unanswered ping, which needs packet
    /// times and is judged by the analysis (EndOfConnectionTests).
    @Test func everyRuleIsCovered() {
        let covered = Set(Self.cases.map(\.ruleID)).union(["ws.deflate-parameter-invalid", "ws.ping-unanswered"])
        #expect(Set(WebSocketRule.all.map(\.id)) == covered)
    }

    @Test func idsAreUniqueStableAndDocumented() {
        let ids = WebSocketRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in WebSocketRule.all {
            #expect(rule.id.hasPrefix("ws."))
            #expect(rule.id == rule.id.lowercased() && !rule.id.contains(" "))
            #expect(rule.summary.hasSuffix("."))
            if let section = rule.rfcSection { #expect(section.hasPrefix("6455 ") || section.hasPrefix("7692 ")) }
        }
    }

    @Test func frameAfterCloseCountsOnlyTheSendersOwnClose() {
        let (events, _) = SessionHarness.runAllSplits([
            .client(FrameBuilder.client(8, FrameBuilder.close(1000), seed: 1)),
            .server(FrameBuilder.server(1, "still in flight".bytes)),
            .server(FrameBuilder.server(8, FrameBuilder.close(1000))),
        ])
        #expect(events.findings.isEmpty, "a server may send data it had queued before answering: \(events.ruleIDs)")
    }

    @Test func rsvBitsAreNotJudgedWithoutHandshakeOrWithAnUnknownExtension() {
        for configuration in [withoutHandshake, WebSocketSession.Configuration(negotiatedExtensionNames: ["x-custom"])] {
            let (events, _) = SessionHarness.runAllSplits([.server(FrameBuilder.server(2, [1], rsv: 3))], configuration: configuration)
            #expect(!events.ruleIDs.contains("ws.rsv-without-extension"))
        }
    }
}
