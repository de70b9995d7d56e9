import Foundation
import Testing

/// wslens in German (issue 15): the thesis' own tables and figures word for word, table 3 checked
/// against the thesis' text, golden files of the German output, the default language from the
/// environment, and JSON that never changes with the language.
@Suite(.serialized)
struct GermanOutputTests {
    static let seed = "Captures/seed-examples.pcap"

    // MARK: Golden files

    /// (golden file stem, arguments); each runs with --lang de in text and Markdown.
    static let goldenRuns: [(String, [String])] = [
        ("mask-cs.hm.edu-de", ["mask", "cs.hm.edu", "--key", "3c2e3f4a"]),
        ("unmask-cs.hm.edu-de", ["unmask", "5f 5d 11 22 51 00 5a 2e 49", "--key", "3c2e3f4a", "--bits", "--byte", "5"]),
        ("accept-msdn-de", ["accept", "E4WSEcseoWr4csPLS2QJHA==", "--expect", "7eQChgCtQMnVILefJAO6dK5JwPc="]),
        ("explain-seed-0-de", ["explain", seed, "--frame", "0"]),
        ("explain-seed-1-de", ["explain", seed, "--frame", "1"]),
        ("explain-seed-2-de", ["explain", seed, "--frame", "2"]),
        ("explain-seed-3-de", ["explain", seed, "--frame", "3"]),
        ("explain-seed-4-de", ["explain", seed, "--frame", "4"]),
        ("close-codes-de", ["close-codes"]),
        ("check-buggy-student-de", ["check", "Captures/buggy-student-client.pcap"]),
        ("overhead-polling-vs-websocket-de", ["overhead", "Captures/polling-vs-websocket.pcap"]),
        ("summary-seed-de", ["summary", seed]),
    ]

    static let exitCodes: [String: Int32] = ["check-buggy-student-de": 1]

    static let goldenCases: [(String, [String], Int32)] = goldenRuns.flatMap { stem, arguments in
        [("text", "txt"), ("markdown", "md")].map { format, ext in
            ("\(stem).\(ext)", arguments + ["--lang", "de", "--format", format], exitCodes[stem] ?? 0)
        }
    }

    @Test(arguments: goldenCases.map(\.0))
    func golden(_ name: String) throws {
        let (_, arguments, status) = Self.goldenCases.first { $0.0 == name }!
        let result = try CLI.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        try Golden.check(result.stdout, named: name)
    }

    @Test("grading a folder, the heading of each capture and the interfaces speak German too")
    func gradingHeadingsAndInterfacesInGerman() throws {
        let grading = try CLI.run(["check", "Captures/brought", "--lang", "de"])
        #expect(grading.status == 4, "one capture had nothing to check")
        #expect(grading.stdout.contains("Ergebnisse (Dateien in Captures/brought/)"))
        #expect(grading.stdout.contains("WebSocket-Verbindungen") && grading.stdout.contains("Warnungen"))
        #expect(grading.stdout.contains("11 Mitschnitte: 10 BESTANDEN, 1 NICHTS GEPRÜFT"))
        #expect(!grading.stdout.contains("Verdicts") && !grading.stdout.contains("PASS"))
        let english = try CLI.run(["check", "Captures/brought", "--lang", "en"])
        #expect(english.stdout.contains("Verdicts (files in Captures/brought/)"))
        #expect(english.stdout.contains("11 captures: 10 PASS, 1 NOTHING CHECKED"))

        let two = try CLI.run(["summary", Self.seed, "Captures/close-4000-reason.pcap", "--lang", "de"])
        #expect(two.stdout.components(separatedBy: "Mitschnitt: ").count == 3)

        let interfaces = try CLI.run(["interfaces", "--lang", "de"])
        #expect(interfaces.status == 0)
        #expect(interfaces.stdout.contains("Schnittstelle") || interfaces.stdout.contains("libpcap nennt keine Schnittstelle"))
        #expect(!interfaces.stdout.contains("Capture from one with"))
    }

    @Test("close-codes in English: text, Markdown and JSON")
    func closeCodesEnglish() throws {
        for (format, ext) in [("text", "txt"), ("markdown", "md"), ("json", "jsonl")] {
            let result = try CLI.run(["close-codes", "--format", format])
            #expect(result.status == 0, "\(result.stderr)")
            try Golden.check(result.stdout, named: "close-codes.\(ext)")
        }
        let some = try CLI.run(["close-codes", "1006", "4000", "70000"])
        #expect(some.status == 2, "a code above 65535 is a usage error")
        let chosen = try CLI.run(["close-codes", "1006", "4000", "--format", "json"])
        #expect(chosen.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"code\"") }.count == 2)
        #expect(chosen.stdout.contains("\"maySend\":true") && chosen.stdout.contains("\"maySend\":false"))
    }

    // MARK: The thesis, word for word

    @Test("LANG=de_DE.UTF-8 wslens mask cs.hm.edu --key 3c2e3f4a prints the thesis' table 1")
    func table1() throws {
        let result = try CLI.run(["mask", "cs.hm.edu", "--key", "3c2e3f4a"], environment: ["LANG": "de_DE.UTF-8"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // BA Tab. 1: Unmaskierte Bytes, Operator ⊕, Schlüssel, Maskierte Bytes, in this order, then its caption.
        let rows = [" Unmaskierte Bytes  63  73  2e  68  6d  2e  65  64  75",
                    " Operator           ⊕",
                    " Schlüssel          3c  2e  3f  4a  3c  2e  3f  4a  3c",
                    " Maskierte Bytes    5f  5d  11  22  51  00  5a  2e  49"]
        let start = try #require(lines.firstIndex(of: rows[0]), "table 1 in German:\n\(result.stdout)")
        #expect(Array(lines[start..<(start + 4)]) == rows)
        #expect(lines.contains("Tabelle 1: Maskierung durch bitweise XOR-Verknüpfung"))
        #expect(lines.first == "Maskierung von „cs.hm.edu“ (9 Byte) mit dem Schlüssel 3c 2e 3f 4a")
    }

    @Test("unmask --lang de prints the thesis' table 2, ending in the row Nachricht")
    func table2() throws {
        let result = try CLI.run(["unmask", "5f5d112251005a2e49", "--key", "3c2e3f4a", "--lang", "de"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rows = [" Maskierte Bytes    5f  5d  11  22  51  00  5a  2e  49",
                    " Operator           ⊕",
                    " Schlüssel          3c  2e  3f  4a  3c  2e  3f  4a  3c",
                    " Unmaskierte Bytes  63  73  2e  68  6d  2e  65  64  75",
                    " Nachricht          c   s   .   h   m   .   e   d   u"]
        let start = try #require(lines.firstIndex(of: rows[0]), "table 2 in German:\n\(result.stdout)")
        #expect(Array(lines[start..<(start + 5)]) == rows)
        #expect(lines.contains("Tabelle 2: Demaskierung durch bitweise XOR-Verknüpfung"))
    }

    @Test("explain --lang de on the seed frames prints the rows Byte / Binär / Detail of the thesis' figures 2-4")
    func figures2to4() throws {
        func explain(_ frame: Int) throws -> String { try CLI.run(["explain", Self.seed, "--frame", "\(frame)", "--lang", "de"]).stdout }
        // Abbildung 2: Ping- und Pong-Frames zur Verbindungskontrolle.
        let ping = try explain(1)
        #expect(ping.contains("  Byte    89 00\n  Binär   10001001 00000000\n  Detail  FIN = 1, RSV n. gesetzt, opcode = 0x9 (Ping)"))
        let pong = try explain(2)
        #expect(pong.contains("  Byte    8a 80 (85 e1 ef 27)\n"))
        #expect(pong.contains("  Detail  FIN = 1, RSV n. gesetzt, opcode = 0xA (Pong), Maskierung = 1, Payload length = 0"))
        // Abbildung 3: Close-Frame initiiert von Client.
        let close = try explain(3)
        #expect(close.contains("  Byte    88 82 (2a 1f fc f2) 29 f7\n  Binär   10001000 10000010 (00101010 00011111 11111100 11110010) 00101001 11110111\n"))
        #expect(close.contains("  Detail  FIN = 1, RSV n. gesetzt, opcode = 0x8 (Close), Maskierung = 1, Payload length = 2\n"))
        #expect(close.contains("Payload (unmaskiert), 2 Byte"))
        #expect(close.contains("Status-Code  03 e8 = 1000 Normal Closure"))
        // Abbildung 4: Close-Frame Antwort des Servers.
        let answer = try explain(4)
        #expect(answer.contains("  Byte    88 02 03 e8\n  Binär   10001000 00000010 00000011 11101000\n"))
        #expect(answer.contains("  Detail  FIN = 1, RSV n. gesetzt, opcode = 0x8 (Close), Maskierung = 0, Payload length = 2\n"))
    }

    /// Tests/Fixtures/thesis-table-3.json.
    struct Table3: Decodable {
        struct Range: Decodable {
            let from: Int
            let to: Int
            let Bedeutung: String
        }
        let columns: [String]
        let rows: [[String: Value]]
        let ranges: [Range]
        let rangesIntro: String

        enum Value: Decodable {
            case number(Int), text(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
            }
            var text: String { switch self { case .number(let number): "\(number)"; case .text(let text): text } }
        }
    }

    @Test("close-codes --lang de is the thesis' table 3 word for word, and its four status groups")
    func table3() throws {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent("Tests/Fixtures/thesis-table-3.json"))
        let thesis = try JSONDecoder().decode(Table3.self, from: data)
        let markdown = try CLI.run(["close-codes", "--lang", "de", "--format", "markdown"]).stdout
        let table = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ").map { $0.replacingOccurrences(of: "\\|", with: "|") }
        }
        let header = try #require(table.first)
        #expect(Array(header.prefix(4)) == thesis.columns, "the columns of table 3")
        #expect(header.last == "darf gesendet werden")
        for row in thesis.rows {
            let code = try #require(row["Status-Code"]?.text)
            let printed = try #require(table.first { $0.first == code }, "code \(code) missing")
            let meaning = try #require(row["Bedeutung"]?.text)
            // The thesis abbreviates one IANA name ("Mandatory Ext."); wslens prints the name in full.
            if meaning.hasSuffix(".") {
                #expect(printed[1].hasPrefix(String(meaning.dropLast())), "\(code): \(printed[1])")
            } else {
                #expect(printed[1] == meaning, "\(code): Bedeutung")
            }
            #expect(printed[2] == row["Beschreibung"]?.text, "\(code): Beschreibung")
            #expect(printed[3] == row["Spezifiziert durch"]?.text, "\(code): Spezifiziert durch")
        }
        let text = try CLI.run(["close-codes", "--lang", "de", "--width", "400"]).stdout
        #expect(text.contains(thesis.rangesIntro.replacingOccurrences(of: " [FM11, S. 46]", with: "")))
        for range in thesis.ranges {
            #expect(markdown.contains("- **\(range.from)-\(range.to)** \(range.Bedeutung)"), "range \(range.from)-\(range.to)")
        }
        // JSON is the same in every language and carries the German text too.
        let json = try CLI.run(["close-codes", "--format", "json"]).stdout
        #expect(json == (try CLI.run(["close-codes", "--format", "json", "--lang", "de"]).stdout))
        for row in thesis.rows {
            let description = try #require(row["Beschreibung"]?.text)
            let escaped = String(data: try JSONEncoder().encode(description), encoding: .utf8)!.replacingOccurrences(of: "\\/", with: "/")
            #expect(json.contains("\"de\":{\"meaning\":") && json.contains("\"description\":" + escaped), "\(description)")
        }
    }

    // MARK: Which language

    @Test("the default language comes from LC_ALL, then LC_MESSAGES, then LANG; --lang wins")
    func languageFromEnvironment() throws {
        func masked(_ environment: [String: String], _ extra: [String] = []) throws -> Bool {
            try CLI.run(["mask", "cs.hm.edu", "--key", "3c2e3f4a"] + extra, environment: environment).stdout.contains("Unmaskierte Bytes")
        }
        #expect(try masked(["LANG": "de_DE.UTF-8"]))
        #expect(try masked(["LANG": "C", "LC_MESSAGES": "de_AT.UTF-8"]))
        #expect(try !masked(["LANG": "de_DE.UTF-8", "LC_ALL": "C"]))
        #expect(try masked(["LANG": "en_US.UTF-8", "LC_ALL": "de_CH.UTF-8"]))
        #expect(try !masked(["LANG": "de_DE.UTF-8"], ["--lang", "en"]))
        #expect(try masked(["LANG": "POSIX"], ["--lang", "de"]))
        #expect(try !masked(["LANG": "fr_FR.UTF-8"]))
    }

    @Test("errors are said in the command's language")
    func errors() throws {
        let frame = try CLI.run(["explain", Self.seed, "--frame", "9", "--lang", "de"])
        #expect(frame.status == 2)
        // Wrapped at 100 columns, under its indentation, as every message on stderr.
        #expect(frame.stderr == "wslens: es gibt keinen Frame 9 in \(Self.seed): Verbindung 1 hat 5 Frames (0–4);\n    `wslens frames` listet sie auf.\n")
        let check = try CLI.run(["check", "Captures/buggy-student-client.pcap"], environment: ["LANG": "de_DE.UTF-8"])
        #expect(check.stderr == "wslens: 6 Fehler und 1 Warnung in Captures/buggy-student-client.pcap\n")
        let key = try CLI.run(["mask", "x", "--key", "zz", "--lang", "de"])
        #expect(key.status == 2)
        #expect(key.stderr.contains("--key muss 4 Byte als 8 Hexziffern angeben"))
        let connection = try CLI.run(["summary", Self.seed, "--connection", "4", "--lang", "de"])
        #expect(connection.stderr == "wslens: es gibt keine Verbindung 4 in \(Self.seed); seine TCP-Verbindung ist 1.\n")
        // The capture options' range checks, said in the command's language (a usage error either way).
        let zero = try CLI.run(["frames", Self.seed, "--connection", "0", "--lang", "de"])
        #expect(zero.status == 2)
        #expect(zero.stderr == "wslens: --connection zählt ab 1.\n")
        let buffer = try CLI.run(["check", Self.seed, "--max-buffer", "0"], environment: ["LANG": "de_DE.UTF-8"])
        #expect(buffer.status == 2)
        #expect(buffer.stderr == "wslens: --max-buffer muss mindestens 1 Byte sein.\n")
        let english = try CLI.run(["summary", Self.seed, "--max-buffer", "0"])
        #expect(english.status == 2)
        #expect(english.stderr == "wslens: --max-buffer must be at least 1 byte.\n")
        #expect(zero.stdout.isEmpty && buffer.stdout.isEmpty && english.stdout.isEmpty)
    }

    @Test("JSON is the same whatever the language: keys, rule ids, numbers and message texts")
    func jsonNeverChanges() throws {
        let runs: [[String]] = [
            ["frames", Self.seed], ["messages", "Captures/chromium-deflate.pcap"], ["summary", "Captures/brought/unanswered-ping.pcap"],
            ["check", "Captures/buggy-student-client.pcap"], ["overhead", "Captures/polling-vs-websocket.pcap"],
            ["streams", "Captures/chromium-deflate.pcap"], ["ladder", Self.seed], ["explain", Self.seed, "--frame", "3"],
            ["mask", "cs.hm.edu", "--key", "3c2e3f4a"], ["accept", "E4WSEcseoWr4csPLS2QJHA=="], ["close-codes"],
            ["summary", "Captures/brought/upgrade-refused-403.pcap"], ["check", "Captures/brought/left-open.pcap"],
        ]
        for arguments in runs {
            let english = try CLI.run(arguments + ["--format", "json"])
            let german = try CLI.run(arguments + ["--format", "json", "--lang", "de"])
            let environment = try CLI.run(arguments + ["--format", "json"], environment: ["LANG": "de_DE.UTF-8"])
            #expect(!english.stdout.isEmpty)
            #expect(german.stdout == english.stdout, "\(arguments): --lang de changed the JSON")
            #expect(environment.stdout == english.stdout, "\(arguments): LANG=de_DE changed the JSON")
            #expect(german.status == english.status)
        }
    }

    // MARK: Lessons

    static let numbers = Array(1...11)

    @Test("each German lesson runs clean and matches its golden file", arguments: numbers)
    func germanLesson(_ number: Int) throws {
        let result = try CLI.run(["lesson", String(number), "--lang", "de"])
        #expect(result.status == 0, "Lektion \(number) exited \(result.status): \(result.stderr)")
        #expect(result.stderr.isEmpty, "Lektion \(number): \(result.stderr)")
        #expect(result.stdout.hasPrefix("Lektion \(number): "))
        #expect(!result.stdout.contains("erwartet hier den Exit-Status"))
        #expect(!result.stdout.contains("TODO"), "Lektion \(number) has a TODO left")
        try Golden.check(result.stdout, named: String(format: "lesson-%02d-de.txt", number))
    }

    @Test("the lesson runner gives every command the lesson's language, whatever the environment says")
    func runnerPassesLanguage() throws {
        let english = try CLI.run(["lesson", "3", "--lang", "en"], environment: ["LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"])
        #expect(english.status == 0)
        #expect(english.stdout == (try CLI.run(["lesson", "3"]).stdout), "English lesson 3 under a German environment")
        let german = try CLI.run(["lesson", "3"], environment: ["LANG": "de_DE.UTF-8"])
        #expect(german.stdout.hasPrefix("Lektion 3: "))
        #expect(german.stdout.contains(" Unmaskierte Bytes  63  73"), "the commands of a German lesson print German")
        let json = try CLI.run(["lesson", "3", "--lang", "de", "--format", "json"]).stdout
        #expect(json.contains("Tabelle 1: Maskierung durch bitweise XOR-Verknüpfung"))
        let listing = try CLI.run(["lesson", "--lang", "de"]).stdout
        #expect(listing.contains("masking") && listing.contains("Maskierung"))
    }

    /// The note on key log lines wslens cannot use is said in the command's language.
    @Test("the key log note speaks the command's language")
    func keyLogNote() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-keylog-\(UUID().uuidString).txt").path
        try "not a key log line\nCLIENT_RANDOM zz\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let english = try CLI.run(["summary", Self.seed, "--keylog", path, "--lang", "en"], environment: ["COLUMNS": "300"])
        // The first line's first word is read as a label wslens does not know; the second is a
        // CLIENT_RANDOM line without its secrets.
        #expect(english.stderr == "wslens: note: \(path): 1 line with a label wslens does not use (first: line 1); "
                + "1 malformed line (first: line 2); the other 0 secret lines are used\n", "\(english.stderr)")
        let german = try CLI.run(["summary", Self.seed, "--keylog", path, "--lang", "de"], environment: ["COLUMNS": "300"])
        #expect(german.stderr == "wslens: Hinweis: \(path): 1 Zeile mit einer Kennung, die wslens nicht verwendet (erste: Zeile 1); "
                + "1 fehlerhafte Zeile (erste: Zeile 2); die übrigen 0 Zeilen mit Geheimnissen werden verwendet\n", "\(german.stderr)")
    }
}
