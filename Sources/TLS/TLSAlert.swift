/// An alert message (RFC 8446 §6, RFC 5246 §7.2): a level and a description, both kept raw.
public struct TLSAlert: Sendable, Hashable, CustomStringConvertible {
    public let level: UInt8
    public let descriptionCode: UInt8

    public init(level: UInt8, description: UInt8) {
        self.level = level
        descriptionCode = description
    }

    /// Level 2. TLS 1.3 treats every alert but close_notify and user_canceled as fatal whatever
    /// its level says (RFC 8446 §6); this is only what the level byte says.
    public var isFatalLevel: Bool { level == 2 }

    /// close_notify (0): the orderly end of a connection, not an error.
    public var isCloseNotify: Bool { descriptionCode == 0 }

    /// Whether the alert ends the connection with an error: fatal level, or any description other
    /// than close_notify (0), user_canceled (90) and no_renegotiation (100, a warning in TLS 1.2).
    public var isError: Bool {
        isFatalLevel || ![0, 90, 100].contains(descriptionCode)
    }

    public var levelName: String {
        switch level {
        case 1: return "warning"
        case 2: return "fatal"
        default: return "unknown level \(level)"
        }
    }

    /// The RFC's name of the description, e.g. "close_notify", "handshake_failure".
    public var name: String {
        switch descriptionCode {
        case 0: return "close_notify"
        case 10: return "unexpected_message"
        case 20: return "bad_record_mac"
        case 21: return "decryption_failed"
        case 22: return "record_overflow"
        case 30: return "decompression_failure"
        case 40: return "handshake_failure"
        case 41: return "no_certificate"
        case 42: return "bad_certificate"
        case 43: return "unsupported_certificate"
        case 44: return "certificate_revoked"
        case 45: return "certificate_expired"
        case 46: return "certificate_unknown"
        case 47: return "illegal_parameter"
        case 48: return "unknown_ca"
        case 49: return "access_denied"
        case 50: return "decode_error"
        case 51: return "decrypt_error"
        case 60: return "export_restriction"
        case 70: return "protocol_version"
        case 71: return "insufficient_security"
        case 80: return "internal_error"
        case 86: return "inappropriate_fallback"
        case 90: return "user_canceled"
        case 100: return "no_renegotiation"
        case 109: return "missing_extension"
        case 110: return "unsupported_extension"
        case 111: return "certificate_unobtainable"
        case 112: return "unrecognized_name"
        case 113: return "bad_certificate_status_response"
        case 114: return "bad_certificate_hash_value"
        case 115: return "unknown_psk_identity"
        case 116: return "certificate_required"
        case 120: return "no_application_protocol"
        default: return "unknown (\(descriptionCode))"
        }
    }

    public var description: String { "\(levelName) \(name)" }
}
