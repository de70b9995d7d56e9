import WireBytes

/// Bytes as a hex dump: offset, 16 bytes in hex, and the printable ASCII (anything else as `.`),
/// safe for any terminal.
public enum HexDump {
    public static func lines(_ bytes: [UInt8], style: Style = .plain) -> [String] {
        var lines: [String] = []
        var offset = 0
        while offset < bytes.count {
            let row = bytes[offset..<min(offset + 16, bytes.count)]
            var hex = row.map(\.hex2).joined(separator: " ")
            hex += String(repeating: " ", count: 47 - hex.count)
            let text = String(row.map { $0 >= 0x20 && $0 < 0x7f ? Character(UnicodeScalar($0)) : "." })
            let position = String(offset, radix: 16)
            lines.append(String(repeating: "0", count: max(0, 4 - position.count)) + position + "  " + hex + "  |" + text + "|")
            offset += 16
        }
        return lines
    }
}
