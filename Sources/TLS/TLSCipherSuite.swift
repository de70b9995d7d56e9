/// A cipher suite as it appears in a hello (IANA "TLS Cipher Suites"), open like the other wire
/// values: every id has a name ("unknown 0x....", "GREASE 0x....") and only the AEAD suites that
/// wslens decrypts have `parameters`.
public struct TLSCipherSuite: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// What decrypting records of a supported suite takes.
    public struct Parameters: Sendable, Hashable {
        /// The protocol version the suite belongs to: `.tls1_3` or `.tls1_2`.
        public let version: TLSVersion
        public let aead: TLSAEADAlgorithm
        /// TLS 1.3's HKDF hash, or TLS 1.2's PRF hash.
        public let hash: TLSHashAlgorithm
        /// The write IV taken from the key schedule: 12 bytes for TLS 1.3 and ChaCha20-Poly1305,
        /// the 4-byte implicit salt for TLS 1.2 AES-GCM (RFC 5288 §3).
        public let fixedIVLength: Int
        /// Bytes of nonce sent at the start of each record body: 8 for TLS 1.2 AES-GCM, else 0.
        public let explicitNonceLength: Int

        public var keyLength: Int { aead.keyLength }
    }

    /// The parameters when wslens can decrypt this suite (TLS 1.3's three suites; TLS 1.2
    /// ECDHE/DHE/RSA with AES-GCM or ChaCha20-Poly1305); nil for every other suite.
    public var parameters: Parameters? {
        switch rawValue {
        case 0x1301: return .init(version: .tls1_3, aead: .aes128GCM, hash: .sha256, fixedIVLength: 12, explicitNonceLength: 0)
        case 0x1302: return .init(version: .tls1_3, aead: .aes256GCM, hash: .sha384, fixedIVLength: 12, explicitNonceLength: 0)
        case 0x1303: return .init(version: .tls1_3, aead: .chaCha20Poly1305, hash: .sha256, fixedIVLength: 12, explicitNonceLength: 0)
        case 0xc02f, 0xc02b, 0x009c, 0x009e:
            return .init(version: .tls1_2, aead: .aes128GCM, hash: .sha256, fixedIVLength: 4, explicitNonceLength: 8)
        case 0xc030, 0xc02c, 0x009d, 0x009f:
            return .init(version: .tls1_2, aead: .aes256GCM, hash: .sha384, fixedIVLength: 4, explicitNonceLength: 8)
        case 0xcca8, 0xcca9, 0xccaa:
            return .init(version: .tls1_2, aead: .chaCha20Poly1305, hash: .sha256, fixedIVLength: 12, explicitNonceLength: 0)
        default: return nil
        }
    }

    /// Whether wslens decrypts records protected by this suite.
    public var isDecryptable: Bool { parameters != nil }

    /// RFC 8701 GREASE values (0x0A0A, 0x1A1A, ...).
    public var isGREASE: Bool { rawValue & 0x0f0f == 0x0a0a && rawValue >> 8 == rawValue & 0xff }

    /// The IANA name, e.g. "TLS_AES_128_GCM_SHA256" or "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".
    public var name: String {
        if let known = Self.names[rawValue] { return known }
        return isGREASE ? "GREASE 0x" + hex4(rawValue) : "unknown 0x" + hex4(rawValue)
    }

    public var description: String { name }

    public static let tlsAES128GCMSHA256 = TLSCipherSuite(rawValue: 0x1301)
    public static let tlsAES256GCMSHA384 = TLSCipherSuite(rawValue: 0x1302)
    public static let tlsChaCha20Poly1305SHA256 = TLSCipherSuite(rawValue: 0x1303)
    public static let ecdheRSAWithAES128GCMSHA256 = TLSCipherSuite(rawValue: 0xc02f)
    public static let ecdheRSAWithAES256GCMSHA384 = TLSCipherSuite(rawValue: 0xc030)
    public static let ecdheRSAWithChaCha20Poly1305SHA256 = TLSCipherSuite(rawValue: 0xcca8)

    /// Names of the suites a capture is likely to show: every decryptable one and the common rest.
    private static let names: [UInt16: String] = [
        0x0000: "TLS_NULL_WITH_NULL_NULL",
        0x0004: "TLS_RSA_WITH_RC4_128_MD5",
        0x0005: "TLS_RSA_WITH_RC4_128_SHA",
        0x000a: "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        0x0016: "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
        0x002f: "TLS_RSA_WITH_AES_128_CBC_SHA",
        0x0033: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
        0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
        0x0039: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        0x003c: "TLS_RSA_WITH_AES_128_CBC_SHA256",
        0x003d: "TLS_RSA_WITH_AES_256_CBC_SHA256",
        0x0067: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
        0x006b: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
        0x009c: "TLS_RSA_WITH_AES_128_GCM_SHA256",
        0x009d: "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x009e: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        0x009f: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        0x00ff: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        0x1301: "TLS_AES_128_GCM_SHA256",
        0x1302: "TLS_AES_256_GCM_SHA384",
        0x1303: "TLS_CHACHA20_POLY1305_SHA256",
        0x1304: "TLS_AES_128_CCM_SHA256",
        0x1305: "TLS_AES_128_CCM_8_SHA256",
        0x5600: "TLS_FALLBACK_SCSV",
        0xc009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        0xc00a: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        0xc012: "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        0xc013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        0xc014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        0xc023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        0xc024: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        0xc027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        0xc028: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        0xc02b: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        0xc02c: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        0xc02f: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        0xc030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        0xc09c: "TLS_RSA_WITH_AES_128_CCM",
        0xc09d: "TLS_RSA_WITH_AES_256_CCM",
        0xc0ac: "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
        0xc0ad: "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
        0xcca8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        0xcca9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        0xccaa: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ]
}
