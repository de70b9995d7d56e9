import Foundation
import Testing

/// Every lesson in Lessons/ runs end to end with the built binary and is compared with its golden
/// output (Tests/wslensTests/Snapshots/lesson-NN.txt). After a change to a lesson or to a command's
/// output: `WSLENS_RECORD=1 swift test --filter LessonTests`, then read the diff.
@Suite("Lessons")
struct LessonTests {
    static let lessonsDirectory = CLI.root.appendingPathComponent("Lessons")

    static var lessonFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    }

    static let numbers = Array(1...10)

    @Test("the ten lessons of the seminar, numbered in teaching order")
    func tenLessons() {
        let files = Self.lessonFiles
        #expect(files.count == 10, "\(files)")
        for (index, file) in files.enumerated() {
            #expect(file.hasPrefix(String(format: "%02d-", index + 1)), "\(file)")
        }
    }

    @Test("each lesson's output matches its golden file", arguments: numbers)
    func lessonMatchesGolden(_ number: Int) throws {
        let result = try CLI.run(["lesson", String(number)])
        #expect(result.status == 0, "lesson \(number) exited \(result.status): \(result.stderr)")
        #expect(result.stderr.isEmpty, "lesson \(number): \(result.stderr)")
        #expect(!result.stdout.contains("the lesson expects exit status"))
        try Golden.check(result.stdout, named: String(format: "lesson-%02d.txt", number))
    }

    @Test("no embedded command exits other than its lesson expects", arguments: numbers)
    func commandsExitAsExpected(_ number: Int) throws {
        let result = try CLI.run(["lesson", String(number), "--format", "json"])
        #expect(result.status == 0, "lesson \(number): \(result.stderr)")
        let records = try jsonLines(result.stdout)
        #expect(records.count >= 2, "lesson \(number) should show wslens at work more than once")
        for record in records {
            let command = record["command"] as? String ?? "?"
            let status = record["status"] as? Int
            let expected = record["expectedStatus"] as? Int
            #expect(status == expected, "lesson \(number): `\(command)` exited \(status ?? -1), expected \(expected ?? -1)")
            #expect(!(record["output"] as? String ?? "").isEmpty, "lesson \(number): `\(command)` printed nothing")
            // Only check (exit 1 on findings) and accept --expect may be shown failing on purpose.
            if expected != 0 {
                #expect(command.contains(" check ") || command.contains(" accept "), "lesson \(number): `\(command)`")
            }
            // Usage errors or unreadable captures are never what a lesson wants to show.
            #expect(status != 2 && status != 3, "lesson \(number): `\(command)` exited \(status ?? -1)")
        }
    }

    @Test("the listing names every lesson with its title and summary")
    func listing() throws {
        let result = try CLI.run(["lesson"])
        #expect(result.status == 0)
        for name in ["handshake", "frames", "masking", "fragmentation", "control-frames", "deflate", "overhead", "tcp", "checking", "tradeoffs"] {
            #expect(result.stdout.contains(name), "\(name) missing from the listing")
        }
        try Golden.check(result.stdout, named: "lesson-list.txt")
        let json = try jsonLines(try CLI.run(["lesson", "--format", "json"]).stdout)
        #expect(json.map { $0["number"] as? Int } == Self.numbers.map { $0 })
        #expect(json.allSatisfy { !($0["summary"] as? String ?? "").isEmpty && ($0["commands"] as? Int ?? 0) > 0 })
    }

    @Test("a lesson is found by number, name, file name or unique prefix")
    func lookup() throws {
        let byNumber = try CLI.run(["lesson", "3"]).stdout
        #expect(byNumber.hasPrefix("Lesson 3"))
        for query in ["masking", "03-masking", "03-masking.md", "MASK", "03"] {
            let result = try CLI.run(["lesson", query])
            #expect(result.status == 0, "\(query): \(result.stderr)")
            #expect(result.stdout == byNumber, "\(query) finds another lesson")
        }
        let unknown = try CLI.run(["lesson", "quantum"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no lesson \"quantum\""))
        #expect(unknown.stdout.isEmpty)
    }

    @Test("--format markdown writes a handout: each command in a console block, its output as Markdown tables")
    func markdownHandout() throws {
        let result = try CLI.run(["lesson", "3", "--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# Lesson 3: Masking"))
        #expect(result.stdout.contains("```console\n$ wslens mask cs.hm.edu --key 3c2e3f4a\n```\n\n#####"))
        #expect(result.stdout.contains("\n| masked | 5f | 5d | 11 | 22 | 51 | 00 | 5a | 2e | 49 |\n"))
        // The table is Markdown, not console text.
        #expect(!result.stdout.contains(" masked         5f  5d"))
        #expect(!result.stdout.contains("```wslens"))
        #expect(result.stdout.contains("## Exercises"))
        // Every opened fence is closed.
        let fences = result.stdout.split(separator: "\n").filter { $0.hasPrefix("```") }
        #expect(fences.count % 2 == 0)
    }

    @Test("--ascii reaches the commands too: no box-drawing characters anywhere")
    func ascii() throws {
        let result = try CLI.run(["lesson", "2", "--ascii"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Lesson 2: Frame anatomy and the three length encodings\n====="))
        for symbol in ["═", "─", "→", "✓"] {
            #expect(!result.stdout.contains(symbol), "\(symbol) in the ASCII output")
        }
        #expect(result.stdout.contains("$ wslens explain Captures/seed-examples.pcap --frame 0\n"), "the command is shown as written")
    }

    @Test("--step without a terminal prints the whole lesson")
    func stepWithoutTerminal() throws {
        let stepped = try CLI.run(["lesson", "3", "--step"])
        #expect(stepped.status == 0)
        #expect(stepped.stdout == (try CLI.run(["lesson", "3"]).stdout))
    }

    @Test("--capture runs every command of a lesson on the instructor's own capture")
    func ownCapture() throws {
        let own = CLI.capture("close-4000-reason.pcap")
        let result = try CLI.run(["lesson", "1", "--capture", own, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try jsonLines(result.stdout)
        let captures = records.flatMap { ($0["arguments"] as? [String] ?? []).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") } }
        #expect(!captures.isEmpty)
        #expect(captures.allSatisfy { $0 == own }, "\(captures)")
        #expect(records.contains { ($0["output"] as? String ?? "").contains("4000") })
        let missing = try CLI.run(["lesson", "1", "--capture", "/nonexistent/capture.pcap"])
        #expect(missing.status == 3)
    }

    @Test("a lesson folder of one's own, by --lessons or WSLENS_LESSONS; a command that does not exit as expected fails the lesson")
    func ownLessonFolder() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-lessons-\(UUID().uuidString)")
        let folder = base.appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let lesson = """
            # Lesson 1: Accept keys

            Checks the RFC's example.

            ## The example

            ```wslens
            $ wslens accept dGhlIHNhbXBsZSBub25jZQ== --expect s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
            ```

            ## A wrong value, not marked

            ```wslens
            wslens accept dGhlIHNhbXBsZSBub25jZQ== --expect 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='
            ```
            """
        try lesson.write(to: folder.appendingPathComponent("01-accept.md"), atomically: true, encoding: .utf8)

        let listed = try CLI.run(["lesson", "--lessons", folder.path])
        #expect(listed.stdout.contains("accept") && listed.stdout.contains("Accept keys"))
        #expect(!listed.stdout.contains("handshake"))

        let run = try CLI.run(["lesson", "1", "--lessons", folder.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        #expect(run.stdout.contains("(exit status 1)"))
        #expect(run.stdout.contains("the lesson expects exit status 0 here"))
        #expect(run.stderr.contains("01-accept.md") && run.stderr.contains("expected 0"))

        let byEnvironment = try CLI.run(["lesson"], environment: ["WSLENS_LESSONS": folder.path])
        #expect(byEnvironment.stdout == listed.stdout)

        try "# No commands\n\n```wslens\nls -l\n```\n".write(to: folder.appendingPathComponent("02-broken.md"),
                                                             atomically: true, encoding: .utf8)
        let broken = try CLI.run(["lesson", "--lessons", folder.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("02-broken.md line 4"))
    }

    @Test("a wslens copied alone to an empty folder prints every lesson with live output: lessons and captures are built in")
    func embeddedLessonsNeedNoCheckout() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("wslens")
        try FileManager.default.copyItem(at: CLI.executable, to: copy)
        for number in Self.numbers {
            let result = try CLI.run(["lesson", String(number)], executable: copy, workingDirectory: folder,
                                     removing: ["WSLENS_LESSONS"])
            #expect(result.status == 0, "lesson \(number) from \(folder.path): \(result.stderr)")
            let golden = try String(contentsOf: Golden.directory.appendingPathComponent(String(format: "lesson-%02d.txt", number)),
                                    encoding: .utf8)
            #expect(result.stdout == golden, "lesson \(number) run from an empty folder differs from its golden output")
        }
        // Nothing was left behind: the lesson's captures lived in a temporary folder of their own.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["wslens"])
    }

    private func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any])
        }
    }
}
