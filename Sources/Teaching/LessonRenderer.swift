/// Renders a lesson with its commands' live outputs inserted: as text for the terminal, as a
/// Markdown handout, or as JSON lines (one object per command, for scripts and tests).
/// Pure: the outputs are handed in, the runner that produced them lives in the CLI.
public struct LessonRenderer: Sendable {
    public enum Format: Sendable { case text, markdown, json }

    public var format: Format
    public var style: Style

    public init(format: Format, style: Style = .plain) {
        self.format = format
        self.style = style
    }

    /// The whole lesson; `result` is asked for every command in order.
    public func render(_ lesson: Lesson, result: (EmbeddedCommand) -> EmbeddedCommandResult) -> String {
        var parts: [String] = []
        for index in lesson.sections.indices {
            let section = lesson.sections[index]
            let rendered = render(lesson, sectionAt: index, results: section.commands.map(result))
            if !rendered.isEmpty { parts.append(rendered) }
        }
        return parts.joined(separator: format == .json ? "\n" : "\n\n")
    }

    /// One section (`results` in the order of `section.commands`); the first one carries the title.
    public func render(_ lesson: Lesson, sectionAt index: Int, results: [EmbeddedCommandResult]) -> String {
        let section = lesson.sections[index]
        precondition(results.count == section.commands.count, "one result per command")
        switch format {
        case .json:
            return zip(section.commands, results).map { json(lesson, section: section, command: $0, result: $1) }
                .joined(separator: "\n")
        case .text, .markdown:
            var out: [String] = []
            if index == 0 { out.append(format == .markdown ? "# \(lesson.title)" : banner(lesson)) }
            if let heading = section.heading {
                out.append(format == .markdown ? "## \(heading)" : underline(heading, with: style.ascii ? "-" : "─"))
            }
            var remaining = results[...]
            for block in section.blocks {
                switch block {
                case .markdown(let lines):
                    out.append(format == .markdown ? lines.joined(separator: "\n") : textLines(lines))
                case .commands(let commands):
                    let blockResults = Array(remaining.prefix(commands.count))
                    remaining = remaining.dropFirst(commands.count)
                    out.append(format == .markdown ? markdownBlock(commands, blockResults) : textBlock(commands, blockResults))
                }
            }
            return out.joined(separator: "\n\n")
        }
    }

    /// `wslens lesson` without an argument: every lesson with its title and one-line summary.
    public func list(_ lessons: [Lesson], width: Int = 100) -> String {
        switch format {
        case .json:
            return lessons.map { lesson in
                JSONValue.object([
                    ("number", .optional(lesson.number)), ("name", .string(lesson.name)), ("file", .string(lesson.fileName)),
                    ("title", .string(lesson.title)), ("summary", .string(lesson.summary)),
                    ("sections", .number(lesson.sections.count)), ("commands", .number(lesson.commands.count)),
                ]).serialized()
            }.joined(separator: "\n")
        case .markdown:
            var lines = ["| # | name | title | summary |", "|---:|---|---|---|"]
            for lesson in lessons {
                let cells = [lesson.number.map(String.init) ?? "", "`\(lesson.name)`", lesson.shortTitle, lesson.summary]
                lines.append("| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |")
            }
            return lines.joined(separator: "\n")
        case .text:
            guard !lessons.isEmpty else { return "No lessons found." }
            let numberWidth = lessons.map { ($0.number.map(String.init) ?? "").count }.max() ?? 1
            let nameWidth = lessons.map(\.name.count).max() ?? 4
            let indent = String(repeating: " ", count: numberWidth + 4)
            var lines: [String] = []
            for lesson in lessons {
                if !lines.isEmpty { lines.append("") }
                let number = lesson.number.map(String.init) ?? ""
                lines.append("  " + String(repeating: " ", count: numberWidth - number.count) + number + "  "
                             + lesson.name + String(repeating: " ", count: nameWidth - lesson.name.count) + "  "
                             + plain(lesson.shortTitle))
                for line in wrap(plain(lesson.summary), width: max(20, width - indent.count)) {
                    lines.append(indent + line)
                }
            }
            lines.append("")
            lines.append("Run one with `wslens lesson N` or `wslens lesson NAME` (`--format markdown` writes a handout,")
            lines.append("`--step` pauses after each section).")
            return lines.joined(separator: "\n")
        }
    }

    // MARK: Text

    private func banner(_ lesson: Lesson) -> String {
        var lines = [underline(plain(lesson.title), with: style.ascii ? "=" : "═")]
        lines[0] = style.bold(lines[0])
        return lines.joined(separator: "\n")
    }

    private func underline(_ text: String, with character: String) -> String {
        text + "\n" + String(repeating: character, count: text.count)
    }

    /// Markdown lines for the terminal: other code blocks lose their fences and are indented,
    /// `###` headings lose their hashes; text stays as written.
    private func textLines(_ lines: [String]) -> String {
        var out: [String] = []
        var fence: LessonFence?
        for line in lines {
            if let open = fence {
                if open.isClosed(by: line) { fence = nil } else { out.append("    " + line) }
            } else if let opening = LessonFence(opening: line) {
                fence = opening
            } else if line.hasPrefix("#"), let space = line.firstIndex(of: " "), line[..<space].allSatisfy({ $0 == "#" }) {
                out.append(style.bold(String(line[line.index(after: space)...])))
            } else {
                out.append(style.asciiSafe(line))
            }
        }
        return out.joined(separator: "\n")
    }

    private func textBlock(_ commands: [EmbeddedCommand], _ results: [EmbeddedCommandResult]) -> String {
        var out: [String] = []
        for (command, result) in zip(commands, results) {
            if !out.isEmpty { out.append("") }
            out.append("  " + style.bold("$ " + command.text))
            // With --ascii the commands' own Unicode symbols are replaced too.
            for line in outputLines(result.output) {
                out.append(line.allSatisfy(\.isWhitespace) ? "" : "  " + style.asciiSafe(line))
            }
            out.append(contentsOf: statusLines(command, result).map { "  " + $0 })
        }
        return out.joined(separator: "\n")
    }

    // MARK: Markdown

    private func markdownBlock(_ commands: [EmbeddedCommand], _ results: [EmbeddedCommandResult]) -> String {
        var body: [String] = []
        for (command, result) in zip(commands, results) {
            if !body.isEmpty { body.append("") }
            body.append("$ " + command.text)
            body.append(contentsOf: outputLines(result.output))
            body.append(contentsOf: statusLines(command, result))
        }
        let longestRun = body.map(longestBacktickRun).max() ?? 0
        let fence = String(repeating: "`", count: max(3, longestRun + 1))
        return ([fence + "console"] + body + [fence]).joined(separator: "\n")
    }

    // MARK: JSON

    private func json(_ lesson: Lesson, section: LessonSection, command: EmbeddedCommand, result: EmbeddedCommandResult) -> String {
        JSONValue.object([
            ("lesson", .optional(lesson.number)), ("name", .string(lesson.name)), ("section", .optional(section.heading)),
            ("line", .number(command.line)), ("command", .string(command.text)),
            ("arguments", .array(command.arguments.map(JSONValue.string))),
            ("expectedStatus", .int(Int64(command.expectedStatus))), ("status", .int(Int64(result.status))),
            ("output", .string(result.output)),
        ]).serialized()
    }

    // MARK: Helpers

    private func outputLines(_ output: String) -> [String] {
        var lines = LessonParser.splitLines(output)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.isEmpty ? ["(no output)"] : lines
    }

    private func statusLines(_ command: EmbeddedCommand, _ result: EmbeddedCommandResult) -> [String] {
        var lines: [String] = []
        if result.status != 0 { lines.append("(exit status \(result.status))") }
        if result.status != command.expectedStatus {
            lines.append(style.bad("\(style.cross) the lesson expects exit status \(command.expectedStatus) here"))
        }
        return lines
    }

    private func longestBacktickRun(_ line: String) -> Int {
        var longest = 0
        var run = 0
        for character in line {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// Markdown emphasis markers dropped for one-line text (titles, summaries).
    private func plain(_ text: String) -> String {
        style.asciiSafe(text.replacing("**", with: "").replacing("`", with: ""))
    }

    private func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
