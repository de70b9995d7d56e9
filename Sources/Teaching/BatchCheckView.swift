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
        var table = TextTable(columns: [.init(style.tr("batch.column.file")),
                                        .init(style.tr("batch.column.connections"), .right, prose: true),
                                        .init(style.tr("batch.column.errors"), .right), .init(style.tr("batch.column.warnings"), .right),
                                        .init(style.tr("batch.column.verdict"))]
                                       + (notes ? [.init(style.tr("batch.column.note"), optional: true, prose: true)] : []))
        for row in rows {
            table.append([TerminalSafe.escape(String(row.file.dropFirst(folder.count))), String(row.connections), String(row.errors),
                          String(row.warnings), verdictWord(row.verdict, style)] + (notes ? [row.problem.map(TerminalSafe.escape) ?? ""] : []))
        }
        let counts = Dictionary(grouping: rows, by: \.verdict).mapValues(\.count)
        let parts = ["pass", "fail", "nothing checked", "unreadable"].compactMap { verdict in
            counts[verdict].map { "\($0) \(verdictWord(verdict, style))" }
        }
        let total = style.tr("batch.total", rows.count, parts.joined(separator: ", "))
        if markdown {
            return "## " + style.tr("batch.title") + "\n\n" + table.renderMarkdown() + "\n\n**" + total + "**"
        }
        var lines = table.render(style: style).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Colour the verdict words only after the widths are counted.
        let paints: [(String, (String) -> String)] = [("pass", style.good), ("fail", style.bad), ("nothing checked", style.warn),
                                                      ("unreadable", style.bad)]
        for index in lines.indices.dropFirst(2) {
            for (verdict, paint) in paints {
                let word = verdictWord(verdict, style)
                guard lines[index].contains("  " + word) else { continue }
                lines[index] = lines[index].replacing("  " + word, with: "  " + paint(word), maxReplacements: 1)
                break
            }
        }
        let title = folder.isEmpty ? style.tr("batch.title") : style.tr("batch.titleInFolder", TerminalSafe.escape(folder))
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

    /// The verdict as check says it (PASS, FAIL, NOTHING CHECKED; UNREADABLE), in the reader's language.
    static func verdictWord(_ verdict: String, _ style: Style) -> String {
        switch verdict {
        case "pass": style.tr("check.verdict.pass")
        case "fail": style.tr("check.verdict.fail")
        case "nothing checked": style.tr("check.verdict.nothingChecked")
        case "unreadable": style.tr("batch.verdict.unreadable")
        default: verdict.uppercased()
        }
    }

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
