/// How many terminal columns text takes: wide East Asian characters and emoji take two, combining
/// marks and format characters none, and the SGR color sequences wslens writes itself none.
/// Cells are measured with this, never with `String.count`, so `--width` holds for every script.
public enum TextWidth {
    public static func columns(_ text: some StringProtocol) -> Int {
        var total = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                // An SGR sequence is ESC [ parameters m; it ends at its final byte.
                if scalar.value >= 0x40 && scalar.value <= 0x7e && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1b}" {
                inEscape = true
                continue
            }
            total += columns(scalar)
        }
        return total
    }

    public static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return value < 0x20 || (value >= 0x7f && value < 0xa0) ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200b { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, by block).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115f, 0x2e80...0x303e, 0x3041...0x33ff, 0x3400...0x4dbf, 0x4e00...0x9fff, 0xa000...0xa4cf,
             0xa960...0xa97f, 0xac00...0xd7a3, 0xf900...0xfaff, 0xfe10...0xfe19, 0xfe30...0xfe6f, 0xff00...0xff60,
             0xffe0...0xffe6, 0x1b000...0x1b2ff, 0x1f200...0x1f2ff, 0x20000...0x2fffd, 0x30000...0x3fffd:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that takes at most `limit` columns (at least one character,
    /// so a cut always makes progress); an SGR sequence is never cut.
    public static func prefix(_ text: Substring, columns limit: Int) -> Substring {
        var used = 0
        var end = text.startIndex
        var inEscape = false
        for index in text.indices {
            let character = text[index]
            var width = 0
            if inEscape {
                if let ascii = character.asciiValue, ascii >= 0x40, ascii <= 0x7e, character != "[" { inEscape = false }
            } else if character == "\u{1b}" {
                inEscape = true
            } else {
                width = columns(text[index...index])
                if used + width > limit, used > 0 { break }
            }
            used += width
            end = text.index(after: index)
        }
        return text[..<end]
    }
}
