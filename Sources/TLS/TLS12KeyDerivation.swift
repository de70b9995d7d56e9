internal import Crypto

/// TLS 1.2's PRF and key expansion (RFC 5246 §5, §6.3), on swift-crypto's HMAC.
///
/// A key log's CLIENT_RANDOM line carries the master secret, so the pre-master secret and the
/// extended master secret (RFC 7627) never matter here: both only change how the master secret
/// was made.
public enum TLS12KeyDerivation {
    /// PRF(secret, label, seed) = P_hash(secret, label + seed), where
    /// P_hash = HMAC(secret, A(1) + seed') + HMAC(secret, A(2) + seed') + ..., A(0) = seed',
    /// A(i) = HMAC(secret, A(i-1)), truncated to `length` bytes.
    public static func prf(secret: [UInt8], label: String, seed: [UInt8], length: Int,
                           hash: TLSHashAlgorithm) -> [UInt8] {
        switch hash {
        case .sha256: return pHash(SHA256.self, secret: secret, seed: Array(label.utf8) + seed, length: length)
        case .sha384: return pHash(SHA384.self, secret: secret, seed: Array(label.utf8) + seed, length: length)
        }
    }

    private static func pHash<H: HashFunction>(_: H.Type, secret: [UInt8], seed: [UInt8], length: Int) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        var output: [UInt8] = []
        output.reserveCapacity(length + H.Digest.byteCount)
        var a = Array(HMAC<H>.authenticationCode(for: seed, using: key))
        while output.count < length {
            output += HMAC<H>.authenticationCode(for: a + seed, using: key)
            a = Array(HMAC<H>.authenticationCode(for: a, using: key))
        }
        return Array(output.prefix(length))
    }

    /// The key block of an AEAD suite: client_write_key, server_write_key, client_write_IV,
    /// server_write_IV (AEAD suites have no MAC keys), from
    /// PRF(master_secret, "key expansion", server_random + client_random) (§6.3: the server's
    /// random comes first here, unlike in the master secret's seed).
    public static func keyBlock(masterSecret: [UInt8], clientRandom: [UInt8], serverRandom: [UInt8],
                                parameters: TLSCipherSuite.Parameters) -> (client: TLSTrafficKeys, server: TLSTrafficKeys) {
        let keyLength = parameters.keyLength
        let ivLength = parameters.fixedIVLength
        let block = prf(secret: masterSecret, label: "key expansion", seed: serverRandom + clientRandom,
                        length: 2 * keyLength + 2 * ivLength, hash: parameters.hash)
        let clientKey = Array(block[0..<keyLength])
        let serverKey = Array(block[keyLength..<(2 * keyLength)])
        let clientIV = Array(block[(2 * keyLength)..<(2 * keyLength + ivLength)])
        let serverIV = Array(block[(2 * keyLength + ivLength)..<(2 * keyLength + 2 * ivLength)])
        return (TLSTrafficKeys(key: clientKey, iv: clientIV), TLSTrafficKeys(key: serverKey, iv: serverIV))
    }
}
