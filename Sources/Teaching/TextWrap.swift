/// Word wrapping measured in terminal columns (`TextWidth`): lines break at spaces, and a word
/// wider than the width is broken inside, so no line is ever wider than the width.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int) -> [String] {
        wrap(Substring(text), width: width)
    }

    public static func wrap(_ text: Substring, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = piece
            var wordWidth = TextWidth.columns(word)
            if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 || !line.isEmpty { lines.append(line) }
            while wordWidth > width {
                let head = TextWidth.prefix(word, columns: width)
                lines.append(String(head))
                word = word[head.endIndex...]
                wordWidth = TextWidth.columns(word)
            }
            line = String(word)
            lineWidth = wordWidth
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// One line fitted to `width`: as it is when it fits, else wrapped at spaces with the
    /// continuation lines indented `hanging` columns past the line's own indentation.
    public static func fit(_ line: String, width: Int, hanging: Int = 4) -> [String] {
        guard TextWidth.columns(line) > width else { return [line] }
        let indent = line.prefix { $0 == " " }.count
        let body = line.dropFirst(indent)
        // A deep indentation would leave too little room: the text then starts further left.
        let first = min(indent, width / 2)
        let rest = min(indent + hanging, width / 2)
        var lines: [String] = []
        var remaining = Substring(body)
        var pad = first
        while !remaining.isEmpty {
            let available = width - pad
            let piece = takeLine(&remaining, width: available)
            lines.append(String(repeating: " ", count: pad) + piece)
            pad = rest
        }
        return lines.isEmpty ? [line] : lines
    }

    /// Every line of `text` fitted to `width`.
    public static func fit(text: String, width: Int, hanging: Int = 4) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { fit(String($0), width: width, hanging: hanging) }
            .joined(separator: "\n")
    }

    /// Takes the words of one line of at most `width` columns off the front of `text`.
    private static func takeLine(_ text: inout Substring, width: Int) -> String {
        let width = max(1, width)
        while text.first == " " { text.removeFirst() }
        var taken = 0
        var end = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let wordEnd = text[index...].firstIndex(of: " ") ?? text.endIndex
            let wordWidth = TextWidth.columns(text[index..<wordEnd])
            // The spaces before the word count as they are (a line may align with several).
            let needed = taken + TextWidth.columns(text[end..<index]) + wordWidth
            if needed > width {
                if taken == 0 {
                    // A word wider than the whole line is cut where the line ends.
                    end = TextWidth.prefix(text[index..<wordEnd], columns: width).endIndex
                }
                break
            }
            taken = needed
            end = wordEnd
            index = wordEnd
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        }
        let line = String(text[..<end])
        text = text[end...]
        while text.first == " " { text.removeFirst() }
        return line.trimmingTrailingSpaces()
    }

    /// The width to lay text out for: `--width`, else COLUMNS, else the terminal's, else 100.
    public static func width(option: Int?, columns: String?, terminal: Int?) -> Int {
        if let option { return option }
        if let columns, let value = Int(columns.filter { $0 != " " }), value > 0 { return value }
        if let terminal, terminal > 0 { return terminal }
        return 100
    }
}
