/// An aligned table for the terminal (Unicode box lines or plain ASCII) or for Markdown handouts.
/// Cells must already be terminal-safe (escaped) text.
///
/// On the terminal the table fits the width it is given: titles wrap at their spaces, wrapping
/// columns (text) get narrower and their cells wrap, and when that is not enough the optional
/// columns are left out with a note that says which.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        /// Cells may wrap onto more lines when the table is too wide (left-aligned text does by default).
        public var wraps: Bool
        /// Left out (with a note) when the table does not fit even with its text wrapped.
        public var isOptional: Bool
        /// Sentences, which read as well in a narrow column: narrowed before the other columns.
        public var isProse: Bool

        public init(_ title: String, _ alignment: Alignment = .left, wraps: Bool? = nil, optional: Bool = false,
                    prose: Bool = false) {
            self.title = title
            self.alignment = alignment
            self.wraps = wraps ?? (alignment == .left || prose)
            self.isOptional = optional
            self.isProse = prose
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func append(_ row: [String]) {
        rows.append(row + Array(repeating: "", count: max(0, columns.count - row.count)))
    }

    /// Columns between the cells.
    static let gap = 2
    /// A wrapping column is not made narrower than this (unless its widest cell is) before
    /// optional columns are left out.
    static let comfortableWidth = 12
    static let smallestWidth = 4
    /// Words up to this wide stay whole while the table can fit otherwise.
    static let longestUnbrokenWord = 24

    private struct Measure {
        var natural: Int
        var comfortable: Int
        var smallest: Int
        var isProse: Bool
    }

    private func measure(_ index: Int) -> Measure {
        let column = columns[index]
        let title = TextWidth.columns(column.title)
        let titleWord = column.title.split(separator: " ").map { TextWidth.columns($0) }.max() ?? 0
        let cells = rows.map { TextWidth.columns($0[index]) }.max() ?? 0
        let natural = max(title, cells)
        guard column.wraps else {
            return Measure(natural: natural, comfortable: max(titleWord, cells), smallest: max(titleWord, cells), isProse: false)
        }
        // Words (an address, a hex string) are not broken while optional columns can go instead;
        // at the smallest, a title's words break too.
        let cellWord = rows.map { $0[index].split(separator: " ").map { TextWidth.columns($0) }.max() ?? 0 }.max() ?? 0
        let comfortable = max(titleWord, min(cells, max(Self.comfortableWidth, min(cellWord, Self.longestUnbrokenWord))))
        return Measure(natural: natural, comfortable: comfortable, smallest: min(natural, Self.smallestWidth),
                       isProse: column.isProse)
    }

    /// Narrows `widths` towards `width`, the widest prose column first (when `proseFirst`), then
    /// the widest other one, down to each column's `floor`; whether they now fit.
    private static func narrow(_ widths: inout [Int], _ measures: [Measure], width: Int, proseFirst: Bool,
                               floor: (Measure) -> Int) -> Bool {
        var excess = widths.reduce(0, +) + gap * max(0, widths.count - 1) - width
        while excess > 0 {
            var widest: Int?
            for index in widths.indices where widths[index] > floor(measures[index]) {
                guard let current = widest else { widest = index; continue }
                let better = proseFirst && measures[index].isProse != measures[current].isProse ? measures[index].isProse
                    : widths[index] > widths[current]
                if better { widest = index }
            }
            guard let widest else { return false }
            widths[widest] -= 1
            excess -= 1
        }
        return true
    }

    /// Which columns to show and how wide: the whole table, narrowed to comfortable widths; else
    /// without optional columns (the last first); else narrowed further, to the smallest widths
    /// (only then may a line be wider than `width`).
    private func layout(width: Int) -> (visible: [Int], widths: [Int]) {
        let measures = columns.indices.map(measure)
        var visible = Array(columns.indices)
        while true {
            let shown = visible.map { measures[$0] }
            var widths = shown.map(\.natural)
            if Self.narrow(&widths, shown, width: width, proseFirst: true, floor: \.comfortable) { return (visible, widths) }
            guard let drop = visible.last(where: { columns[$0].isOptional }) else {
                _ = Self.narrow(&widths, shown, width: width, proseFirst: false, floor: \.smallest)
                return (visible, widths)
            }
            visible.removeAll { $0 == drop }
        }
    }

    private func pad(_ text: String, _ width: Int, _ alignment: Alignment) -> String {
        let fill = String(repeating: " ", count: max(0, width - TextWidth.columns(text)))
        return alignment == .left ? text + fill : fill + text
    }

    /// Terminal text in `style`'s symbols, fitted to `width` (the style's, unless narrower room
    /// is given, as for an indented table).
    public func render(style: Style, width: Int? = nil) -> String {
        guard style.ascii else { return render(width: width ?? style.width, words: style) }
        var plain = TextTable(columns: columns.map { column in
            var column = column
            column.title = style.asciiSafe(column.title)
            return column
        })
        for row in rows { plain.append(row.map(style.asciiSafe)) }
        return plain.render(ascii: true, width: width ?? style.width, words: style)
    }

    /// Terminal text: a header line, a rule, the rows; columns separated by two spaces; no line
    /// wider than `width`; the note on columns left out in `words`' language.
    public func render(ascii: Bool = false, width: Int = .max, words: Style = .plain) -> String {
        let (visible, widths) = layout(width: width)
        var lines: [String] = []
        func emit(_ cells: [String], bottomAligned: Bool) {
            let wrapped = visible.indices.map { position in
                TextWidth.columns(cells[position]) <= widths[position] ? [cells[position]]
                    : TextWrap.wrap(cells[position], width: widths[position])
            }
            let height = wrapped.map(\.count).max() ?? 1
            for line in 0..<height {
                lines.append(visible.indices.map { position -> String in
                    let offset = bottomAligned ? height - wrapped[position].count : 0
                    let text = line >= offset && line - offset < wrapped[position].count ? wrapped[position][line - offset] : ""
                    return pad(text, widths[position], columns[visible[position]].alignment)
                }.joined(separator: "  ").trimmingTrailingSpaces())
            }
        }
        emit(visible.map { columns[$0].title }, bottomAligned: true)
        lines.append(widths.map { String(repeating: ascii ? "-" : "─", count: $0) }.joined(separator: "  "))
        for row in rows { emit(visible.map { row[$0] }, bottomAligned: false) }
        let left = columns.indices.filter { !visible.contains($0) }
        if !left.isEmpty {
            let names = left.map { words.quoted(columns[$0].title) }.joined(separator: ", ")
            lines.append(contentsOf: TextWrap.wrap(words.tr(left.count == 1 ? "table.leftOut.one" : "table.leftOut.other", width, names),
                                                   width: width))
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
