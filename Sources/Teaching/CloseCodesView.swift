import Localization
public import WebSocketWire

/// `wslens close-codes`: the thesis' table 3 for every registered close code (status code, meaning,
/// description, defined by, and whether it may be sent), then the ranges of RFC 6455 §7.4.2.
/// Meanings are the IANA names in every language, as the thesis' table keeps them; descriptions
/// are the thesis' own words in German where table 3 has the code.
public enum CloseCodesView {
    public static func render(_ codes: [WebSocketCloseCode] = CloseCodeWords.registered, width: Int = 100,
                              style: Style = .plain, markdown: Bool = false) -> String {
        let columns = ["code", "meaning", "description", "definedBy", "maySend"].map { style.tr("closeCodes.column." + $0) }
        let rows = codes.map { code in
            [String(code.rawValue), code.name ?? style.dash, text(code, style: style), CloseCodeWords.definedBy(code),
             style.tr(code.isAllowedOnWire ? "word.yes" : "word.no")]
        }
        var lines: [String] = []
        let title = style.tr("closeCodes.title")
        let citation = style.tr("closeCodes.citation")
        if markdown {
            lines.append("### " + title)
            lines.append("")
            var table = TextTable(columns: columns.indices.map { .init(columns[$0], $0 == 0 ? .right : .left) })
            for row in rows { table.append(row) }
            lines.append(table.renderMarkdown())
            if !citation.isEmpty, rows.contains(where: { $0[2].contains("[") }) { lines += ["", citation] }
            lines += ["", "### " + style.tr("closeCodes.rangesTitle"), "", style.tr("closeCodes.rangesIntro"), ""]
            for group in CloseCodeWords.rangeGroups {
                lines.append("- **\(group.id)** " + style.tr("closeCodes.group." + group.id))
            }
            return lines.joined(separator: "\n")
        }
        // Text: code, meaning, defined by and "may be sent" in aligned columns, the description
        // wrapped beneath, indented under the meaning.
        let shown = [0, 1, 3, 4]
        // A column is as wide as its widest cell and its title; when that is too wide for the
        // terminal (German: "darf gesendet werden"), titles wrap at their spaces.
        func cellsWidth(_ column: Int) -> Int { rows.map { TextWidth.columns($0[column]) }.max() ?? 0 }
        var widths = shown.map { max(TextWidth.columns(columns[$0]), cellsWidth($0)) }
        if widths.reduce(0, +) + 2 * (widths.count - 1) > width {
            widths = shown.map { column in
                max(columns[column].split(separator: " ").map { TextWidth.columns($0) }.max() ?? 0, cellsWidth(column))
            }
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { TextViews.pad($0, $1) }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        lines += TextWrap.wrap(title, width: width).map(style.heading)
        lines.append("")
        let titles = shown.indices.map { TextWrap.wrap(columns[shown[$0]], width: widths[$0]) }
        let height = titles.map(\.count).max() ?? 1
        for index in 0..<height {
            // Bottom-aligned, as TextTable aligns wrapped titles.
            lines.append(line(titles.map { index >= height - $0.count ? $0[index - (height - $0.count)] : "" }))
        }
        lines.append(widths.map { style.rule($0) }.joined(separator: "  "))
        let indent = widths[0] + 2
        for (index, row) in rows.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(line(shown.map { row[$0] }))
            for wrapped in TextWrap.wrap(row[2], width: max(20, width - indent)) {
                lines.append(String(repeating: " ", count: indent) + wrapped)
            }
        }
        if !citation.isEmpty, rows.contains(where: { $0[2].contains("[") }) {
            lines.append("")
            lines += TextWrap.wrap(citation, width: width)
        }
        lines += ["", style.heading(style.tr("closeCodes.rangesTitle"))]
        lines += TextWrap.wrap(style.tr("closeCodes.rangesIntro"), width: width)
        let groupWidth = CloseCodeWords.rangeGroups.map(\.id.count).max()! + 2
        for group in CloseCodeWords.rangeGroups {
            let wrapped = TextWrap.wrap(style.tr("closeCodes.group." + group.id), width: max(20, width - groupWidth - 2))
            for (index, text) in wrapped.enumerated() {
                lines.append("  " + TextViews.pad(index == 0 ? group.id : "", groupWidth) + text)
            }
        }
        return style.asciiSafe(lines.joined(separator: "\n"))
    }

    /// The description, or for a code without an entry of its own its range in words.
    static func text(_ code: WebSocketCloseCode, style: Style) -> String {
        code.name != nil ? CloseCodeWords.description(code, style: style) : CloseCodeWords.rangeText(code, style: style)
    }

    /// JSON lines: one object per code, then one per range group; English fields, the German text
    /// under `de` (JSON is the same whatever the language, and carries both).
    public static func json(_ codes: [WebSocketCloseCode] = CloseCodeWords.registered) -> [JSONValue] {
        let english = Style(language: .en), german = Style(language: .de)
        var values: [JSONValue] = codes.map { code in
            .object([
                ("type", .string("code")), ("code", .unsigned(UInt64(code.rawValue))), ("name", .optional(code.name)),
                ("meaning", .string(code.meaning)), ("description", .string(text(code, style: english))),
                ("definedBy", .optional(code.name == nil ? nil : CloseCodeWords.definedBy(code))),
                ("range", .string(code.range.rawValue)), ("maySend", .bool(code.isAllowedOnWire)),
                ("de", .object([("meaning", .string(CloseCodeWords.meaning(code, style: german))),
                                ("description", .string(text(code, style: german)))])),
            ])
        }
        for group in CloseCodeWords.rangeGroups {
            values.append(.object([
                ("type", .string("range")), ("from", .number(group.codes.lowerBound)), ("to", .number(group.codes.upperBound)),
                ("description", .string(english.tr("closeCodes.group." + group.id))),
                ("de", .object([("description", .string(german.tr("closeCodes.group." + group.id)))])),
            ]))
        }
        return values
    }
}
