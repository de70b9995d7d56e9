/// A hello extension's type (IANA "TLS ExtensionType Values"). Open: every value stays printable.
public struct TLSExtensionType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let serverName = TLSExtensionType(rawValue: 0)
    public static let supportedGroups = TLSExtensionType(rawValue: 10)
    public static let signatureAlgorithms = TLSExtensionType(rawValue: 13)
    public static let applicationLayerProtocolNegotiation = TLSExtensionType(rawValue: 16)
    public static let encryptThenMAC = TLSExtensionType(rawValue: 22)
    public static let extendedMasterSecret = TLSExtensionType(rawValue: 23)
    public static let sessionTicket = TLSExtensionType(rawValue: 35)
    public static let preSharedKey = TLSExtensionType(rawValue: 41)
    public static let earlyData = TLSExtensionType(rawValue: 42)
    public static let supportedVersions = TLSExtensionType(rawValue: 43)
    public static let cookie = TLSExtensionType(rawValue: 44)
    public static let pskKeyExchangeModes = TLSExtensionType(rawValue: 45)
    public static let keyShare = TLSExtensionType(rawValue: 51)
    public static let renegotiationInfo = TLSExtensionType(rawValue: 0xff01)

    /// RFC 8701 GREASE values.
    public var isGREASE: Bool { rawValue & 0x0f0f == 0x0a0a && rawValue >> 8 == rawValue & 0xff }

    public var name: String {
        switch rawValue {
        case 0: return "server_name"
        case 1: return "max_fragment_length"
        case 5: return "status_request"
        case 10: return "supported_groups"
        case 11: return "ec_point_formats"
        case 13: return "signature_algorithms"
        case 16: return "application_layer_protocol_negotiation"
        case 18: return "signed_certificate_timestamp"
        case 21: return "padding"
        case 22: return "encrypt_then_mac"
        case 23: return "extended_master_secret"
        case 27: return "compress_certificate"
        case 28: return "record_size_limit"
        case 35: return "session_ticket"
        case 41: return "pre_shared_key"
        case 42: return "early_data"
        case 43: return "supported_versions"
        case 44: return "cookie"
        case 45: return "psk_key_exchange_modes"
        case 49: return "post_handshake_auth"
        case 50: return "signature_algorithms_cert"
        case 51: return "key_share"
        case 17513, 17613: return "application_settings"
        case 0xfe0d: return "encrypted_client_hello"
        case 0xff01: return "renegotiation_info"
        default: return isGREASE ? "GREASE 0x" + hex4(rawValue) : "unknown 0x" + hex4(rawValue)
        }
    }

    public var description: String { name }
}
