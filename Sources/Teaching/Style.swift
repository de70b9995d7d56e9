/// How text output looks: Unicode or plain ASCII symbols, and whether ANSI colors are used.
///
/// Every color of the teaching output is chosen here, so one place decides what an escape
/// sequence may be written. Colors wrap whole words the renderers produce (headings, verdicts,
/// severities), never capture bytes, and with `color == false` the output is plain text.
public struct Style: Sendable, Hashable {
    /// Plain ASCII instead of box lines, arrows, ✓/✗ and ⊕.
    public var ascii: Bool
    /// ANSI colors (only when stdout is a terminal and NO_COLOR is not set; the CLI decides).
    public var color: Bool
    /// The terminal columns text is laid out for (`--width`, COLUMNS, the terminal's, else 100):
    /// no line of text output is wider, except a Markdown handout's tables.
    public var width: Int

    public init(ascii: Bool = false, color: Bool = false, width: Int = 100) {
        self.ascii = ascii
        self.color = color
        self.width = width
    }

    public static let plain = Style()

    // MARK: Symbols

    public var check: String { ascii ? "ok" : "✓" }
    public var cross: String { ascii ? "X" : "✗" }
    public var rightArrow: String { ascii ? "->" : "→" }
    public var leftArrow: String { ascii ? "<-" : "←" }
    public var xor: String { ascii ? "XOR" : "⊕" }
    public var ellipsis: String { ascii ? "..." : "…" }
    public var dash: String { ascii ? "-" : "–" }
    public var ruleCharacter: String { ascii ? "-" : "─" }
    /// Shown in a character row for a byte that is not a printable character.
    public var unprintable: String { ascii ? ".." : "·" }
    /// Shown in a character row for a space.
    public var space: String { ascii ? "sp" : "␠" }

    public func rule(_ width: Int) -> String { String(repeating: ruleCharacter, count: max(0, width)) }

    /// Finished text with every line that is wider than `width` wrapped at spaces (continuation
    /// lines indented under the line they continue).
    public func fit(_ text: String, hanging: Int = 4) -> String {
        TextWrap.fit(text: text, width: width, hanging: hanging)
    }

    /// Replaces the Unicode symbols of a finished text with their ASCII forms when `ascii` is set.
    public func asciiSafe(_ text: String) -> String {
        guard ascii else { return text }
        var out = ""
        for character in text {
            switch character {
            case "→": out += "->"
            case "←": out += "<-"
            case "–", "─": out += "-"
            case "…": out += "..."
            case "✓": out += "ok"
            case "✗": out += "X"
            case "⊕": out += "XOR"
            case "×": out += "x"
            case "≈": out += "~"
            case "·": out += "."
            case "│": out += "|"
            case "§": break
            case "␠": out += "sp"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: Colors (SGR sequences written by wslens itself, never taken from a capture)

    private func sgr(_ code: String, _ text: String) -> String {
        color ? "\u{1b}[" + code + "m" + text + "\u{1b}[0m" : text
    }

    public func bold(_ text: String) -> String { sgr("1", text) }
    public func dim(_ text: String) -> String { sgr("2", text) }
    public func underline(_ text: String) -> String { sgr("4", text) }
    public func good(_ text: String) -> String { sgr("32", text) }
    public func bad(_ text: String) -> String { sgr("31", text) }
    public func warn(_ text: String) -> String { sgr("33", text) }
    public func accent(_ text: String) -> String { sgr("36", text) }

    /// A heading line.
    public func heading(_ text: String) -> String { bold(text) }

    /// A severity word colored by how serious it is.
    public func severity(_ name: String) -> String {
        switch name {
        case "error": return bad(name)
        case "warning": return warn(name)
        default: return dim(name)
        }
    }
}
