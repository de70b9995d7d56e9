/// The layout of a table printed row by row as the capture is read (`frames`, `messages`), so
/// its widths cannot come from its rows: fixed columns, then one free column (payload, content)
/// that takes the rest of the width and wraps inside it. When fewer than `minimumFree` columns
/// would be left, the free column's text goes on the lines below the row, indented; when even
/// the fixed columns do not fit, the droppable ones are left out (the header says which).
struct StreamingTable {
    struct Column {
        var title: String
        var width: Int
        var alignment: TextTable.Alignment
        /// Left out, lowest first, when the fixed columns are wider than the table may be.
        var dropOrder: Int?

        init(_ title: String, _ width: Int, _ alignment: TextTable.Alignment = .left, drop: Int? = nil) {
            self.title = title
            // A title wider than its column (a translation's) widens it, so the header stays aligned.
            self.width = max(width, TextWidth.columns(title))
            self.alignment = alignment
            self.dropOrder = drop
        }
    }

    let columns: [Column]
    /// The indices of the columns shown.
    let visible: [Int]
    let freeTitle: String
    let separator: String
    let width: Int
    /// Where the free column starts.
    let freeStart: Int

    static let minimumFree = 16
    static let belowIndent = 6

    init(columns: [Column], freeTitle: String, separator: Int, width: Int) {
        self.columns = columns
        self.freeTitle = freeTitle
        self.separator = String(repeating: " ", count: separator)
        self.width = width
        func start(_ shown: [Int]) -> Int { shown.reduce(0) { $0 + columns[$1].width } + separator * shown.count }
        var shown = Array(columns.indices)
        while start(shown) - separator > width,
              let drop = shown.filter({ columns[$0].dropOrder != nil }).min(by: { columns[$0].dropOrder! < columns[$1].dropOrder! }) {
            shown.removeAll { $0 == drop }
        }
        visible = shown
        freeStart = start(shown)
    }

    /// Whether the free column has room beside the fixed ones.
    var freeBeside: Bool { width - freeStart >= Self.minimumFree }

    func header(style: Style) -> String {
        let titles = visible.map { pad(columns[$0].title, columns[$0]) }
        let line = (titles + (freeBeside ? [freeTitle] : [])).joined(separator: separator).trimmingTrailingSpaces()
        var lines = [line]
        if !freeBeside { lines.append(String(repeating: " ", count: Self.belowIndent) + freeTitle) }
        lines.append(style.rule(min(width, TextWidth.columns(line) + 24)))
        let left = columns.indices.filter { !visible.contains($0) }
        if !left.isEmpty {
            let names = left.map { style.quoted(columns[$0].title) }.joined(separator: ", ")
            lines += TextWrap.wrap(style.tr("table.leftOut", width, names), width: width)
        }
        return lines.joined(separator: "\n")
    }

    /// One row: `cells` for every column (those left out are skipped), then the free text.
    func row(_ cells: [String], free: String) -> String {
        let fixed = visible.map { pad(cells[$0], columns[$0]) }.joined(separator: separator)
        var lines: [String]
        // A cell wider than its column pushes the free column right.
        let start = TextWidth.columns(fixed) + separator.count
        if free.isEmpty {
            lines = [fixed.trimmingTrailingSpaces()]
        } else if width - start >= Self.minimumFree {
            let pieces = TextWrap.wrap(free, width: width - start)
            let indent = String(repeating: " ", count: freeStart)
            lines = [fixed + separator + pieces[0]] + pieces.dropFirst().map { indent + $0 }
        } else {
            let indent = String(repeating: " ", count: Self.belowIndent)
            lines = [fixed.trimmingTrailingSpaces()] + TextWrap.wrap(free, width: width - Self.belowIndent).map { indent + $0 }
        }
        // Only a width below the narrowest layout gets here with a line too wide: it wraps.
        return lines.flatMap { TextWrap.fit($0, width: width) }.joined(separator: "\n")
    }

    private func pad(_ text: String, _ column: Column) -> String {
        let fill = String(repeating: " ", count: max(0, column.width - TextWidth.columns(text)))
        return column.alignment == .left ? text + fill : fill + text
    }
}
