/// A seminar lesson: a Markdown file in `Lessons/` with embedded wslens commands.
///
/// A lesson file looks like this:
///
///     # Lesson 3: Masking
///
///     One paragraph saying what the lesson is about (the summary `wslens lesson` lists).
///
///     ## A section
///
///     Text, then a command whose live output the runner inserts:
///
///     ```wslens
///     wslens mask cs.hm.edu --key 3c2e3f4a
///     ```
///
///     ```wslens exit=1
///     wslens check Captures/buggy-student-client.pcap
///     ```
///
/// A fenced block whose info string starts with `wslens` holds one command per line (a leading
/// `$ ` is allowed); `exit=N` says the lesson expects exit status N (default 0). Every other part
/// of the file is kept as written.
public struct Lesson: Sendable, Equatable {
    /// The number from the file name (`03-masking.md` -> 3), or nil when the name has none.
    public var number: Int?
    /// The name from the file name without number and extension (`03-masking.md` -> "masking").
    public var name: String
    /// The text of the `# ` heading.
    public var title: String
    /// The first paragraph after the title, on one line.
    public var summary: String
    /// The title, the summary and everything up to the first `## ` heading form the first section.
    public var sections: [LessonSection]
    /// The file the lesson was read from (`03-masking.md`).
    public var fileName: String

    public init(number: Int?, name: String, title: String, summary: String, sections: [LessonSection],
                fileName: String = "") {
        self.fileName = fileName
        self.number = number
        self.name = name
        self.title = title
        self.summary = summary
        self.sections = sections
    }

    /// The title without a leading "Lesson N:" or "Lektion N:" (listings show the number in a column of its own).
    public var shortTitle: String {
        guard let word = ["lesson ", "lektion "].first(where: { title.lowercased().hasPrefix($0) }) else { return title }
        var rest = title.dropFirst(word.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return title }
        rest = rest.dropFirst(digits.count)
        guard let separator = rest.first, ":.-–—·".contains(separator) else { return title }
        rest = rest.dropFirst()
        while rest.first == " " { rest = rest.dropFirst() }
        return rest.isEmpty ? title : String(rest)
    }

    /// Every command of the lesson, in order.
    public var commands: [EmbeddedCommand] {
        sections.flatMap { section in
            section.blocks.flatMap { block -> [EmbeddedCommand] in
                if case .commands(let commands) = block { return commands }
                return []
            }
        }
    }
}

/// A part of a lesson that starts at a `## ` heading (or at the top of the file).
public struct LessonSection: Sendable, Equatable {
    /// The heading's text without the `## `; nil for the part before the first `## ` heading.
    public var heading: String?
    public var blocks: [LessonBlock]

    public init(heading: String?, blocks: [LessonBlock]) {
        self.heading = heading
        self.blocks = blocks
    }

    /// The section's commands, in order.
    public var commands: [EmbeddedCommand] {
        blocks.flatMap { block -> [EmbeddedCommand] in
            if case .commands(let commands) = block { return commands }
            return []
        }
    }
}

public enum LessonBlock: Sendable, Equatable {
    /// Markdown lines kept as written (text, tables, other code blocks, `###` headings).
    case markdown([String])
    /// A fenced `wslens` block: its commands, each shown with its output.
    case commands([EmbeddedCommand])
}

/// One command line of a `wslens` block.
public struct EmbeddedCommand: Sendable, Equatable {
    /// The line as written, without a leading `$ `.
    public var text: String
    /// The arguments after `wslens`, split as a shell would (quotes removed).
    public var arguments: [String]
    /// The exit status the lesson expects (the block's `exit=N`, default 0).
    public var expectedStatus: Int32
    /// 1-based line in the lesson file.
    public var line: Int

    public init(text: String, arguments: [String], expectedStatus: Int32 = 0, line: Int) {
        self.text = text
        self.arguments = arguments
        self.expectedStatus = expectedStatus
        self.line = line
    }

    /// The subcommand (`summary`, `frames`, ...), or nil for a bare `wslens`.
    public var subcommand: String? { arguments.first }

    /// The same command with every argument `replace` maps changed (for running a lesson on an
    /// instructor's own capture); `text` is rewritten to match.
    public func replacingArguments(_ replace: (String) -> String?) -> EmbeddedCommand {
        var copy = self
        var changed = false
        copy.arguments = arguments.map { argument in
            guard let replacement = replace(argument), replacement != argument else { return argument }
            changed = true
            return replacement
        }
        if changed { copy.text = (["wslens"] + copy.arguments).map(ShellWords.quote).joined(separator: " ") }
        return copy
    }
}

/// What running a lesson command gave: the output (stdout and stderr as the terminal would have
/// shown them, interleaved) and the exit status.
public struct EmbeddedCommandResult: Sendable, Equatable {
    public var output: String
    public var status: Int32

    public init(output: String, status: Int32) {
        self.output = output
        self.status = status
    }
}

/// Finding lessons by number or name (pure; the CLI reads the files).
public enum LessonCatalog {
    /// Lessons in teaching order: numbered ones by number, then the others by name.
    public static func sorted(_ lessons: [Lesson]) -> [Lesson] {
        lessons.sorted { a, b in
            switch (a.number, b.number) {
            case let (x?, y?): return x != y ? x < y : a.name < b.name
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.name < b.name
            }
        }
    }

    public enum LookupError: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound(String, known: [String])
        case ambiguous(String, candidates: [String])

        public var description: String { message(.plain) }

        /// The error in one line, in the style's language.
        public func message(_ style: Style) -> String {
            switch self {
            case .notFound(let query, let known):
                return style.tr("lesson.notFound", query) + (known.isEmpty ? "" : " " + style.tr("lesson.known", known.joined(separator: ", ")))
            case .ambiguous(let query, let candidates):
                return style.tr("lesson.ambiguous", query, candidates.joined(separator: ", "))
            }
        }
    }

    /// A lesson by number ("3", "03"), name ("masking"), file name ("03-masking", "03-masking.md")
    /// or a unique prefix of a name ("mask"); case-insensitive.
    public static func find(_ query: String, in lessons: [Lesson]) throws(LookupError) -> Lesson {
        let wanted = query.lowercased()
        if let number = Int(wanted), let lesson = lessons.first(where: { $0.number == number }) { return lesson }
        let exact = lessons.filter { lesson in
            let file = lesson.fileName.lowercased()
            return lesson.name.lowercased() == wanted || file == wanted
                || (file.hasSuffix(".md") && String(file.dropLast(3)) == wanted)
        }
        if let lesson = exact.first { return lesson }
        let prefixed = lessons.filter { $0.name.lowercased().hasPrefix(wanted) }
        if prefixed.count == 1 { return prefixed[0] }
        if prefixed.count > 1 { throw .ambiguous(query, candidates: prefixed.map(\.name)) }
        throw .notFound(query, known: lessons.map { lesson in lesson.number.map { "\($0) \(lesson.name)" } ?? lesson.name })
    }
}
