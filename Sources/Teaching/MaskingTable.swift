public import WebSocketWire
import WireBytes

/// The thesis' tables 1 and 2: a payload masked (or unmasked) byte by byte with the 4-byte key,
/// `masked[i] = data[i] XOR key[i mod 4]`, in rows of 16 bytes.
public enum MaskingTable {
    public enum Direction: Sendable {
        /// Plain data in, masked bytes out (table 1).
        case mask
        /// Masked bytes in, plain data out (table 2).
        case unmask
    }

    /// Bytes per row block: 16, as in the thesis' tables; 8 (or 4) when 16 would not fit the
    /// width, and 8 below 80 columns.
    /// `labelWidth` is the row labels' column (wider in German: "Unmaskierte Bytes").
    public static func bytesPerRow(count: Int, firstIndex: Int, width: Int, labelWidth: Int = minimumLabelWidth) -> Int {
        let cell = max(2, String(firstIndex + max(0, count - 1)).count)
        func line(_ bytes: Int) -> Int { labelWidth + 1 + bytes * cell + (bytes - 1) * 2 }
        if width >= 80, line(16) <= width { return 16 }
        return line(8) <= width ? 8 : 4
    }

    public static let minimumLabelWidth = 15

    /// The row labels' column: at least 15, and two more than the longest label.
    static func labelWidth(_ words: RowWords) -> Int {
        max(minimumLabelWidth, [words.character, words.unmasked, words.operatorLabel, words.key, words.masked]
            .map(TextWidth.columns).max()! + 2)
    }

    /// A key from 8 hex digits, with or without spaces, colons or dashes ("3c2e3f4a", "3c 2e 3f 4a",
    /// "3c:2e:3f:4a", "0x3c2e3f4a"); nil otherwise.
    public static func parseKey(_ text: String) -> WebSocketMaskingKey? {
        guard let bytes = Hex.decode(text), bytes.count == 4 else { return nil }
        return WebSocketMaskingKey(bytes)
    }

    /// The formula in words, as the thesis states it.
    public static func formula(_ direction: Direction, style: Style = .plain) -> String {
        switch direction {
        case .mask: return "masked[i] = data[i] XOR key[i mod 4]"
        case .unmask: return "data[i] = masked[i] XOR key[i mod 4]   " + style.tr("masking.formula.selfInverse")
        }
    }

    /// The table for `input` (plain data for `.mask`, masked bytes for `.unmask`).
    /// - Parameters:
    ///   - firstIndex: the payload index of `input[0]` (the key phase follows it).
    ///   - markdown: a Markdown table per block of 16 bytes instead of aligned text.
    ///   - width: the columns the text may take (the row blocks are narrower below 80 or when
    ///     16 bytes would not fit).
    ///   - showsCharacters: the character row; off for bytes that are not text (binary or
    ///     compressed data), whose "characters" would mean nothing.
    public static func render(_ input: [UInt8], key: WebSocketMaskingKey, direction: Direction, firstIndex: Int = 0,
                              style: Style = .plain, markdown: Bool = false, showsCharacters: Bool = true,
                              width: Int = .max) -> String {
        let words = RowWords(style: style)
        let labelWidth = Self.labelWidth(words)
        let rowWidth = markdown ? 16 : bytesPerRow(count: input.count, firstIndex: firstIndex, width: width, labelWidth: labelWidth)
        let output = key.apply(to: input, startingPhase: firstIndex)
        let plain = direction == .mask ? input : output
        let masked = direction == .mask ? output : input
        let characters = characterCells(plain, style: style)
        var blocks: [String] = []
        var start = 0
        repeat {
            let end = min(start + rowWidth, input.count)
            let range = start..<end
            let indexRow = range.map { String(firstIndex + $0) }
            let keyRow = range.map { key[firstIndex + $0].hex2 }
            let plainRow = range.map { plain[$0].hex2 }
            let maskedRow = range.map { masked[$0].hex2 }
            let characterRow = Array(characters[range])
            // The thesis' tables have an "Operator ⊕" row before the key; a language whose catalog
            // names that row shows it (the English table says "XOR key" instead).
            let operatorRow: [(String, [String])] = words.operatorLabel.isEmpty ? []
                : [(words.operatorLabel, [style.xor] + Array(repeating: "", count: range.count - 1))]
            var rows: [(String, [String])] = direction == .mask
                ? [("i", indexRow), (words.character, characterRow), (words.unmasked, plainRow)] + operatorRow
                    + [(words.key, keyRow), (words.masked, maskedRow)]
                : [("i", indexRow), (words.masked, maskedRow)] + operatorRow
                    + [(words.key, keyRow), (words.unmasked, plainRow), (words.character, characterRow)]
            if !showsCharacters { rows.removeAll { $0.0 == words.character } }
            blocks.append(markdown ? markdownBlock(rows) : textBlock(rows, labelWidth: labelWidth))
            start = end
        } while start < input.count
        return blocks.joined(separator: "\n\n")
    }

    /// One byte's XOR bit by bit: data, key byte, result.
    public static func bits(_ input: [UInt8], index: Int, key: WebSocketMaskingKey, direction: Direction,
                            style: Style = .plain) -> String {
        guard input.indices.contains(index) else { return "" }
        let byte = input[index]
        let keyByte = key[index]
        let result = byte ^ keyByte
        let (inName, outName) = direction == .mask ? ("data[\(index)]", "masked[\(index)]") : ("masked[\(index)]", "data[\(index)]")
        let plain = direction == .mask ? byte : result
        let labels = [inName, "key[\(index) mod 4]", outName]
        let width = labels.map(\.count).max()! + style.xor.count + 3
        func line(_ label: String, _ value: UInt8) -> String {
            TextViews.pad(label, width) + value.hex2 + "   " + binary(value, grouped: true)
        }
        var lines = [style.tr("masking.bits.title", index, plain.hex2, characterCell(plain, style: style), index % 4)]
        lines.append("  " + line(labels[0], byte))
        lines.append("  " + line(style.xor + " " + labels[1], keyByte))
        lines.append("  " + String(repeating: " ", count: width + 5) + style.rule(9))
        lines.append("  " + line(labels[2], result))
        lines.append("  " + style.tr("masking.bits.truthTable"))
        return lines.joined(separator: "\n")
    }

    /// "0110 0011" (grouped) or "01100011".
    public static func binary(_ byte: UInt8, grouped: Bool = false) -> String {
        var text = ""
        for bit in (0..<8).reversed() {
            text += byte >> UInt8(bit) & 1 == 1 ? "1" : "0"
            if grouped && bit == 4 { text += " " }
        }
        return text
    }

    // MARK: Cells

    /// One cell per byte: the character a byte starts (UTF-8 aware), empty for continuation bytes,
    /// `·` for anything that is not safe to print; the hex row always tells the truth.
    static func characterCells(_ bytes: [UInt8], style: Style) -> [String] {
        var cells: [String] = []
        cells.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length > 1, let text = String(validating: bytes[index..<(index + length)], as: UTF8.self),
               let scalar = text.unicodeScalars.first, TerminalSafe.isSafe(scalar) {
                cells.append(style.ascii ? style.unprintable : text)
                cells.append(contentsOf: Array(repeating: style.ascii ? style.unprintable : "", count: length - 1))
                index += length
            } else {
                cells.append(characterCell(bytes[index], style: style))
                index += 1
            }
        }
        return cells
    }

    static func characterCell(_ byte: UInt8, style: Style) -> String {
        switch byte {
        case 0x20: return style.space
        case 0x21...0x7e: return String(UnicodeScalar(byte))
        default: return style.unprintable
        }
    }

    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 1
        return index + length <= bytes.count ? length : 1
    }

    /// The row labels of the table in the style's language (the thesis' own in German).
    struct RowWords {
        let character: String
        let unmasked: String
        let operatorLabel: String
        let key: String
        let masked: String

        init(style: Style) {
            character = style.tr("masking.row.character")
            unmasked = style.tr("masking.row.unmasked")
            operatorLabel = style.tr("masking.row.operator")
            key = style.tr("masking.row.key")
            masked = style.tr("masking.row.masked")
        }
    }

    private static func textBlock(_ rows: [(String, [String])], labelWidth: Int) -> String {
        let count = rows[0].1.count
        let widths = (0..<count).map { column in max(2, rows.map { TextWidth.columns($0.1[column]) }.max() ?? 2) }
        return rows.map { label, cells in
            (" " + TextViews.pad(label, labelWidth) + cells.indices.map { TextViews.pad(cells[$0], widths[$0]) }
                .joined(separator: "  ")).trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    private static func markdownBlock(_ rows: [(String, [String])]) -> String {
        func cell(_ text: String) -> String {
            let escaped = text.replacingAll("|", with: "\\|").replacingAll("`", with: "\\`")
            return escaped.isEmpty ? " " : escaped
        }
        var lines = ["| " + ([rows[0].0] + rows[0].1).map(cell).joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: "---|", count: rows[0].1.count + 1))
        for (label, cells) in rows.dropFirst() {
            lines.append("| " + ([label] + cells).map(cell).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
