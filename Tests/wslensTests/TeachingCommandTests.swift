import CaptureCrafting
import Foundation
import PacketCapture
import Testing
import WireBytes

/// End to end: the teaching commands as a user runs them, pinned by golden files
/// (Tests/wslensTests/Snapshots; WSLENS_RECORD=1 re-records), the seed documents' examples byte
/// for byte, terminal safety against a hostile capture, and every exit code.
@Suite(.serialized)
struct TeachingCommandTests {
    static let seed = "Captures/seed-examples.pcap"
    static let rfc = "Captures/rfc6455-examples.pcap"

    // MARK: Golden files

    /// (golden file stem, arguments); each runs in text, markdown and json.
    static let goldenRuns: [(String, [String])] = [
        ("mask-cs.hm.edu", ["mask", "cs.hm.edu", "--key", "3c2e3f4a"]),
        ("mask-long-bits", ["mask", "The WebSocket Protocol, RFC 6455", "--key", "37:fa:21:3d", "--bits", "--byte", "17"]),
        ("mask-hex", ["mask", "--hex", "03e8", "--key", "2a 1f fc f2"]),
        ("unmask-cs.hm.edu", ["unmask", "5f 5d 11 22 51 00 5a 2e 49", "--key", "3c2e3f4a", "--bits", "--byte", "5"]),
        ("accept-msdn", ["accept", "E4WSEcseoWr4csPLS2QJHA==", "--expect", "7eQChgCtQMnVILefJAO6dK5JwPc="]),
        ("explain-seed-0", ["explain", seed, "--frame", "0"]),
        ("explain-seed-1", ["explain", seed, "--frame", "1"]),
        ("explain-seed-2", ["explain", seed, "--frame", "2"]),
        ("explain-seed-3", ["explain", seed, "--frame", "3"]),
        ("explain-seed-4", ["explain", seed, "--frame", "4"]),
        ("explain-rfc-fragment", ["explain", rfc, "--frame", "2"]),
        ("explain-rfc-16bit", ["explain", rfc, "--frame", "6"]),
        ("explain-chromium-deflate", ["explain", "Captures/chromium-deflate.pcap", "--frame", "4", "--connection", "4"]),
        ("explain-close-4000", ["explain", "Captures/close-4000-reason.pcap", "--frame", "4"]),
        ("frames-seed", ["frames", seed]),
        ("frames-rfc", ["frames", rfc]),
        ("frames-fragmented-ping", ["frames", "Captures/fragmented-ping.pcap"]),
        ("messages-seed", ["messages", seed]),
        ("messages-chromium-deflate", ["messages", "Captures/chromium-deflate.pcap"]),
        ("summary-seed", ["summary", seed]),
        ("summary-chromium-deflate", ["summary", "Captures/chromium-deflate.pcap"]),
        ("streams-chromium-deflate", ["streams", "Captures/chromium-deflate.pcap"]),
        ("check-seed", ["check", seed]),
        ("check-rfc", ["check", rfc]),
        ("check-fragmented-ping", ["check", "Captures/fragmented-ping.pcap"]),
        ("check-buggy-student", ["check", "Captures/buggy-student-client.pcap"]),
        ("explain-buggy-student-ping", ["explain", "Captures/buggy-student-client.pcap", "--frame", "6"]),
        // Captures people bring (issue 12): what wslens says about each.
        ("summary-refused-403", ["summary", "Captures/brought/upgrade-refused-403.pcap"]),
        ("check-refused-403", ["check", "Captures/brought/upgrade-refused-403.pcap"]),
        ("summary-left-open", ["summary", "Captures/brought/left-open.pcap"]),
        ("summary-unanswered-ping", ["summary", "Captures/brought/unanswered-ping.pcap"]),
        ("check-unanswered-ping", ["check", "Captures/brought/unanswered-ping.pcap"]),
        ("summary-close-1001", ["summary", "Captures/brought/close-answered-1001.pcap"]),
        ("frames-late-start", ["frames", "Captures/brought/late-start.pcap"]),
        ("summary-polls-then-upgrade", ["summary", "Captures/brought/polls-then-upgrade.pcap"]),
        ("overhead-polls-then-upgrade", ["overhead", "Captures/brought/polls-then-upgrade.pcap"]),
    ]

    /// Exit codes of the runs that do not exit 0: 1 conformance errors found, 4 nothing checked.
    static let exitCodes: [String: Int32] = ["check-buggy-student": 1, "check-refused-403": 4]

    static let goldenCases: [(String, [String], Int32)] = goldenRuns.flatMap { stem, arguments in
        [("text", "txt"), ("markdown", "md"), ("json", "jsonl")].map { format, ext in
            ("\(stem).\(ext)", arguments + ["--format", format], exitCodes[stem] ?? 0)
        }
    }

    @Test(arguments: goldenCases.map(\.0))
    func golden(_ name: String) throws {
        let (_, arguments, status) = Self.goldenCases.first { $0.0 == name }!
        let result = try CLI.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        try Golden.check(result.stdout, named: name)
    }

    @Test func asciiOutputIsPlainASCII() throws {
        for arguments in [["frames", Self.seed], ["explain", Self.seed, "--frame", "3"], ["summary", Self.seed],
                          ["check", Self.seed], ["mask", "cs.hm.edu", "--key", "3c2e3f4a", "--bits"],
                          ["accept", "E4WSEcseoWr4csPLS2QJHA=="], ["streams", Self.seed], ["messages", Self.seed]] {
            let result = try CLI.run(arguments + ["--ascii"])
            #expect(result.status == 0)
            #expect(result.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(arguments) printed non-ASCII with --ascii")
        }
        try Golden.check(try CLI.run(["explain", Self.seed, "--frame", "3", "--ascii"]).stdout, named: "explain-seed-3-ascii.txt")
    }

    @Test func colorOnlyWhenAllowed() throws {
        let never = try CLI.run(["check", Self.seed, "--color", "always"], environment: [:])
        #expect(never.stdout.contains("\u{1b}[32m"), "--color always colors the verdict")
        let piped = try CLI.run(["check", Self.seed], environment: ["NO_COLOR": ""])
        #expect(!piped.stdout.contains("\u{1b}"), "no color when stdout is not a terminal")
        let markdown = try CLI.run(["check", Self.seed, "--color", "always", "--format", "markdown"])
        #expect(!markdown.stdout.contains("\u{1b}"), "never color in Markdown")
    }

    // MARK: The seed documents, byte for byte

    @Test func explainReproducesTheThesisTablesAndFigures() throws {
        let table2 = try CLI.run(["explain", Self.seed, "--frame", "0"]).stdout
        for line in [" masked         5f  5d  11  22  51  00  5a  2e  49",
                     " XOR key        3c  2e  3f  4a  3c  2e  3f  4a  3c",
                     " unmasked       63  73  2e  68  6d  2e  65  64  75",
                     " character      c   s   .   h   m   .   e   d   u"] {
            #expect(table2.contains(line), "table 2 row missing: \(line)")
        }
        let figure2Ping = try CLI.run(["explain", Self.seed, "--frame", "1"]).stdout
        #expect(figure2Ping.contains("bytes   89 00\n"))
        #expect(figure2Ping.contains("binary  10001001 00000000\n"))
        #expect(figure2Ping.contains("FIN = 1, RSV not set, opcode = 0x9 (ping)"))
        let figure2Pong = try CLI.run(["explain", Self.seed, "--frame", "2"]).stdout
        #expect(figure2Pong.contains("bytes   8a 80 (85 e1 ef 27)\n"))
        #expect(figure2Pong.contains("binary  10001010 10000000 ("))
        #expect(figure2Pong.contains("opcode = 0xA (pong)"))
        let figure3 = try CLI.run(["explain", Self.seed, "--frame", "3"]).stdout
        #expect(figure3.contains("bytes   88 82 (2a 1f fc f2) 29 f7\n"))
        #expect(figure3.contains("binary  10001000 10000010 (00101010 00011111 11111100 11110010) 00101001 11110111\n"))
        #expect(figure3.contains("MASK = 1, payload length = 2"))
        #expect(figure3.contains("status code  03 e8 = 1000 Normal Closure"))
        let figure4 = try CLI.run(["explain", Self.seed, "--frame", "4"]).stdout
        #expect(figure4.contains("bytes   88 02 03 e8\n"))
        #expect(figure4.contains("binary  10001000 00000010 00000011 11101000\n"))
        #expect(figure4.contains("MASK = 0, payload length = 2"))
        #expect(figure4.contains("status code  03 e8 = 1000 Normal Closure"))
        let table1 = try CLI.run(["mask", "cs.hm.edu", "--key", "3c 2e 3f 4a"]).stdout
        #expect(table1.contains(" masked         5f  5d  11  22  51  00  5a  2e  49"))
        let msdn = try CLI.run(["accept", "E4WSEcseoWr4csPLS2QJHA=="]).stdout
        #expect(msdn.contains("Sec-WebSocket-Accept: 7eQChgCtQMnVILefJAO6dK5JwPc="))
    }

    // MARK: Terminal safety

    /// Payloads, a close reason and a header full of ESC sequences, BEL, backspaces, C1 and bidi overrides.
    static func hostileCapture() throws -> String {
        let nasty = "\u{1b}]0;pwned\u{07}\u{1b}[2J\u{1b}[31mRED\u{08}\u{08}\u{08}\u{202e}evil\u{202c}\u{2066}x\u{2069}\u{85}\u{7f}"
        var ws = WebSocketConversation(client: .ipv4("10.0.0.1", 40_000), server: .ipv4("10.0.0.2", 8080))
        ws.upgrade(host: "evil\u{1b}[5mhost", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                   requestHeaders: ["Sec-WebSocket-Protocol: chat\u{1b}[8m", "Origin: http://\u{202e}moc.elpmaxe"])
        ws.send(.text(nasty, maskingKey: [1, 2, 3, 4]), from: .client)
        ws.send(.text(nasty), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: [0x9b, 0x32, 0x4a, 0x1b, 0x5b, 0x48, 0x07, 0x08, 0x9d, 0x8d, 0x00]),
                from: .server)
        // Raw C1 bytes in a text frame (invalid UTF-8) and a ping with a CSI.
        ws.send(WebSocketFrameBuilder(opcode: 1, payload: [0x41, 0x9b, 0x33, 0x31, 0x6d, 0xc2, 0x9b, 0x42], maskingKey: [9, 9, 9, 9]),
                from: .client)
        ws.send(WebSocketFrameBuilder(opcode: 9, payload: Array("\u{1b}[6n\u{07}".utf8)), from: .server)
        ws.send(.close(code: 4000, reason: "\u{1b}[?1049h\u{202e}bye", maskingKey: [5, 6, 7, 8]), from: .client)
        ws.send(.close(code: 4000, reason: "\u{1b}]2;title\u{07}"), from: .server)
        ws.tcp.close(first: .server)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-hostile-\(UUID().uuidString).pcap").path
        try ws.tcp.write(to: path)
        return path
    }

    /// Runs wslens and returns the raw stdout bytes (no lossy decoding).
    static func rawRun(_ arguments: [String]) throws -> (Int32, [UInt8]) {
        let result = try CLI.runRaw(arguments)
        return (result.status, result.stdout)
    }

    /// Whether every byte is valid UTF-8 and no scalar a terminal would act on is present (newline aside).
    static func isTerminalSafe(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "\n" || TerminalSafe.isSafe($0) }
    }

    @Test func noRawControlByteReachesStdout() throws {
        let path = try Self.hostileCapture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var runs: [[String]] = []
        for format in ["text", "markdown", "json"] {
            for command in ["frames", "messages", "summary", "check", "streams"] {
                runs.append([command, path, "--format", format])
            }
            for frame in 0..<7 { runs.append(["explain", path, "--frame", "\(frame)", "--format", format, "--all"]) }
        }
        runs.append(["summary", path, "--all", "--ascii"])
        runs.append(["unmask", "1b5b324a9b07", "--key", "00000000"])
        runs.append(["mask", "\u{1b}[2J\u{202e}", "--key", "00000000", "--bits"])
        runs.append(["accept", "\u{1b}]0;x\u{07}", "--expect", "\u{1b}[31m"])
        var checkedExplain = 0
        for arguments in runs {
            let (status, stdout) = try Self.rawRun(arguments)
            #expect(status == 0 || status == 1, "\(arguments) exited \(status)")
            #expect(Self.isTerminalSafe(stdout), "raw control bytes in the output of \(arguments)")
            if arguments[0] == "explain", !stdout.isEmpty { checkedExplain += 1 }
        }
        #expect(checkedExplain == 21, "every frame of the hostile capture explained in every format")
        // The hostile text is there, visibly escaped.
        let text = try CLI.run(["messages", path]).stdout
        #expect(text.contains("\\x1b]0;pwned\\x07\\x1b[2J"))
        #expect(text.contains("\\u{202e}evil"))
        let summary = try CLI.run(["summary", path]).stdout
        #expect(summary.contains("Host: evil\\x1b[5mhost"))
        #expect(summary.contains("4000 (private use, 4000-4999) \"\\x1b[?1049h\\u{202e}bye\""))
    }

    // MARK: Exit codes

    static func craftedUnmaskedClientFrame() throws -> String {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.1", 40_001), server: .ipv4("10.0.0.2", 80))
        ws.upgrade(host: "example.com", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        ws.send(.text("no mask, as a student's client might send it"), from: .client)
        ws.send(.close(code: 1000, maskingKey: [1, 2, 3, 4]), from: .client)
        ws.send(.close(code: 1000), from: .server)
        ws.tcp.close(first: .server)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-unmasked-\(UUID().uuidString).pcap").path
        try ws.tcp.write(to: path)
        return path
    }

    @Test func exitCodeZeroAndOneFromCheck() throws {
        #expect(try CLI.run(["check", Self.seed]).status == 0)
        let path = try Self.craftedUnmaskedClientFrame()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLI.run(["check", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ws.client-frame-unmasked"))
        #expect(result.stdout.contains("✗ FAIL"))
        let json = try CLI.run(["check", path, "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""rule":"ws.client-frame-unmasked""#))
        let explained = try CLI.run(["explain", path, "--frame", "0"])
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("ws.client-frame-unmasked (RFC 6455"))
        #expect(explained.stdout.contains("not masked: a client must mask"))
    }

    @Test func exitCodeOneWhenTheAcceptDoesNotMatch() throws {
        let result = try CLI.run(["accept", "E4WSEcseoWr4csPLS2QJHA==", "--expect", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="])
        #expect(result.status == 1)
        #expect(result.stdout.contains("✗ does not match"))
    }

    @Test(arguments: [
        ["mask", "cs.hm.edu", "--key", "3c2e3f"],            // key too short
        ["mask", "cs.hm.edu", "--key", "xx2e3f4a"],          // key not hex
        ["mask", "--hex", "5g", "--key", "3c2e3f4a"],        // bad hex
        ["unmask", "5f5", "--key", "3c2e3f4a"],              // odd number of digits
        ["unmask", "5f5d", "--key", "3c2e3f4a", "--bits", "--byte", "2"],
        ["mask", "abc"],                                     // missing --key
        ["mask", "abc", "--key", "3c2e3f4a", "--nonsense"],  // unknown option (argument parser's usage error)
        ["explain", "Captures/seed-examples.pcap"],          // missing --frame
        ["explain", "Captures/seed-examples.pcap", "--frame", "-1"],
        ["explain", "Captures/seed-examples.pcap", "--frame", "99"],
        ["explain", "Captures/seed-examples.pcap", "--frame", "0", "--connection", "7"],
        ["frames", "Captures/seed-examples.pcap", "--format", "yaml"],
        ["frames", "Captures/seed-examples.pcap", "--filter", "tcp port ("],   // BPF that does not compile
        ["frobnicate"],
    ])
    func exitCodeTwoForUsageErrors(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func aMissingFrameSaysHowManyThereAre() throws {
        let result = try CLI.run(["explain", Self.seed, "--frame", "99"])
        #expect(result.stderr.contains("connection 1 has 5 frames (0-4)"))
    }

    @Test func exitCodeThreeForUnreadableAndTruncatedCaptures() throws {
        let missing = try CLI.run(["explain", "/nonexistent/capture.pcap", "--frame", "0"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/nonexistent/capture.pcap"))
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-garbage-\(UUID().uuidString).pcap").path
        try Data("this is not a capture\n".utf8).write(to: URL(fileURLWithPath: garbage))
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        #expect(try CLI.run(["frames", garbage]).status == 3)
        // The seed capture cut off in the middle of its last packet.
        let bytes = try Data(contentsOf: CLI.root.appendingPathComponent(Self.seed))
        let truncated = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-truncated-\(UUID().uuidString).pcap").path
        try bytes.prefix(bytes.count - 20).write(to: URL(fileURLWithPath: truncated))
        defer { try? FileManager.default.removeItem(atPath: truncated) }
        for command in [["frames"], ["messages"], ["summary"], ["check"], ["explain", "--frame", "0"]] {
            let result = try CLI.run([command[0], truncated] + command.dropFirst())
            #expect(result.status == 3, "\(command) on a truncated capture: \(result.stderr)")
        }
        // What came before the cut is still shown.
        #expect(try CLI.run(["frames", truncated]).stdout.contains("cs.hm.edu"))
    }

    // MARK: Help

    @Test(arguments: ["mask", "unmask", "accept", "explain", "frames", "messages", "summary", "streams", "check"])
    func everyCommandHasHelpWithExamples(_ command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("wslens \(command)"))
    }

    @Test func topLevelHelpDocumentsTheExitCodes() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for text in ["0 fine", "1 conformance", "2 usage", "3 unreadable", "4 nothing checked", "mask", "unmask", "accept", "explain"] {
            #expect(result.stdout.contains(text), "top-level help lacks \(text)")
        }
    }
}
