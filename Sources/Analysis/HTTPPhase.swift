public import WireBytes

/// The plain HTTP part of a connection that carried HTTP exchanges and then upgraded to
/// WebSocket on the same keep-alive connection (polls, then a WebSocket): the bytes per layer of
/// its packets before the packet that carried the Upgrade request, so that each phase can be
/// counted like a connection of its own.
public struct HTTPPhase: Sendable, Hashable {
    /// Bytes per layer of the packets before the Upgrade request's packet, per direction.
    public internal(set) var layers: PerPeer<LayerBytes>
    /// The packet that carried the Upgrade request's first byte: the WebSocket phase starts there.
    public let upgradePacket: UInt64?
    /// False when the request's head was completed by a later packet than its first one (or came
    /// out of order): the packets in between are counted in the HTTP phase.
    public let isExact: Bool
}
