/// The 4-bit opcode of a frame (RFC 6455 §5.2).
///
/// A struct over the raw value rather than a closed enum, so reserved opcodes (0x3-0x7, 0xB-0xF)
/// stay representable and printable: an analyzer must be able to say "reserved control 0xb".
public struct WebSocketOpcode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The opcode as it appears in the low 4 bits of the first header byte (0...15).
    public let rawValue: UInt8

    /// Masks the value to 4 bits: every UInt8 maps to an opcode, nothing traps on wire data.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue & 0x0f
    }

    public static let continuation = WebSocketOpcode(rawValue: 0x0)
    public static let text = WebSocketOpcode(rawValue: 0x1)
    public static let binary = WebSocketOpcode(rawValue: 0x2)
    public static let connectionClose = WebSocketOpcode(rawValue: 0x8)
    public static let ping = WebSocketOpcode(rawValue: 0x9)
    public static let pong = WebSocketOpcode(rawValue: 0xa)

    /// All 16 opcodes, defined and reserved.
    public static let allCases: [WebSocketOpcode] = (0..<16).map { WebSocketOpcode(rawValue: UInt8($0)) }

    /// Control frames have the high bit of the opcode set (0x8-0xF).
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// Data opcodes are text, binary and continuation (plus the reserved 0x3-0x7).
    public var isData: Bool { !isControl }

    /// Opcodes RFC 6455 leaves for future use: 0x3-0x7 (non-control) and 0xB-0xF (control).
    public var isReserved: Bool {
        switch rawValue {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xa: return false
        default: return true
        }
    }

    /// A short name: "continuation", "text", "binary", "close", "ping", "pong",
    /// or "reserved non-control 0x3" / "reserved control 0xb".
    public var name: String {
        switch rawValue {
        case 0x0: return "continuation"
        case 0x1: return "text"
        case 0x2: return "binary"
        case 0x8: return "close"
        case 0x9: return "ping"
        case 0xa: return "pong"
        default: return (isControl ? "reserved control 0x" : "reserved non-control 0x") + String(rawValue, radix: 16)
        }
    }

    /// What the opcode means, in words, for the teaching output.
    public var meaning: String {
        switch rawValue {
        case 0x0: return "continuation frame: the next fragment of a message"
        case 0x1: return "text frame: UTF-8 text"
        case 0x2: return "binary frame: application bytes"
        case 0x8: return "connection close"
        case 0x9: return "ping: asks the peer for a pong"
        case 0xa: return "pong: answers a ping (or a unidirectional heartbeat)"
        default:
            return isControl ? "reserved for further control frames" : "reserved for further non-control frames"
        }
    }

    public var description: String { name }
}
