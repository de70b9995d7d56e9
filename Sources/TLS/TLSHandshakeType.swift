/// The type of a handshake message (RFC 8446 §4, RFC 5246 §7.4). Open: unknown types stay printable.
public struct TLSHandshakeType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let helloRequest = TLSHandshakeType(rawValue: 0)
    public static let clientHello = TLSHandshakeType(rawValue: 1)
    public static let serverHello = TLSHandshakeType(rawValue: 2)
    public static let newSessionTicket = TLSHandshakeType(rawValue: 4)
    public static let endOfEarlyData = TLSHandshakeType(rawValue: 5)
    public static let encryptedExtensions = TLSHandshakeType(rawValue: 8)
    public static let certificate = TLSHandshakeType(rawValue: 11)
    public static let serverKeyExchange = TLSHandshakeType(rawValue: 12)
    public static let certificateRequest = TLSHandshakeType(rawValue: 13)
    public static let serverHelloDone = TLSHandshakeType(rawValue: 14)
    public static let certificateVerify = TLSHandshakeType(rawValue: 15)
    public static let clientKeyExchange = TLSHandshakeType(rawValue: 16)
    public static let finished = TLSHandshakeType(rawValue: 20)
    public static let certificateStatus = TLSHandshakeType(rawValue: 22)
    public static let keyUpdate = TLSHandshakeType(rawValue: 24)
    public static let messageHash = TLSHandshakeType(rawValue: 254)

    public var name: String {
        switch rawValue {
        case 0: return "hello_request"
        case 1: return "client_hello"
        case 2: return "server_hello"
        case 4: return "new_session_ticket"
        case 5: return "end_of_early_data"
        case 8: return "encrypted_extensions"
        case 11: return "certificate"
        case 12: return "server_key_exchange"
        case 13: return "certificate_request"
        case 14: return "server_hello_done"
        case 15: return "certificate_verify"
        case 16: return "client_key_exchange"
        case 20: return "finished"
        case 22: return "certificate_status"
        case 24: return "key_update"
        case 254: return "message_hash"
        default: return "unknown (\(rawValue))"
        }
    }

    public var description: String { name }
}
