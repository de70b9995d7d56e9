private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits per byte, no separators (the JSON output's byte format).
    public var hexString: String {
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension UInt8 {
    /// Two lowercase hex digits.
    public var hex2: String {
        String(decoding: [hexDigits[Int(self >> 4)], hexDigits[Int(self & 0x0f)]], as: UTF8.self)
    }
}

public enum Hex {
    /// Parses hex digits, ignoring spaces, colons, dashes and an optional `0x` prefix.
    /// Returns nil for an odd number of digits or a character that is not a hex digit.
    public static func decode(_ text: String) -> [UInt8]? {
        var digits: [UInt8] = []
        var body = Substring(text)
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        for scalar in body.unicodeScalars {
            switch scalar {
            case " ", ":", "-", "\t", "\n": continue
            case "0"..."9": digits.append(UInt8(scalar.value - 48))
            case "a"..."f": digits.append(UInt8(scalar.value - 87))
            case "A"..."F": digits.append(UInt8(scalar.value - 55))
            default: return nil
            }
        }
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            bytes.append(digits[index] << 4 | digits[index + 1])
            index += 2
        }
        return bytes
    }
}
