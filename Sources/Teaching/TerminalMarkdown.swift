/// A lesson's Markdown as the terminal shows it: paragraphs reflowed to the width, `**bold**` in
/// bold and `*emphasis*` underlined (plain without color), code without its backticks, links as
/// "text (address)", lists with hanging indents, pipe tables as aligned tables, code blocks
/// indented, HTML comments left out. Only what lessons use; the HTML page renders with Ink.
struct TerminalMarkdown {
    let style: Style

    func render(_ lines: [String]) -> String {
        var out: [String] = []
        var index = 0
        func blankLine() { if let last = out.last, !last.isEmpty { out.append("") } }
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty {
                blankLine()
                index += 1
            } else if trimmed.hasPrefix("<!--") {
                while index < lines.count, !lines[index].contains("-->") { index += 1 }
                index += 1
            } else if let fence = LessonFence(opening: line) {
                index += 1
                while index < lines.count, !fence.isClosed(by: lines[index]) {
                    out.append(contentsOf: TextWrap.fit("    " + style.asciiSafe(lines[index]), width: style.width, hanging: 2))
                    index += 1
                }
                index += 1
            } else if let level = Self.headingLevel(trimmed) {
                let text = inline(String(trimmed.dropFirst(level + 1)))
                out.append(contentsOf: TextWrap.wrap(text, width: style.width).map(style.bold))
                index += 1
            } else if trimmed.hasPrefix("|") {
                var rows: [String] = []
                while index < lines.count, lines[index].drop(while: { $0 == " " }).hasPrefix("|") {
                    rows.append(lines[index])
                    index += 1
                }
                out.append(contentsOf: table(rows))
            } else if let marker = Self.listMarker(trimmed) {
                let indent = line.count - trimmed.count
                var text = String(trimmed.dropFirst(marker.count))
                index += 1
                while index < lines.count, !Self.startsBlock(lines[index]) {
                    text += " " + lines[index].drop { $0 == " " }
                    index += 1
                }
                let bullet = marker.hasPrefix("-") || marker.hasPrefix("*") || marker.hasPrefix("+")
                    ? (style.ascii ? "- " : "• ") : marker
                let pad = String(repeating: " ", count: indent)
                let hang = String(repeating: " ", count: indent + TextWidth.columns(bullet))
                let wrapped = TextWrap.wrap(inline(text), width: style.width - hang.count)
                out.append(pad + bullet + wrapped[0])
                out.append(contentsOf: wrapped.dropFirst().map { hang + $0 })
            } else if trimmed.hasPrefix(">") {
                var text = ""
                while index < lines.count, let quoted = Self.quoted(lines[index]) {
                    text += (text.isEmpty ? "" : " ") + quoted
                    index += 1
                }
                let bar = style.ascii ? "| " : "│ "
                out.append(contentsOf: TextWrap.wrap(inline(text), width: style.width - 2).map { bar + $0 })
            } else {
                // A paragraph: its lines joined (a line ending in two spaces or a backslash keeps its break).
                var pieces: [String] = []
                var current = ""
                repeat {
                    let text = lines[index]
                    let hardBreak = text.hasSuffix("  ") || text.hasSuffix("\\")
                    var body = text.drop { $0 == " " }
                    while body.last == " " { body = body.dropLast() }
                    if body.last == "\\" { body = body.dropLast() }
                    current += (current.isEmpty ? "" : " ") + body
                    index += 1
                    if hardBreak {
                        pieces.append(current)
                        current = ""
                    }
                } while index < lines.count && !Self.startsBlock(lines[index])
                if !current.isEmpty { pieces.append(current) }
                for piece in pieces { out.append(contentsOf: TextWrap.wrap(inline(piece), width: style.width)) }
            }
        }
        while out.last == "" { out.removeLast() }
        while out.first == "" { out.removeFirst() }
        return out.joined(separator: "\n")
    }

    // MARK: Blocks

    static func headingLevel(_ line: Substring) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// "- ", "* ", "+ ", "1. " or "1) " at the start of a line.
    static func listMarker(_ line: Substring) -> String? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " { return String(first) + " " }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 4 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return String(digits) + String(mark) + " "
    }

    static func quoted(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix(">") else { return nil }
        return String(trimmed.dropFirst().drop { $0 == " " })
    }

    /// Whether a line ends the paragraph or list item before it.
    static func startsBlock(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return trimmed.isEmpty || headingLevel(trimmed) != nil || listMarker(trimmed) != nil || trimmed.hasPrefix("|")
            || trimmed.hasPrefix(">") || trimmed.hasPrefix("<!--") || LessonFence(opening: line) != nil
    }

    /// A pipe table as an aligned table (the alignment row's colons give the alignment).
    private func table(_ rows: [String]) -> [String] {
        let cells = rows.map(Self.cells)
        guard cells.count >= 2, cells[1].allSatisfy({ $0.allSatisfy { "-: ".contains($0) } && $0.contains("-") }) else {
            return rows.flatMap { TextWrap.fit(style.asciiSafe($0), width: style.width) }
        }
        var table = TextTable(columns: cells[0].indices.map { column in
            let alignment: TextTable.Alignment = column < cells[1].count && cells[1][column].hasSuffix(":")
                && !cells[1][column].hasPrefix(":") ? .right : .left
            return TextTable.Column(inline(cells[0][column]), alignment, wraps: true)
        })
        for row in cells.dropFirst(2) { table.append(row.prefix(cells[0].count).map(inline)) }
        return table.render(style: style, width: style.width - 2).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }
    }

    /// The cells of a pipe-table row (`\|` is a pipe inside a cell).
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var escaped = false
        var inCode = false
        for character in row.drop(while: { $0 == " " }).dropFirst() {
            if escaped {
                // `\|` is a pipe in the cell; other escapes are left for the inline rendering.
                if character != "|" { cell.append("\\") }
                cell.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "`" {
                inCode.toggle()
                cell.append(character)
            } else if character == "|", !inCode {
                cells.append(cell.trimmingBlanksOnBothSides())
                cell = ""
            } else {
                cell.append(character)
            }
        }
        let last = cell.trimmingBlanksOnBothSides()
        if !last.isEmpty { cells.append(last) }
        return cells
    }

    // MARK: Inline

    /// Emphasis, code spans, links and escapes of one paragraph, for the terminal.
    func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character == "\\", let next = rest.dropFirst().first, next.isASCII, next.isPunctuation || next.isSymbol {
                out.append(next)
                rest = rest.dropFirst(2)
            } else if character == "`" {
                let run = rest.prefix { $0 == "`" }
                let body = rest.dropFirst(run.count)
                if let close = body.firstRange(of: String(run)) {
                    var code = String(body[..<close.lowerBound])
                    if code.hasPrefix(" "), code.hasSuffix(" "), code.count > 2 { code = String(code.dropFirst().dropLast()) }
                    out += style.accent(code)
                    rest = body[close.upperBound...]
                } else {
                    out += run
                    rest = body
                }
            } else if rest.hasPrefix("**") || rest.hasPrefix("__"), let close = rest.dropFirst(2).firstRange(of: String(rest.prefix(2))),
                      rest.dropFirst(2).first != " " {
                out += style.bold(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound])))
                rest = rest[close.upperBound...]
            } else if character == "*" || character == "_", let next = rest.dropFirst().first, next != " ", next != character,
                      !(character == "_" && (out.last?.isLetter ?? false)),
                      let close = rest.dropFirst().firstIndex(of: character) {
                out += style.underline(inline(String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
            } else if character == "[", let link = Self.link(rest) {
                let label = inline(link.label)
                out += link.label == link.target ? link.target : label + " (" + link.target + ")"
                rest = rest[link.end...]
            } else {
                out.append(character)
                rest = rest.dropFirst()
            }
        }
        return style.asciiSafe(out)
    }

    /// `[label](target)` at the start of `text`.
    static func link(_ text: Substring) -> (label: String, target: String, end: Substring.Index)? {
        guard let labelEnd = text.firstIndex(of: "]") else { return nil }
        let after = text[text.index(after: labelEnd)...]
        guard after.first == "(", let targetEnd = after.firstIndex(of: ")") else { return nil }
        return (String(text[text.index(after: text.startIndex)..<labelEnd]),
                String(after[after.index(after: after.startIndex)..<targetEnd]), after.index(after: targetEnd))
    }
}

extension String {
    fileprivate func trimmingBlanksOnBothSides() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
