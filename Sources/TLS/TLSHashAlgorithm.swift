/// The hash of a cipher suite: TLS 1.3's HKDF hash, TLS 1.2's PRF hash.
public enum TLSHashAlgorithm: String, Sendable, Hashable, CaseIterable {
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"

    /// Output length in bytes; also the length of a TLS 1.3 traffic secret for this hash.
    public var outputLength: Int { self == .sha256 ? 32 : 48 }
}
