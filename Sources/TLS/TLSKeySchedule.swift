internal import Crypto

/// The parts of the TLS 1.3 key schedule that turn a key log's traffic secrets into record keys
/// (RFC 8446 §7.1, §7.3), on swift-crypto's HKDF.
///
/// A key log carries the traffic secrets themselves, so only HKDF-Expand-Label is needed: no
/// Diffie-Hellman, no transcript hashes.
public enum TLSKeySchedule {
    /// HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length),
    /// where HkdfLabel is the length (2 bytes), "tls13 " + Label (1-byte length prefix) and the
    /// context (1-byte length prefix) (RFC 8446 §7.1).
    public static func expandLabel(secret: [UInt8], label: String, context: [UInt8] = [], length: Int,
                                   hash: TLSHashAlgorithm) -> [UInt8] {
        let fullLabel = Array("tls13 \(label)".utf8)
        var info: [UInt8] = [UInt8(length >> 8), UInt8(length & 0xff), UInt8(fullLabel.count)]
        info += fullLabel
        info.append(UInt8(context.count))
        info += context
        let key: SymmetricKey
        switch hash {
        case .sha256: key = HKDF<SHA256>.expand(pseudoRandomKey: secret, info: info, outputByteCount: length)
        case .sha384: key = HKDF<SHA384>.expand(pseudoRandomKey: secret, info: info, outputByteCount: length)
        }
        return key.withUnsafeBytes { Array($0) }
    }

    /// The record key and IV of a traffic secret: "key" and "iv" with an empty context (§7.3).
    public static func trafficKeys(secret: [UInt8], parameters: TLSCipherSuite.Parameters) -> TLSTrafficKeys {
        TLSTrafficKeys(
            key: expandLabel(secret: secret, label: "key", length: parameters.keyLength, hash: parameters.hash),
            iv: expandLabel(secret: secret, label: "iv", length: 12, hash: parameters.hash))
    }

    /// The next application traffic secret after a KeyUpdate: "traffic upd" (§7.2).
    public static func nextTrafficSecret(after secret: [UInt8], hash: TLSHashAlgorithm) -> [UInt8] {
        expandLabel(secret: secret, label: "traffic upd", length: hash.outputLength, hash: hash)
    }
}
