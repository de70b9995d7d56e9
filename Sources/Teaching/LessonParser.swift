/// Parses a lesson file (Markdown with fenced `wslens` blocks) into sections and commands.
/// Pure: it is given the file's name and text and never touches the file system.
public enum LessonParser {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line in the lesson file.
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Subcommands a lesson may not run: `lesson` would start the runner inside itself.
    public static let forbiddenSubcommands: Set<String> = ["lesson"]

    /// The number and name a lesson file's name gives: `03-masking.md` -> (3, "masking"),
    /// `extra.md` -> (nil, "extra").
    public static func numberAndName(fileName: String) -> (number: Int?, name: String) {
        var stem = Substring(fileName)
        if stem.hasSuffix(".md") { stem = stem.dropLast(3) } else if stem.hasSuffix(".markdown") { stem = stem.dropLast(9) }
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return (nil, String(stem)) }
        var rest = stem.dropFirst(digits.count)
        while let first = rest.first, first == "-" || first == "_" || first == " " { rest = rest.dropFirst() }
        return (number, rest.isEmpty ? String(digits) : String(rest))
    }

    public static func parse(fileName: String, text: String) throws(ParseError) -> Lesson {
        let (number, name) = numberAndName(fileName: fileName)
        let lines = splitLines(text)
        var title: String?
        var sections: [LessonSection] = []
        var current = LessonSection(heading: nil, blocks: [])
        var markdown: [String] = []
        var index = 0

        func flushMarkdown() {
            if !markdown.isEmpty { current.blocks.append(.markdown(markdown)); markdown = [] }
        }

        while index < lines.count {
            let line = lines[index]
            if let fence = LessonFence(opening: line) {
                // Find the closing fence first: a block is kept whole, whatever it holds.
                var end = index + 1
                while end < lines.count, !fence.isClosed(by: lines[end]) { end += 1 }
                guard end < lines.count else {
                    throw ParseError(line: index + 1, message: "code block is never closed (missing \(fence.marker))")
                }
                if let expected = try commandBlockStatus(fence.info, line: index + 1) {
                    flushMarkdown()
                    var commands: [EmbeddedCommand] = []
                    for commandIndex in (index + 1)..<end {
                        if let command = try command(lines[commandIndex], expectedStatus: expected, line: commandIndex + 1) {
                            commands.append(command)
                        }
                    }
                    if commands.isEmpty { throw ParseError(line: index + 1, message: "wslens block holds no command") }
                    current.blocks.append(.commands(commands))
                } else {
                    markdown.append(contentsOf: lines[index...end])
                }
                index = end + 1
                continue
            }
            if title == nil, let heading = heading(line, level: 1) {
                title = heading
                index += 1
                continue
            }
            if let heading = heading(line, level: 2) {
                flushMarkdown()
                sections.append(current)
                current = LessonSection(heading: heading, blocks: [])
                index += 1
                continue
            }
            markdown.append(line)
            index += 1
        }
        flushMarkdown()
        sections.append(current)
        sections = sections.map(trimmed).filter { $0.heading != nil || !$0.blocks.isEmpty }

        guard let title else { throw ParseError(line: 1, message: "a lesson needs a title (a line starting with \"# \")") }
        return Lesson(number: number, name: name, title: title, summary: summary(lines), sections: sections, fileName: fileName)
    }

    // MARK: Pieces

    /// "```wslens" or "```wslens exit=1": the expected status; nil for any other block.
    static func commandBlockStatus(_ info: String, line: Int) throws(ParseError) -> Int32? {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, first == "wslens" else { return nil }
        var status: Int32 = 0
        for word in words.dropFirst() {
            if word.hasPrefix("exit="), let value = Int32(word.dropFirst(5)), value >= 0, value < 256 {
                status = value
            } else {
                throw ParseError(line: line, message: "unknown wslens block option \"\(word)\" (known: exit=N)")
            }
        }
        return status
    }

    static func command(_ rawLine: String, expectedStatus: Int32, line: Int) throws(ParseError) -> EmbeddedCommand? {
        var text = Substring(rawLine)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        if text.isEmpty || text.hasPrefix("#") { return nil }
        if text.hasPrefix("$ ") { text = text.dropFirst(2) }
        let words: [String]
        do {
            words = try ShellWords.split(String(text))
        } catch {
            throw ParseError(line: line, message: "\(error.message) in \"\(text)\"")
        }
        guard words.first == "wslens" else {
            throw ParseError(line: line, message: "a wslens block holds only wslens commands, found \"\(text)\"")
        }
        let arguments = Array(words.dropFirst())
        if let subcommand = arguments.first, forbiddenSubcommands.contains(subcommand) {
            throw ParseError(line: line, message: "a lesson cannot run \"wslens \(subcommand)\"")
        }
        return EmbeddedCommand(text: String(text), arguments: arguments, expectedStatus: expectedStatus, line: line)
    }

    static func heading(_ line: String, level: Int) -> String? {
        let marker = String(repeating: "#", count: level) + " "
        guard line.hasPrefix(marker) else { return nil }
        var text = Substring(line).dropFirst(marker.count)
        while let first = text.first, first == " " { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "#" { text = text.dropLast() }
        return String(text)
    }

    /// The first paragraph after the title, joined into one line (Markdown emphasis kept).
    static func summary(_ lines: [String]) -> String {
        var index = 0
        while index < lines.count, heading(lines[index], level: 1) == nil { index += 1 }
        index += 1
        while index < lines.count, lines[index].allSatisfy(\.isWhitespace) { index += 1 }
        var words: [String] = []
        while index < lines.count {
            let line = lines[index]
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") || LessonFence(opening: line) != nil { break }
            var text = Substring(line)
            if text.hasPrefix(">") { text = text.dropFirst() }
            words.append(contentsOf: text.split(separator: " ").map(String.init))
            index += 1
        }
        return words.joined(separator: " ")
    }

    static func splitLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Drops blank lines at the start and end of every Markdown block, and empty blocks.
    static func trimmed(_ section: LessonSection) -> LessonSection {
        var copy = section
        copy.blocks = section.blocks.compactMap { block in
            guard case .markdown(let lines) = block else { return block }
            var slice = lines[...]
            while let first = slice.first, first.allSatisfy(\.isWhitespace) { slice = slice.dropFirst() }
            while let last = slice.last, last.allSatisfy(\.isWhitespace) { slice = slice.dropLast() }
            return slice.isEmpty ? nil : .markdown(Array(slice))
        }
        return copy
    }
}

/// A Markdown code fence: three or more backticks or tildes, and an info string.
struct LessonFence {
    var character: Character
    var count: Int
    var info: String
    var marker: String { String(repeating: character, count: count) }

    init?(opening line: String) {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let first = trimmed.first, first == "`" || first == "~" else { return nil }
        let run = trimmed.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        let info = trimmed.dropFirst(run.count).trimmingBlanks()
        if first == "`", info.contains("`") { return nil }
        character = first
        count = run.count
        self.info = String(info)
    }

    func isClosed(by line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return false }
        let run = trimmed.prefix { $0 == character }
        return run.count >= count && trimmed.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

extension Substring {
    fileprivate func trimmingBlanks() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
