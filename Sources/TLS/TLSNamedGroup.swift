/// A key exchange group of supported_groups and key_share (RFC 8446 §4.2.7). Open and printable.
public struct TLSNamedGroup: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let secp256r1 = TLSNamedGroup(rawValue: 0x0017)
    public static let secp384r1 = TLSNamedGroup(rawValue: 0x0018)
    public static let secp521r1 = TLSNamedGroup(rawValue: 0x0019)
    public static let x25519 = TLSNamedGroup(rawValue: 0x001d)
    public static let x448 = TLSNamedGroup(rawValue: 0x001e)
    /// The hybrid post-quantum group Chromium offers first (draft-kwiatkowski-tls-ecdhe-mlkem).
    public static let x25519MLKEM768 = TLSNamedGroup(rawValue: 0x11ec)

    /// RFC 8701 GREASE values (0x0A0A, 0x1A1A, ...).
    public var isGREASE: Bool { rawValue & 0x0f0f == 0x0a0a && rawValue >> 8 == rawValue & 0xff }

    public var name: String {
        switch rawValue {
        case 0x0017: return "secp256r1"
        case 0x0018: return "secp384r1"
        case 0x0019: return "secp521r1"
        case 0x001d: return "x25519"
        case 0x001e: return "x448"
        case 0x0100: return "ffdhe2048"
        case 0x0101: return "ffdhe3072"
        case 0x0102: return "ffdhe4096"
        case 0x0103: return "ffdhe6144"
        case 0x0104: return "ffdhe8192"
        case 0x11eb: return "SecP256r1MLKEM768"
        case 0x11ec: return "X25519MLKEM768"
        case 0x6399: return "X25519Kyber768Draft00"
        default: return isGREASE ? "GREASE 0x" + hex4(rawValue) : "unknown 0x" + hex4(rawValue)
        }
    }

    public var description: String { name }
}
