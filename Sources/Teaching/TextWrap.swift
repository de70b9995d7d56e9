/// Word wrapping for text whose characters are one column each (escaped, narrowed text): lines
/// break at spaces, and a word longer than the width is broken inside, so no line is ever wider.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if !line.isEmpty, line.count + 1 + word.count <= width {
                line += " " + word
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            line = String(word)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The width to lay text out for: `--width`, else COLUMNS, else the terminal's, else 100.
    public static func width(option: Int?, columns: String?, terminal: Int?) -> Int {
        if let option { return option }
        if let columns, let value = Int(columns.filter { $0 != " " }), value > 0 { return value }
        if let terminal, terminal > 0 { return terminal }
        return 100
    }
}
