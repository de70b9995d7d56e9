/// A protocol version as TLS writes it on the wire: a record's legacy_version, a hello's
/// legacy_version, or an entry of supported_versions (RFC 8446 §4.2.1).
///
/// Open like the other wire values: GREASE values (RFC 8701) and drafts stay representable.
public struct TLSVersion: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let ssl3_0 = TLSVersion(rawValue: 0x0300)
    public static let tls1_0 = TLSVersion(rawValue: 0x0301)
    public static let tls1_1 = TLSVersion(rawValue: 0x0302)
    public static let tls1_2 = TLSVersion(rawValue: 0x0303)
    public static let tls1_3 = TLSVersion(rawValue: 0x0304)

    /// RFC 8701 reserves 0x0A0A, 0x1A1A, ... 0xFAFA so that peers learn to ignore unknown values.
    public var isGREASE: Bool { rawValue & 0x0f0f == 0x0a0a && rawValue >> 8 == rawValue & 0xff }

    /// "TLS 1.2", "TLS 1.3", "SSL 3.0", "TLS 1.3 draft 28", "GREASE 0x3a3a" or "unknown 0x....".
    public var name: String {
        switch rawValue {
        case 0x0300: return "SSL 3.0"
        case 0x0301: return "TLS 1.0"
        case 0x0302: return "TLS 1.1"
        case 0x0303: return "TLS 1.2"
        case 0x0304: return "TLS 1.3"
        default:
            if isGREASE { return "GREASE 0x" + hex4(rawValue) }
            if rawValue >> 8 == 0x7f { return "TLS 1.3 draft \(rawValue & 0xff)" }
            return "unknown 0x" + hex4(rawValue)
        }
    }

    public var description: String { name }

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Four lowercase hex digits.
func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 4 - digits.count) + digits
}
