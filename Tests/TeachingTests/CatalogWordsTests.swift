import Analysis
import Foundation
import HTTPUpgrade
import Localization
import TCPReassembly
import Testing
import TLS
import WebSocketWire
import WireBytes
@testable import Teaching

/// The catalog as the renderers use it: every key they build at run time exists in both languages,
/// its English is the English the code has always said (rule summaries, opcode and close code words,
/// finding messages: JSON keeps the code's text, text output the catalog's), and German is German.
@Suite("Catalog words")
struct CatalogWordsTests {
    static let english = Style(language: .en)
    static let german = Style(language: .de)
    static let allRules = WebSocketRule.all + HandshakeRule.all + TCPRule.all + AnalysisRule.all + TLSRule.all

    /// `key` is in the catalog with an English and a German text.
    static func expectKey(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let entry = Catalog.bundled.entries[key]
        #expect(entry?.texts["en"] != nil && entry?.texts["de"] != nil, "the catalog lacks \(key) in English or German",
                sourceLocation: sourceLocation)
    }

    @Test("every rule's summary is in the catalog; its English is the rule's own")
    func ruleSummaries() {
        #expect(Self.allRules.count >= 90)
        for rule in Self.allRules {
            let key = FindingWords.summaryKey(rule)
            Self.expectKey(key)
            #expect(Self.english.tr(key) == rule.summary, "\(key): the catalog's English differs from the code's")
            #expect(FindingWords.summary(rule, style: Self.german) != rule.summary, "\(rule.id) is not said in German")
        }
    }

    @Test("opcode names and meanings: English as the code says them, German from the thesis")
    func opcodes() {
        for opcode in WebSocketOpcode.allCases {
            #expect(OpcodeWords.name(opcode, style: Self.english) == opcode.name)
            #expect(OpcodeWords.meaning(opcode, style: Self.english) == opcode.meaning)
            #expect(!OpcodeWords.name(opcode, style: Self.german).hasPrefix("opcode."))
            #expect(!OpcodeWords.meaning(opcode, style: Self.german).hasPrefix("opcode."))
        }
        #expect(OpcodeWords.name(.continuation, style: Self.german) == "Fortsetzung")
        #expect(OpcodeWords.meaning(.connectionClose, style: Self.german) == "Verbindung beenden")
        #expect(OpcodeWords.meaning(WebSocketOpcode(rawValue: 0xb), style: Self.german) == "reserviert für weitere Control-Frames")
    }

    @Test("close codes: meanings, ranges and labels for every code, English as before")
    func closeCodes() {
        for raw in Array(0...1100) + [1999, 2000, 2999, 3000, 3999, 4000, 4999, 5000, 65535] {
            let code = WebSocketCloseCode(rawValue: UInt16(raw))
            #expect(CloseCodeWords.meaning(code, style: Self.english) == code.meaning, "\(raw)")
            #expect(CloseCodeWords.label(code, style: Self.english) == code.label, "\(raw)")
            for style in [Self.english, Self.german] {
                #expect(!CloseCodeWords.meaning(code, style: style).hasPrefix("close."), "\(raw)")
                #expect(!CloseCodeWords.rangeText(code, style: style).hasPrefix("close."), "\(raw)")
                #expect(!CloseCodeWords.label(code, style: style).contains("close."), "\(raw)")
            }
        }
        for code in CloseCodeWords.registered {
            Self.expectKey("close.description.\(code.rawValue)")
            #expect(!CloseCodeWords.definedBy(code).isEmpty)
        }
    }

    @Test("header field names and meanings resolve in both languages")
    func headerFields() throws {
        let client = try #require(WebSocketFrameHeader(bytes: [0x88, 0x82, 0x2a, 0x1f, 0xfc, 0xf2]))
        let server = try #require(WebSocketFrameHeader(bytes: [0xc1, 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 0x01, 0x02, 0x03, 0x04]))
        for header in [client, server] {
            for field in header.layout {
                for style in [Self.english, Self.german] {
                    let value = header.value(of: field) ?? 0
                    for peer in [Peer.client, .server] {
                        let meaning = HeaderFieldWords.meaning(field, value, header, from: peer, style: style)
                        #expect(!meaning.hasPrefix("field.") && !meaning.isEmpty, "\(field.key) \(meaning)")
                    }
                    #expect(!HeaderFieldWords.name(field.key, style: style).hasPrefix("field."))
                }
            }
        }
        #expect(HeaderFieldWords.name(.maskingKey, style: Self.german) == "Masking-Key")
        #expect(HeaderFieldWords.name(.payloadLength, style: Self.english) == "Payload length")
    }

    @Test("ladder words, page words and severities resolve in both languages")
    func otherDynamicKeys() {
        for style in [Self.english, Self.german] {
            let words = LadderStrings(style: style)
            for mode in LadderTimeMode.allCases { #expect(!words.timeLegend(mode).hasPrefix("ladder.")) }
            for phase in [LadderRow.Phase.opening, .data, .closing] { #expect(!words.phase(phase).hasPrefix("ladder.")) }
            for severity in Severity.allCases { #expect(!style.tr("severity." + severity.rawValue).hasPrefix("severity.")) }
            for group in CloseCodeWords.rangeGroups { #expect(!style.tr("closeCodes.group." + group.id).hasPrefix("closeCodes.")) }
            for noun in ["frames", "messages"] {
                #expect(!style.tr("cli.noRows." + noun, "f").hasPrefix("cli."))
                #expect(!style.tr("cli.noRows.connection." + noun, 1, "f").hasPrefix("cli."))
            }
            for kind in ["minimal", "realistic"] { #expect(!style.tr("page.chart.model." + kind).hasPrefix("page.")) }
        }
    }

    @Test("a finding's German message: peers, opcodes and close codes in German, capture values escaped")
    func findingMessages() {
        let finding = Finding(rule: WebSocketRule.closeCodeDiffers, message: "english", messageKey: "finding.ws.close-code-differs",
                              arguments: [.peer(.client), .peer(.server), .number(7), .text("1002 Protocol Error"),
                                          .word("summary.close.noCode"), .number(8)])
        #expect(FindingWords.message(finding, style: Self.german)
                == "Der Client hat den Close-Frame des Servers (Frame 7, 1002 Protocol Error) mit kein Status-Code (Frame 8) beantwortet; Endpunkte wiederholen den Code üblicherweise, und RFC 6455 verlangt es nicht.")
        #expect(FindingWords.message(finding, style: Self.english) == "english", "English text output shows the code's message")
        let hostile = Finding(rule: HandshakeRule.methodNotGet, message: "the handshake uses \u{1b}[2J, not GET",
                              messageKey: "finding.handshake.method-not-get", arguments: [.text("\u{1b}[2J")])
        #expect(!FindingWords.message(hostile, style: Self.german).contains("\u{1b}"))
        let unkeyed = Finding(rule: HandshakeRule.malformedHTTP, message: "some English")
        #expect(FindingWords.message(unkeyed, style: Self.german) == "some English", "no key: the English message")
        let decimal = Finding(rule: WebSocketRule.pingUnanswered, message: "x", messageKey: "finding.ws.ping-unanswered.longest",
                              arguments: [.decimal("0.065")])
        #expect(FindingWords.message(decimal, style: Self.german) == ", 0,065 ms")
    }

    /// The repository's captures (this file is Tests/TeachingTests/CatalogWordsTests.swift).
    static let captures: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Captures")
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { ["pcap", "pcapng"].contains($0.pathExtension) }.map(\.path).sorted()
    }()

    static let unkeyedInCaptures: Set<String> = []

    @Test("on every bundled capture, each finding with a message key says in English what its message says, and German differs")
    func findingKeysAgreeWithMessages() throws {
        #expect(Self.captures.count >= 20, "\(Self.captures.count) captures")
        var keyed = 0, unkeyed: Set<String> = []
        for path in Self.captures {
            var options = AnalysisOptions()
            options.emitsFrames = true
            options.emitsMessages = true
            let keys = path.hasSuffix(".pcap") ? String(path.dropLast(5)) + ".keys" : nil
            if let keys, let data = FileManager.default.contents(atPath: keys) { options.keyLog = KeyLog(parsing: [UInt8](data)) }
            var findings: [Finding] = []
            _ = try? CaptureAnalyzer(options: options).analyze(path: path) { event in
                if case .finding(let record) = event { findings.append(record.finding) }
            }
            for finding in findings {
                guard let key = finding.messageKey else { unkeyed.insert(finding.rule.id); continue }
                keyed += 1
                Self.expectKey(key)
                let english = Self.english.tr(key, arguments: FindingWords.arguments(finding, style: Self.english))
                #expect(english == finding.message, "\(path): \(key) says \"\(english)\", the decoder \"\(finding.message)\"")
                #expect(FindingWords.rawMessage(finding, style: Self.german) != finding.message, "\(key) is not German")
            }
        }
        #expect(keyed > 30, "only \(keyed) keyed findings in the captures")
        // Rules whose findings the bundled captures hold without a key yet: their messages stay English in German text.
        #expect(unkeyed == Self.unkeyedInCaptures, "findings without a message key: \(unkeyed.sorted())")
    }
}
