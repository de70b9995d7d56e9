import WireBytes

/// One capture's line in the grading table of `check FILE... | DIR`.
public struct BatchCheckRow: Sendable, Equatable {
    public var file: String
    /// WebSocket connections checked.
    public var connections: Int
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    /// `pass`, `fail`, `nothing checked` (as the verdict object says), or `unreadable`.
    public var verdict: String
    public var exitCode: Int
    /// Why the capture could not be read, or was read only up to a cut; nil when it was read whole.
    public var problem: String?

    public init(file: String, connections: Int, errors: Int, warnings: Int, infos: Int, verdict: String, exitCode: Int,
                problem: String?) {
        self.file = file
        self.connections = connections
        self.errors = errors
        self.warnings = warnings
        self.infos = infos
        self.verdict = verdict
        self.exitCode = exitCode
        self.problem = problem
    }
}

/// The grading table at the end of `check` on several captures: one line per capture, in
/// argument order (text, Markdown), or one CSV row per capture for a grade sheet.
public enum BatchCheckView {
    public static func table(_ rows: [BatchCheckRow], style: Style, markdown: Bool = false) -> String {
        // Hand-ins sit in one folder: the table names them from there, so the names keep their room.
        let folder = markdown ? "" : commonFolder(rows.map(\.file))
        let notes = rows.contains { $0.problem != nil }
        var table = TextTable(columns: [.init("file"), .init("WebSocket connections", .right, prose: true), .init("errors", .right),
                                        .init("warnings", .right), .init("verdict")]
                                       + (notes ? [.init("note", optional: true, prose: true)] : []))
        for row in rows {
            table.append([TerminalSafe.escape(String(row.file.dropFirst(folder.count))), String(row.connections), String(row.errors),
                          String(row.warnings), verdictWord(row.verdict)] + (notes ? [row.problem.map(TerminalSafe.escape) ?? ""] : []))
        }
        let counts = Dictionary(grouping: rows, by: \.verdict).mapValues(\.count)
        let parts = ["pass", "fail", "nothing checked", "unreadable"].compactMap { verdict in
            counts[verdict].map { "\($0) \(verdictWord(verdict))" }
        }
        let total = "\(rows.count) capture\(rows.count == 1 ? "" : "s"): " + parts.joined(separator: ", ")
        if markdown {
            return "## Verdicts\n\n" + table.renderMarkdown() + "\n\n**" + total + "**"
        }
        var lines = table.render(style: style).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Colour the verdict words only after the widths are counted.
        for index in lines.indices.dropFirst(2) {
            for (word, paint) in [("PASS", style.good), ("FAIL", style.bad), ("NOTHING CHECKED", style.warn), ("UNREADABLE", style.bad)]
            where lines[index].contains("  " + word) {
                lines[index] = lines[index].replacing("  " + word, with: "  " + paint(word), maxReplacements: 1)
                break
            }
        }
        let title = folder.isEmpty ? "Verdicts" : "Verdicts (files in " + TerminalSafe.escape(folder) + ")"
        return TextWrap.wrap(title, width: style.width).map(style.heading).joined(separator: "\n") + "\n"
            + lines.joined(separator: "\n") + "\n" + style.fit(total)
    }

    /// The folder all `files` are in, with its closing slash ("" when they share none, or when
    /// one of them would be left without a name).
    static func commonFolder(_ files: [String]) -> String {
        guard var folder = files.first.map({ String($0[..<($0.lastIndex(of: "/").map { $0 } ?? $0.startIndex)]) }) else { return "" }
        while !folder.isEmpty, !files.allSatisfy({ $0.hasPrefix(folder + "/") }) {
            folder = folder.lastIndex(of: "/").map { String(folder[..<$0]) } ?? ""
        }
        return folder.isEmpty ? "" : folder + "/"
    }

    static func verdictWord(_ verdict: String) -> String { verdict.uppercased() }

    /// The CSV columns, documented on the contract page.
    public static let csvHeader = "file,connections,errors,warnings,infos,verdict,exitCode,problem"

    /// One row: RFC 4180 quoting; text fields terminal-safe (a file name could hold control characters).
    public static func csvRow(_ row: BatchCheckRow) -> String {
        [csvField(TerminalSafe.escape(row.file)), String(row.connections), String(row.errors), String(row.warnings), String(row.infos),
         csvField(row.verdict), String(row.exitCode), csvField(row.problem.map(TerminalSafe.escape) ?? "")].joined(separator: ",")
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
