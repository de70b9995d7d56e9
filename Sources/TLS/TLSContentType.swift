/// The content type in a TLS record header (RFC 8446 §5.1, RFC 5246 §6.2.1).
///
/// A struct over the raw value rather than a closed enum, so an unknown type stays representable
/// and printable: an analyzer must be able to say "unknown content type 99".
public struct TLSContentType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let changeCipherSpec = TLSContentType(rawValue: 20)
    public static let alert = TLSContentType(rawValue: 21)
    public static let handshake = TLSContentType(rawValue: 22)
    public static let applicationData = TLSContentType(rawValue: 23)
    /// RFC 6520; never protected by wslens's suites, named only.
    public static let heartbeat = TLSContentType(rawValue: 24)

    /// Whether TLS 1.2 or 1.3 defines this type (20-24).
    public var isKnown: Bool { (20...24).contains(rawValue) }

    /// The RFC's name ("handshake", "application_data", ...) or "unknown (n)".
    public var name: String {
        switch rawValue {
        case 20: return "change_cipher_spec"
        case 21: return "alert"
        case 22: return "handshake"
        case 23: return "application_data"
        case 24: return "heartbeat"
        default: return "unknown (\(rawValue))"
        }
    }

    public var description: String { name }
}
