public import Localization
import WireBytes

/// How text output looks and reads: Unicode or plain ASCII symbols, whether ANSI colors are used,
/// and the language of its words.
///
/// The language travels in the style because every renderer that writes words for a person is
/// already handed one (text, Markdown and HTML alike), so no renderer needs a second parameter and
/// none can forget it; JSON renderers take no style, which is how JSON stays the same in every
/// language.
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
    /// The language of the words (`--lang`, else LC_ALL, LC_MESSAGES, LANG; the CLI decides).
    public var language: Language

    public init(ascii: Bool = false, color: Bool = false, width: Int = 100, language: Language = .en) {
        self.ascii = ascii
        self.color = color
        self.width = width
        self.language = language
    }

    /// The catalog's text for `key` in this style's language, placeholders filled in order of position.
    public func tr(_ key: String, _ arguments: any CatalogArgumentConvertible...) -> String {
        Catalog.bundled.string(key, language: language, arguments: arguments.map(\.catalogArgument))
    }

    /// The catalog's text for `key` with arguments already converted.
    public func tr(_ key: String, arguments: [CatalogArgument]) -> String {
        Catalog.bundled.string(key, language: language, arguments: arguments)
    }

    /// Text from the capture, escaped for the terminal and in this language's quotation marks
    /// ("…" in English, with `\"` inside; „…“ in German).
    public func quoted(_ text: String) -> String {
        let escaped = TerminalSafe.quoted(text)
        return tr("text.quoted", String(escaped.dropFirst().dropLast()))
    }

    /// Bytes from the capture as UTF-8 text (`\xNN` where they are not), quoted as `quoted(_:)` does.
    public func quoted(bytes: some Collection<UInt8>) -> String {
        let escaped = TerminalSafe.quoted(bytes: bytes)
        return tr("text.quoted", String(escaped.dropFirst().dropLast()))
    }

    /// A decimal number as this language writes it ("0.065" or "0,065").
    public func decimal(_ text: String) -> String { language.decimal(text) }

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
            case "„", "“", "”": out += "\""
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

    /// A severity word ("error", "warning", "info"), in this style's language, colored by how
    /// serious it is.
    public func severity(_ name: String) -> String {
        let word = tr("severity." + name)
        switch name {
        case "error": return bad(word)
        case "warning": return warn(word)
        default: return dim(word)
        }
    }
}
