import WireBytes

/// The two escapes every byte of a page goes through: one for text between tags, one for
/// attribute values. Nothing else writes capture bytes into HTML.
///
/// Both also make invisible and reordering characters visible (`\u{202e}` for a right-to-left
/// override), so a payload cannot hide or reverse what the page shows.
public enum HTMLEscape {
    /// Text content: `&`, `<` and `>` as entities.
    public static func text(_ value: String) -> String { escape(value, quotes: false) }

    /// An attribute value (always written inside double quotes): also `"` and `'`.
    public static func attribute(_ value: String) -> String { escape(value, quotes: true) }

    private static func escape(_ value: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if TerminalSafe.isSafe(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                }
            }
        }
        return out
    }
}
