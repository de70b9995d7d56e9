import Foundation
import Testing

/// Issue 16, item 3: grading a class. `check FILE... | DIR` checks every capture on its own (in
/// parallel), reports them in argument order, ends with one table, gives JSON verdicts per file and
/// a CSV grade sheet, and exits with the worst code (3 > 1 > 4 > 0).
@Suite(.serialized) struct BatchCheckTests {
    /// A class's hand-ins: clean, failing, nothing to check, a subfolder, gzip'd, a file that is
    /// no capture (left out), a file that claims to be one and is not (unreadable).
    static func submissions() throws -> (folder: URL, captures: [String]) {
        let folder = try InputFilesTests.temporaryFolder()
        let copies: [(String, String)] = [
            ("seed-examples.pcap", "anna.pcap"),
            ("buggy-student-client.pcap", "bert.pcap"),
            ("brought/upgrade-refused-403.pcap", "carla.pcap"),
            ("chat-three-clients.pcap", "group2/dora.pcap"),
            ("fragmented-ping.pcap", "group2/emil.pcapng"),   // a pcap whatever the name says
        ]
        for (source, name) in copies {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLI.capture(source), toPath: target.path)
        }
        try Data("see the captures".utf8).write(to: folder.appendingPathComponent("README.txt"))
        try Data([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00]).write(to: folder.appendingPathComponent("fritz.pcap"))   // cut in its header
        let sorted = ["anna.pcap", "bert.pcap", "carla.pcap", "fritz.pcap", "group2/dora.pcap", "group2/emil.pcapng"]
        return (folder, sorted.map { folder.appendingPathComponent($0).path })
    }

    @Test func aFolderIsCheckedFileByFileInOrderWithOneTable() throws {
        let (folder, captures) = try Self.submissions()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Wide enough for the temporary paths on one line each.
        let result = try CLI.run(["check", folder.path], environment: ["COLUMNS": "250"])
        #expect(result.status == 3, "the unreadable file is the worst: \(result.stderr)")
        #expect(result.stderr.contains("left out 1 file that is not a capture (README.txt)"), "\(result.stderr)")
        #expect(result.stderr.contains("fritz.pcap"), "\(result.stderr)")
        // Each capture's report under its name, in sorted order, then the table.
        let headings = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Capture: ") }.map(String.init)
        #expect(headings == captures.map { "Capture: \($0)" })
        // The table names the files from their common folder, which its title says.
        let table = try #require(result.stdout.components(separatedBy: "\nVerdicts (files in \(folder.path)/)\n").dropFirst().last)
        // A row's first line (a long note goes on in lines of its own, under its column).
        let rows = table.split(separator: "\n").dropFirst(2).filter { !$0.hasPrefix(" ") }.prefix(captures.count).map(String.init)
        #expect(rows.count == captures.count)
        let expected: [(String, String, String, String, String)] = [
            ("anna.pcap", "1", "0", "0", "PASS"), ("bert.pcap", "1", "6", "1", "FAIL"), ("carla.pcap", "0", "0", "0", "NOTHING CHECKED"),
            ("fritz.pcap", "0", "0", "0", "UNREADABLE"), ("group2/dora.pcap", "3", "0", "0", "PASS"), ("group2/emil.pcapng", "1", "0", "0", "PASS"),
        ]
        for (row, want) in zip(rows, expected) {
            let cells = row.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(cells.count >= 5, "\(row)")
            #expect(cells.first == want.0, "\(row)")
            #expect(Array(cells.dropFirst().prefix(4)) == [want.1, want.2, want.3, want.4], "\(row)")
        }
        #expect(table.contains("6 captures: 3 PASS, 1 FAIL, 1 NOTHING CHECKED, 1 UNREADABLE"), "\(table)")
    }

    /// The JSON and CSV of the batch agree with checking every file alone.
    @Test func jsonAndCSVAgreeWithSingleRuns() throws {
        let (folder, captures) = try Self.submissions()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = try CLI.run(["check", folder.path, "--format", "json"])
        #expect(json.status == 3)
        let lines = try InputFilesTests.jsonLines(json.stdout)
        let verdicts = lines.filter { $0["type"] as? String == "verdict" }
        #expect(verdicts.map { $0["file"] as? String } == captures)
        let sheet = try CLI.run(["check", folder.path, "--format", "csv"])
        #expect(sheet.status == 3)
        let csv = sheet.stdout.split(separator: "\n").map(String.init)
        #expect(csv.first == "file,connections,errors,warnings,infos,verdict,exitCode,problem")
        #expect(csv.count == captures.count + 1)
        for (index, capture) in captures.enumerated() {
            let alone = try CLI.run(["check", capture, "--format", "json"], environment: ["COLUMNS": "250"])
            let verdict = verdicts[index]
            let row = csv[index + 1]
            if capture.hasSuffix("fritz.pcap") {
                #expect(alone.status == 3 && alone.stdout.isEmpty, "alone, an unreadable capture is exit 3 and a message")
                #expect(verdict["verdict"] as? String == "unreadable")
                #expect(verdict["exitCode"] as? Int == 3)
                let problem = try #require(verdict["problem"] as? String)
                #expect(alone.stderr.contains(problem), "\(alone.stderr) / \(problem)")
                #expect(row.hasPrefix(capture + ",0,0,0,0,unreadable,3,"), "\(row)")
                continue
            }
            // The same findings and verdict as alone, each with its file.
            let aloneLines = try InputFilesTests.jsonLines(alone.stdout)
            let batchLines = lines.filter { $0["file"] as? String == capture }
            #expect(try InputFilesTests.canonical(batchLines) == InputFilesTests.canonical(aloneLines), "\(capture)")
            let aloneVerdict = try #require(aloneLines.last)
            #expect(aloneVerdict["exitCode"] as? Int == Int(alone.status))
            let fields = [capture, "\(aloneVerdict["connections"]!)", "\(aloneVerdict["errors"]!)", "\(aloneVerdict["warnings"]!)",
                          "\(aloneVerdict["infos"]!)", aloneVerdict["verdict"] as! String, "\(alone.status)", ""]
            #expect(row == fields.joined(separator: ","), "\(row)")
        }
    }

    @Test func theExitCodeIsTheWorst() throws {
        let pass = CLI.capture("seed-examples.pcap"), fail = CLI.capture("buggy-student-client.pcap")
        let nothing = CLI.capture("brought/upgrade-refused-403.pcap")
        let cut = CLI.capture("Captures-missing.pcap")
        let cases: [([String], Int32)] = [
            ([pass, CLI.capture("fragmented-ping.pcap")], 0), ([pass, nothing], 4), ([nothing, fail, pass], 1), ([fail, cut, nothing], 3),
        ]
        for (files, status) in cases {
            let result = try CLI.run(["check"] + files + ["--format", "csv"])
            #expect(result.status == status, "\(files): \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == files.count + 1)
        }
    }

    /// Parallel work, the same output: in argument order whatever finished first.
    @Test func oneJobOrManyTheOutputIsTheSame() throws {
        let all = InputFilesTests.bundled
        let one = try CLI.run(["check"] + all + ["--jobs", "1"])
        let many = try CLI.run(["check"] + all.reversed() + all + ["--jobs", "4"])
        let manyJSON = try CLI.run(["check"] + all + ["--jobs", "3", "--format", "json"])
        let oneJSON = try CLI.run(["check"] + all + ["--jobs", "1", "--format", "json"])
        #expect(one.status == many.status)
        #expect(oneJSON.stdout == manyJSON.stdout)
        let headings = many.stdout.split(separator: "\n").filter { $0.hasPrefix("Capture: ") }.map { String($0.dropFirst(9)) }
        #expect(headings == all.reversed() + all)
        let single = try CLI.run(["check", all[0], "--jobs", "2"])
        #expect(!single.stdout.contains("Verdicts"), "one capture: no table")
    }
}
