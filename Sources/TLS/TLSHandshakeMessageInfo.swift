public import WireBytes

/// A handshake message that was seen whole (in the clear, or decrypted).
public struct TLSHandshakeMessageInfo: Sendable, Hashable {
    public let from: Peer
    public let type: TLSHandshakeType
    /// Body length (without the 4-byte handshake header).
    public let length: Int
    /// Whether it travelled in protected records (TLS 1.3 after the ServerHello, TLS 1.2 Finished).
    public let wasEncrypted: Bool
    /// Per-direction indices of the records that carried its first and last byte.
    public let firstRecordIndex: Int
    public let lastRecordIndex: Int

    public init(from: Peer, type: TLSHandshakeType, length: Int, wasEncrypted: Bool, firstRecordIndex: Int,
                lastRecordIndex: Int) {
        self.from = from
        self.type = type
        self.length = length
        self.wasEncrypted = wasEncrypted
        self.firstRecordIndex = firstRecordIndex
        self.lastRecordIndex = lastRecordIndex
    }
}
