public import WireBytes

/// One step of a TLS connection's handshake (or its end) as the ladder and the report draw it: a
/// handshake message, a ChangeCipherSpec or an alert, with the packet that completed its record.
public struct TLSHandshakeStep: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A handshake message by its name ("ClientHello", "Finished", "KeyUpdate" ...).
        case message(String)
        case changeCipherSpec
        /// An alert: level and description ("warning", "close_notify"); nil when not decrypted.
        case alert(level: String?, description: String?)
    }

    public let from: Peer
    public let kind: Kind
    /// Whether it was sent encrypted.
    public let encrypted: Bool
    /// The packet that carried the end of its record.
    public let packet: UInt64?

    public init(from: Peer, kind: Kind, encrypted: Bool, packet: UInt64?) {
        self.from = from
        self.kind = kind
        self.encrypted = encrypted
        self.packet = packet
    }

    /// At most this many steps are kept per connection (renegotiations and key updates repeat).
    public static let limit = 64
}
