public import WebSocketWire
public import WireBytes

/// An opcode's name and meaning in the style's language (the thesis' words in German: BA 2.1.1,
/// „0x0 definiert ein Fortsetzungs-Frame“ …). The English texts are `WebSocketOpcode`'s own,
/// which JSON keeps whatever the language.
public enum OpcodeWords {
    /// The short name ("ping"; German "Ping").
    public static func name(_ opcode: WebSocketOpcode, style: Style) -> String {
        switch opcode.rawValue {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xa: return style.tr("opcode.name." + opcode.name)
        default:
            return style.tr(opcode.isControl ? "opcode.name.reservedControl" : "opcode.name.reservedNonControl",
                            "0x" + String(opcode.rawValue, radix: 16))
        }
    }

    /// What the opcode means, in words.
    public static func meaning(_ opcode: WebSocketOpcode, style: Style) -> String {
        switch opcode.rawValue {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xa: return style.tr("opcode.meaning." + opcode.name)
        default: return style.tr(opcode.isControl ? "opcode.meaning.reservedControl" : "opcode.meaning.reservedNonControl")
        }
    }

    /// "client → server" or "server → client" (German "Client → Server").
    public static func direction(from peer: Peer, style: Style) -> String {
        style.tr(peer == .client ? "direction.clientToServer" : "direction.serverToClient")
    }
}
