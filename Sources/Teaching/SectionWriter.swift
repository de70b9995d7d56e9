/// Builds text or Markdown line by line.
struct SectionWriter {
    let markdown: Bool
    let style: Style
    private var lines: [String] = []

    init(markdown: Bool, style: Style) {
        self.markdown = markdown
        self.style = style
    }

    mutating func heading(_ text: String, level: Int = 3) {
        if markdown {
            blank()
            lines.append(String(repeating: "#", count: level) + " " + text)
            lines.append("")
        } else {
            lines.append(style.heading(text))
        }
    }

    mutating func line(_ text: String) {
        lines.append(markdown ? text.replacingAll("|", with: "\\|") + "  " : text)
    }

    mutating func raw(_ text: String) { lines.append(text) }

    mutating func blank() {
        if let last = lines.last, last != "" { lines.append("") }
    }

    /// Pre-formatted lines: indented in text, a fenced block in Markdown. A line too wide for the
    /// terminal wraps with its continuation `hanging` columns further in.
    mutating func code(_ block: [String], hanging: Int = 4) {
        if markdown {
            lines.append("```")
            lines.append(contentsOf: block)
            lines.append("```")
        } else {
            lines.append(contentsOf: block.flatMap { TextWrap.fit("  " + style.asciiSafe($0), width: style.width, hanging: hanging) })
        }
    }

    mutating func table(_ table: TextTable) {
        if markdown {
            blank()
            lines.append(table.renderMarkdown())
            lines.append("")
        } else {
            lines.append(contentsOf: table.render(style: style, width: style.width - 2)
                .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
    }

    /// The text; on the terminal with every line fitted to the style's width (a long line wraps
    /// with its continuation indented under it).
    func finish() -> String {
        var result = lines
        while result.last == "" { result.removeLast() }
        let text = style.asciiSafe(result.joined(separator: "\n"))
        return markdown ? text : style.fit(text)
    }
}
