/// Escaping for anything that comes from a capture before it reaches a terminal.
///
/// A capture is attacker-controlled: an ESC sequence in a payload could move the cursor, retitle
/// or recolor the instructor's terminal, and bidi overrides could reorder what is shown. Every
/// such character is replaced by a visible escape; printable text passes unchanged.
public enum TerminalSafe {
    /// Escapes a string: C0 controls, DEL, C1 controls, bidi controls and other invisible format
    /// characters become `\xNN` / `\u{NNNN}`; a backslash becomes `\\` so escapes stay unambiguous.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            appendEscaped(scalar, to: &out)
        }
        return out
    }

    /// Escapes a string and puts it in double quotes, with `"` inside escaped as `\"`, so the text
    /// cannot be confused with its quotes (`"say \"who\""`, never `""who""`).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out += "\\\"" } else { appendEscaped(scalar, to: &out) }
        }
        return out + "\""
    }

    /// Decodes bytes as UTF-8 (each byte of an invalid sequence shown as `\xNN`) and escapes the result.
    public static func escape(bytes: some Collection<UInt8>) -> String {
        escape(bytes: Array(bytes), quoting: false)
    }

    /// `escape(bytes:)` in double quotes, with `"` inside escaped as `\"` (see `quoted(_:)`).
    public static func quoted(bytes: some Collection<UInt8>) -> String {
        "\"" + escape(bytes: Array(bytes), quoting: true) + "\""
    }

    private static func escape(bytes: [UInt8], quoting: Bool) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let (scalar, length) = decodeScalar(bytes, at: index) {
                if quoting, scalar == "\"" { out += "\\\"" } else { appendEscaped(scalar, to: &out) }
                index += length
            } else {
                out += "\\x" + bytes[index].hex2
                index += 1
            }
        }
        return out
    }

    /// One well-formed UTF-8 scalar at `index` (shortest form, no surrogates), or nil.
    private static func decodeScalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch lead {
        case 0x00...0x7f: return (Unicode.Scalar(lead), 1)
        case 0xc2...0xdf: length = 2; minimum = 0x80; value = UInt32(lead & 0x1f)
        case 0xe0...0xef: length = 3; minimum = 0x800; value = UInt32(lead & 0x0f)
        case 0xf0...0xf4: length = 4; minimum = 0x10000; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xc0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3f)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// Whether a scalar may be printed as it is.
    public static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || value == 0x7f { return false }           // C0 controls, DEL
        if (0x80...0x9f).contains(value) { return false }          // C1 controls (0x9b is a CSI)
        if value == 0x061c || value == 0x180e { return false }      // Arabic letter mark (bidi), Mongolian vowel separator
        if (0x200b...0x200f).contains(value) { return false }      // zero width, LRM, RLM
        if (0x2028...0x202e).contains(value) { return false }      // line/paragraph separators, bidi embeddings/overrides
        if (0x2060...0x2069).contains(value) { return false }      // word joiner, bidi isolates
        if value == 0xfeff || (0xfff9...0xfffb).contains(value) { return false }
        if (0xe0000...0xe007f).contains(value) { return false }    // tag characters: invisible text
        return true
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        if scalar == "\\" {
            out += "\\\\"
        } else if isSafe(scalar) {
            out.unicodeScalars.append(scalar)
        } else if scalar.value < 0x100 {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\x" + UInt8(scalar.value).hex2
            }
        } else {
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
}
