public import WireBytes

/// Application data that should be in the sender's plaintext stream but could not be decrypted
/// (bytes of its record were missing from the capture). The plaintext stream goes on after it,
/// so the decoders above skip `length` bytes, as for a TCP gap.
public struct TLSPlaintextGap: Sendable, Hashable {
    public let from: Peer
    public let plaintextOffset: UInt64
    public let length: UInt64
    /// TLS 1.2: the length is exact (body minus nonce and tag). TLS 1.3: an upper bound (the
    /// padding and the content type are unknown; real peers rarely pad, and a record in the
    /// application epoch nearly always carries application data).
    public let isLengthExact: Bool
    public let recordIndex: Int
    public let recordRange: Range<UInt64>

    public init(from: Peer, plaintextOffset: UInt64, length: UInt64, isLengthExact: Bool, recordIndex: Int,
                recordRange: Range<UInt64>) {
        self.from = from
        self.plaintextOffset = plaintextOffset
        self.length = length
        self.isLengthExact = isLengthExact
        self.recordIndex = recordIndex
        self.recordRange = recordRange
    }

    public var plaintextRange: Range<UInt64> { plaintextOffset..<(plaintextOffset + length) }
}
