public import WireBytes

/// A direction that does not speak HTTP/1.x, handed back to the caller (who may try WebSocket
/// framing heuristics, as Wireshark's `test_websocket` does for a capture that starts mid-connection).
///
/// The direction's bytes from `offset` on are `bufferedBytes` (taken in before the parser could
/// tell), then, when the `consume` call that reported this was fed this direction's bytes, the rest
/// of that buffer from the returned consumed count on, then every later buffer of this direction
/// (for which `consume` returns 0).
///
/// A hand-off can also come from a call fed the other direction: when the server stops speaking
/// HTTP while the client's bytes after an upgrade request are held (the 101 is missing from the
/// capture), both directions are handed over, the client's held bytes in `bufferedBytes`.
public struct NotHTTPHandOff: Sendable, Hashable {
    public var from: Peer
    /// Stream offset of the first byte that is not HTTP.
    public var offset: UInt64
    public var bufferedBytes: [UInt8]
    /// True when the direction never sent an HTTP message; false when it stopped speaking HTTP
    /// after some messages (also reported as a `handshake.malformed-http` finding).
    public var isStreamStart: Bool

    public init(from: Peer, offset: UInt64, bufferedBytes: [UInt8], isStreamStart: Bool) {
        self.from = from
        self.offset = offset
        self.bufferedBytes = bufferedBytes
        self.isStreamStart = isStreamStart
    }
}
