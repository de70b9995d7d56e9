/// The record protection algorithms wslens can open: AEAD only (RFC 8446 §5.2, RFC 5288, RFC 7905).
///
/// CBC suites are named, never decrypted: with them a record's MAC and padding need checks of
/// their own, and CryptoExtras' CBC strips PKCS#7 padding, which is not TLS padding.
public enum TLSAEADAlgorithm: String, Sendable, Hashable, CaseIterable {
    case aes128GCM = "AES-128-GCM"
    case aes256GCM = "AES-256-GCM"
    case chaCha20Poly1305 = "ChaCha20-Poly1305"

    public var keyLength: Int { self == .aes128GCM ? 16 : 32 }

    /// Every algorithm here appends a 16-byte authentication tag.
    public var tagLength: Int { 16 }
}
