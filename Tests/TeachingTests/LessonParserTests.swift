import Foundation
import Testing
@testable import Teaching

@Suite("Lesson parser and renderer")
struct LessonParserTests {
    static let sample = """
        # Lesson 3: Masking, how and why

        XOR with a 4-byte key, and why clients mask.

        Longer introduction.

        ## How

        Text before.

        ```wslens
        wslens mask cs.hm.edu --key 3c2e3f4a
        $ wslens unmask "5f 5d 11" --key '3c 2e 3f 4a'
        # a comment line is skipped
        ```

        ```
        GET / HTTP/1.1
        ```

        ### A subheading stays text

        ````markdown
        ```wslens
        wslens not-a-command
        ```
        ````

        ## Failing on purpose

        ```wslens exit=1
        wslens check Captures/buggy-student-client.pcap
        ```

        ## Exercises

        1. One.
        2. Two.
        """

    @Test("title, summary, sections and commands")
    func parsesSample() throws {
        let lesson = try LessonParser.parse(fileName: "03-masking.md", text: Self.sample)
        #expect(lesson.number == 3)
        #expect(lesson.name == "masking")
        #expect(lesson.fileName == "03-masking.md")
        #expect(lesson.title == "Lesson 3: Masking, how and why")
        #expect(lesson.shortTitle == "Masking, how and why")
        #expect(lesson.summary == "XOR with a 4-byte key, and why clients mask.")
        #expect(lesson.sections.map(\.heading) == [nil, "How", "Failing on purpose", "Exercises"])
        #expect(lesson.commands.map(\.arguments) == [
            ["mask", "cs.hm.edu", "--key", "3c2e3f4a"],
            ["unmask", "5f 5d 11", "--key", "3c 2e 3f 4a"],
            ["check", "Captures/buggy-student-client.pcap"],
        ])
        #expect(lesson.commands.map(\.expectedStatus) == [0, 0, 1])
        #expect(lesson.commands.map(\.line) == [12, 13, 32])
        #expect(lesson.commands[1].text == "wslens unmask \"5f 5d 11\" --key '3c 2e 3f 4a'")
        // Other code blocks, including a four-backtick block that shows a wslens block, stay Markdown.
        let how = lesson.sections[1]
        #expect(how.commands.count == 2)
        guard case .markdown(let after) = how.blocks.last else { Issue.record("expected Markdown"); return }
        #expect(after.contains("wslens not-a-command"))
        #expect(after.contains("### A subheading stays text"))
        // The title line is not part of any block.
        guard case .markdown(let intro) = lesson.sections[0].blocks.first else { Issue.record("expected Markdown"); return }
        #expect(intro.first == "XOR with a 4-byte key, and why clients mask.")
    }

    @Test("number and name from the file name")
    func fileNames() {
        #expect(LessonParser.numberAndName(fileName: "01-handshake.md") == (1, "handshake"))
        #expect(LessonParser.numberAndName(fileName: "10_extra_topic.md") == (10, "extra_topic"))
        #expect(LessonParser.numberAndName(fileName: "appendix.md") == (nil, "appendix"))
        #expect(LessonParser.numberAndName(fileName: "07.md") == (7, "07"))
    }

    @Test("errors name the line", arguments: [
        ("# T\n\n```wslens\nwslens frames x.pcap\n", 3, "never closed"),
        ("# T\n\n```wslens\nls -l\n```\n", 4, "only wslens commands"),
        ("# T\n\n```wslens\nwslens lesson 1\n```\n", 4, "cannot run"),
        ("# T\n\n```wslens exit=x\nwslens frames a.pcap\n```\n", 3, "unknown wslens block option"),
        ("# T\n\n```wslens\n\n```\n", 3, "no command"),
        ("# T\n\n```wslens\nwslens mask 'open\n```\n", 4, "unterminated single quote"),
        ("No title here\n", 1, "title"),
    ])
    func errors(_ text: String, line: Int, message: String) {
        do {
            _ = try LessonParser.parse(fileName: "01-x.md", text: text)
            Issue.record("expected a parse error")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("shell words: quotes, escapes, and quoting back")
    func shellWords() throws {
        #expect(try ShellWords.split("wslens  frames a.pcap --filter 'tcp port 8765'") == ["wslens", "frames", "a.pcap", "--filter", "tcp port 8765"])
        #expect(try ShellWords.split(#"a "b \"c\" \d" e\ f"#) == ["a", #"b "c" \d"#, "e f"])
        #expect(try ShellWords.split("x ''") == ["x", ""])
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split("a \"b") }
        #expect(ShellWords.quote("Captures/x.pcap") == "Captures/x.pcap")
        #expect(ShellWords.quote("tcp port 80") == "'tcp port 80'")
        #expect(ShellWords.quote("it's") == "'it'\\''s'")
        for word in ["a b", "it's", "", "\"q\"", "--key=3c 2e"] {
            #expect(try ShellWords.split("x " + ShellWords.quote(word)) == ["x", word])
        }
    }

    @Test("replacing a command's capture rewrites its text")
    func replacing() throws {
        let lesson = try LessonParser.parse(fileName: "09-checking.md", text: Self.sample)
        let command = lesson.commands[2].replacingArguments { $0.hasSuffix(".pcap") ? "/home/me/my chat.pcapng" : nil }
        #expect(command.arguments == ["check", "/home/me/my chat.pcapng"])
        #expect(command.text == "wslens check '/home/me/my chat.pcapng'")
        #expect(lesson.commands[0].replacingArguments { _ in nil } == lesson.commands[0])
    }

    @Test("lookup by number, name, file name and prefix")
    func catalog() throws {
        let names = ["01-handshake.md", "02-frames.md", "03-masking.md", "10-fun.md", "appendix.md", "04-fragmentation.md"]
        let lessons = LessonCatalog.sorted(try names.map { try LessonParser.parse(fileName: $0, text: "# Lesson\n\nSummary.\n") })
        #expect(lessons.map(\.fileName) == ["01-handshake.md", "02-frames.md", "03-masking.md", "04-fragmentation.md", "10-fun.md", "appendix.md"])
        #expect(try LessonCatalog.find("3", in: lessons).name == "masking")
        #expect(try LessonCatalog.find("03", in: lessons).name == "masking")
        #expect(try LessonCatalog.find("Masking", in: lessons).name == "masking")
        #expect(try LessonCatalog.find("02-frames.md", in: lessons).name == "frames")
        #expect(try LessonCatalog.find("hand", in: lessons).name == "handshake")
        #expect(try LessonCatalog.find("appendix", in: lessons).number == nil)
        #expect(throws: LessonCatalog.LookupError.ambiguous("fr", candidates: ["frames", "fragmentation"])) {
            try LessonCatalog.find("fr", in: lessons)
        }
        #expect(throws: LessonCatalog.LookupError.self) { try LessonCatalog.find("99", in: lessons) }
    }

    @Test("text rendering: banner, headings, indented outputs, exit status and mismatches")
    func renderText() throws {
        let lesson = try LessonParser.parse(fileName: "03-masking.md", text: Self.sample)
        let results = [
            EmbeddedCommandResult(output: "table one\n\n", status: 0),
            EmbeddedCommandResult(output: "", status: 0),
            EmbeddedCommandResult(output: "FAIL\n", status: 0),
        ]
        var next = results.makeIterator()
        let text = LessonRenderer(format: .text).render(lesson) { _ in next.next()! }
        #expect(text.hasPrefix("Lesson 3: Masking, how and why\n" + String(repeating: "═", count: 30) + "\n\nXOR with"))
        #expect(text.contains("How\n───\n"))
        #expect(text.contains("  $ wslens mask cs.hm.edu --key 3c2e3f4a\n  table one\n\n  $ wslens unmask"))
        #expect(text.contains("  (no output)"))
        #expect(text.contains("    GET / HTTP/1.1"))
        #expect(!text.contains("```\nGET"))
        #expect(text.contains("A subheading stays text"))
        #expect(!text.contains("### A subheading"))
        // The check was expected to exit 1 but exited 0: the lesson says so.
        #expect(text.contains("  ✗ the lesson expects exit status 1 here"))
        #expect(!text.contains("(exit status 0)"))
        #expect(text.hasSuffix("1. One.\n2. Two."))

        let ascii = LessonRenderer(format: .text, style: Style(ascii: true)).render(lesson) { _ in
            EmbeddedCommandResult(output: "x", status: 1)
        }
        #expect(ascii.contains("Lesson 3: Masking, how and why\n" + String(repeating: "=", count: 30)))
        #expect(ascii.contains("  (exit status 1)\n  X the lesson expects exit status 0 here"))
    }

    /// The handout shows each command in a console block and then what the command wrote (the
    /// runner asks for its Markdown: tables as Markdown tables, not console text).
    @Test("Markdown rendering: each command in a console block, then its own Markdown output")
    func renderMarkdown() throws {
        let lesson = try LessonParser.parse(fileName: "03-masking.md", text: Self.sample)
        let markdown = LessonRenderer(format: .markdown).render(lesson) { command in
            command.subcommand == "check" ? EmbeddedCommandResult(output: "| rule |\n|---|\n| `ws.x` |\n", status: 1)
                : EmbeddedCommandResult(output: "out", status: 0)
        }
        #expect(markdown.hasPrefix("# Lesson 3: Masking, how and why\n\nXOR with"))
        #expect(markdown.contains("## How\n"))
        #expect(markdown.contains("```console\n$ wslens mask cs.hm.edu --key 3c2e3f4a\n```\n\nout\n\n```console\n$ wslens unmask"))
        #expect(markdown.contains("```console\n$ wslens check Captures/buggy-student-client.pcap\n```\n\n| rule |\n|---|\n| `ws.x` |\n\n*(exit status 1)*"))
        #expect(markdown.contains("````markdown\n```wslens\nwslens not-a-command\n```\n````"))
    }

    @Test("JSON rendering: one object per command")
    func renderJSON() throws {
        let lesson = try LessonParser.parse(fileName: "03-masking.md", text: Self.sample)
        let json = LessonRenderer(format: .json).render(lesson) { _ in EmbeddedCommandResult(output: "a\tb", status: 1) }
        let lines = json.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"lesson":3,"name":"masking","section":"How","line":12,"command":"wslens mask cs.hm.edu --key 3c2e3f4a","arguments":["mask","cs.hm.edu","--key","3c2e3f4a"],"expectedStatus":0,"status":1,"output":"a\tb"}"#)
    }

    @Test("listing: number, name, title without 'Lesson N:', summary")
    func renderList() throws {
        let lessons = [try LessonParser.parse(fileName: "03-masking.md", text: Self.sample)]
        let text = LessonRenderer(format: .text).list(lessons)
        #expect(text.hasPrefix("  3  masking  Masking, how and why\n     XOR with a 4-byte key, and why clients mask.\n"))
        let markdown = LessonRenderer(format: .markdown).list(lessons)
        #expect(markdown.contains("| 3 | `masking` | Masking, how and why | XOR with a 4-byte key, and why clients mask. |"))
        #expect(LessonRenderer(format: .json).list(lessons).contains(#""commands":3"#))
    }

    // MARK: The bundled lessons

    static let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons")

    static func bundledLessons() throws -> [Lesson] {
        let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }
        return LessonCatalog.sorted(try names.map { name in
            let text = try String(contentsOf: lessonsDirectory.appendingPathComponent(name), encoding: .utf8)
            return try LessonParser.parse(fileName: name, text: text)
        })
    }

    @Test("the bundled lessons: ten, in order, each with commands, a one-line summary and 2-3 exercises")
    func bundled() throws {
        let lessons = try Self.bundledLessons()
        #expect(lessons.map(\.number) == Array(1...10))
        #expect(lessons.map(\.name) == ["handshake", "frames", "masking", "fragmentation", "control-frames", "deflate",
                                        "overhead", "tcp", "checking", "tradeoffs"])
        let captures = Self.lessonsDirectory.deletingLastPathComponent().appendingPathComponent("Captures")
        for lesson in lessons {
            #expect(lesson.title.hasPrefix("Lesson \(lesson.number!): "), "\(lesson.fileName)")
            #expect(!lesson.summary.isEmpty && lesson.summary.count <= 96, "\(lesson.fileName): summary of \(lesson.summary.count) characters")
            #expect(lesson.commands.count >= 2, "\(lesson.fileName)")
            let exercises = try #require(lesson.sections.last, "\(lesson.fileName)")
            #expect(exercises.heading == "Exercises", "\(lesson.fileName)")
            let items = exercises.blocks.flatMap { block -> [String] in
                guard case .markdown(let lines) = block else { return [] }
                return lines.filter { $0.first?.isNumber == true && $0.contains(". ") }
            }
            #expect((2...3).contains(items.count), "\(lesson.fileName): \(items.count) exercises")
            for command in lesson.commands {
                for argument in command.arguments where argument.hasPrefix("Captures/") {
                    let path = captures.deletingLastPathComponent().appendingPathComponent(argument).path
                    #expect(FileManager.default.fileExists(atPath: path), "\(lesson.fileName):\(command.line): \(argument)")
                }
            }
        }
    }
}
