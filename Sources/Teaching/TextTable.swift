/// An aligned table for the terminal (Unicode box lines or plain ASCII) or for Markdown handouts.
/// Cells must already be terminal-safe (escaped) text.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func append(_ row: [String]) {
        rows.append(row + Array(repeating: "", count: max(0, columns.count - row.count)))
    }

    private var widths: [Int] {
        columns.indices.map { index in
            max(columns[index].title.count, rows.map { $0[index].count }.max() ?? 0)
        }
    }

    private func pad(_ text: String, _ width: Int, _ alignment: Alignment) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return alignment == .left ? text + fill : fill + text
    }

    /// Terminal text: a header line, a rule, the rows; columns separated by two spaces.
    public func render(ascii: Bool = false) -> String {
        let widths = widths
        var lines: [String] = []
        lines.append(columns.indices.map { pad(columns[$0].title, widths[$0], columns[$0].alignment) }
            .joined(separator: "  ").trimmingTrailingSpaces())
        lines.append(widths.map { String(repeating: ascii ? "-" : "─", count: $0) }.joined(separator: "  "))
        for row in rows {
            lines.append(columns.indices.map { pad(row[$0], widths[$0], columns[$0].alignment) }
                .joined(separator: "  ").trimmingTrailingSpaces())
        }
        return lines.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table (pipes in cells escaped).
    public func renderMarkdown() -> String {
        func cell(_ text: String) -> String { text.replacingAll("|", with: "\\|") }
        var lines = ["| " + columns.map { cell($0.title) }.joined(separator: " | ") + " |"]
        lines.append("|" + columns.map { $0.alignment == .right ? "---:|" : "---|" }.joined())
        for row in rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
