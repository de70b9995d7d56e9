public import WireBytes

/// Decrypted application data of one record, placed in two streams at once: the sender's
/// continuous plaintext stream (offsets from 0, what HTTP and WebSocket decode) and the TCP stream
/// that carried the ciphertext (what TCPReassembly's ProvenanceIndex maps to packets).
public struct TLSPlaintextChunk: Sendable, Hashable {
    public let from: Peer
    /// Offset of `bytes[0]` in the sender's plaintext stream.
    public let plaintextOffset: UInt64
    public let bytes: [UInt8]
    /// The record (per-direction index) that carried these bytes.
    public let recordIndex: Int
    /// Stream offsets of that whole record (header to tag) in the TCP stream.
    public let recordRange: Range<UInt64>
    /// TCP stream offset of the ciphertext byte that decrypts to `bytes[0]`. AES-GCM and
    /// ChaCha20-Poly1305 encrypt byte for byte, so plaintext byte i came from stream offset
    /// `ciphertextOffset + i`.
    public let ciphertextOffset: UInt64

    public init(from: Peer, plaintextOffset: UInt64, bytes: [UInt8], recordIndex: Int, recordRange: Range<UInt64>,
                ciphertextOffset: UInt64) {
        self.from = from
        self.plaintextOffset = plaintextOffset
        self.bytes = bytes
        self.recordIndex = recordIndex
        self.recordRange = recordRange
        self.ciphertextOffset = ciphertextOffset
    }

    public var plaintextRange: Range<UInt64> { plaintextOffset..<(plaintextOffset + UInt64(bytes.count)) }
    public var ciphertextRange: Range<UInt64> { ciphertextOffset..<(ciphertextOffset + UInt64(bytes.count)) }
}
