/// The write key and IV of one direction and one key epoch.
public struct TLSTrafficKeys: Sendable, Hashable {
    public let key: [UInt8]
    /// TLS 1.3 and ChaCha20-Poly1305: the 12-byte IV XORed with the sequence number; TLS 1.2
    /// AES-GCM: the 4-byte salt before each record's explicit nonce.
    public let iv: [UInt8]

    public init(key: [UInt8], iv: [UInt8]) {
        self.key = key
        self.iv = iv
    }
}
