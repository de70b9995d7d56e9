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
                out.append(format == .markdown ? "## \(heading)" : underline(plain(heading), with: style.ascii ? "-" : "─"))
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
    public func list(_ lessons: [Lesson]) -> String {
        let width = style.width
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
            guard !lessons.isEmpty else { return style.tr("lessons.none") }
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
                for line in TextWrap.wrap(plain(lesson.summary), width: max(20, width - indent.count)) {
                    lines.append(indent + line)
                }
            }
            lines.append("")
            lines.append(contentsOf: TextWrap.wrap(style.tr("lessons.howToRun"), width: width))
            return TextWrap.fit(text: lines.joined(separator: "\n"), width: width)
        }
    }

    // MARK: Text

    private func banner(_ lesson: Lesson) -> String {
        underline(plain(lesson.title), with: style.ascii ? "=" : "═", bold: true)
    }

    /// A heading wrapped to the width and underlined as wide as its widest line.
    private func underline(_ text: String, with character: String, bold: Bool = false) -> String {
        let lines = TextWrap.wrap(text, width: style.width)
        let rule = String(repeating: character, count: lines.map { TextWidth.columns($0) }.max() ?? 0)
        return (lines.map { bold ? style.bold($0) : $0 } + [rule]).joined(separator: "\n")
    }

    /// Markdown lines for the terminal, fitted to the width (`TerminalMarkdown`).
    private func textLines(_ lines: [String]) -> String {
        TerminalMarkdown(style: style).render(lines)
    }

    /// Each command with its output, indented by two columns (the runner lays the outputs out
    /// for the width less those two).
    private func textBlock(_ commands: [EmbeddedCommand], _ results: [EmbeddedCommandResult]) -> String {
        var out: [String] = []
        for (command, result) in zip(commands, results) {
            if !out.isEmpty { out.append("") }
            out.append(contentsOf: TextWrap.fit("  $ " + command.text, width: style.width).map(style.bold))
            // With --ascii the commands' own Unicode symbols are replaced too.
            for line in outputLines(result.output) {
                out.append(contentsOf: line.allSatisfy(\.isWhitespace) ? [""]
                           : TextWrap.fit("  " + style.asciiSafe(line), width: style.width))
            }
            out.append(contentsOf: statusLines(command, result).map { "  " + $0 })
        }
        return out.joined(separator: "\n")
    }

    // MARK: Markdown

    /// Each command in a console block, then its output as the command writes Markdown (the
    /// runner asks for `--format markdown`): tables as Markdown tables, not console text.
    private func markdownBlock(_ commands: [EmbeddedCommand], _ results: [EmbeddedCommandResult]) -> String {
        var parts: [String] = []
        for (command, result) in zip(commands, results) {
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(command.text) + 1))
            parts.append(fence + "console\n$ " + command.text + "\n" + fence)
            parts.append(demotingHeadings(outputLines(result.output)).joined(separator: "\n"))
            let status = statusLines(command, result)
            if !status.isEmpty { parts.append(status.map { "*" + $0 + "*" }.joined(separator: "  \n")) }
        }
        return parts.joined(separator: "\n\n")
    }

    /// A command's Markdown headings two levels down, under the lesson's own `##` sections.
    private func demotingHeadings(_ lines: [String]) -> [String] {
        var fence: LessonFence?
        return lines.map { line in
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                return line
            }
            if let opening = LessonFence(opening: line) {
                fence = opening
                return line
            }
            return TerminalMarkdown.headingLevel(line[...]).map { $0 <= 4 ? "##" + line : line } ?? line
        }
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
        return lines.isEmpty ? [style.tr("lessons.noOutput")] : lines
    }

    private func statusLines(_ command: EmbeddedCommand, _ result: EmbeddedCommandResult) -> [String] {
        var lines: [String] = []
        if result.status != 0 { lines.append(style.tr("lessons.exitStatus", result.status)) }
        if result.status != command.expectedStatus {
            lines.append(style.bad("\(style.cross) " + style.tr("lessons.expectsStatus", command.expectedStatus)))
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

}
