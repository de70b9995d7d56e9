internal import Crypto

/// Seals TLS 1.3 records of one direction and key epoch with TLS_AES_128_GCM_SHA256, as a peer
/// would (RFC 8446 §5.2-5.3): the key and IV from the traffic secret by HKDF-Expand-Label, the
/// nonce the IV XOR the record's sequence number, the record header as additional data, the real
/// content type inside. Kept apart from the TLS module's decryption so that tshark, not wslens,
/// checks what is written.
public struct TLS13RecordSealer: Sendable {
    private let key: SymmetricKey
    private let iv: [UInt8]
    private var sequenceNumber: UInt64 = 0

    /// The largest plaintext a record may carry (2^14).
    public static let maximumPlaintext = 1 << 14

    public init(trafficSecret: [UInt8]) {
        key = SymmetricKey(data: Self.expandLabel(trafficSecret, "key", length: 16))
        iv = Self.expandLabel(trafficSecret, "iv", length: 12)
    }

    /// One protected record holding `content` (at most 2^14 bytes) of `type` (22 handshake, 23 application data, 21 alert).
    public mutating func seal(type: UInt8, _ content: ArraySlice<UInt8>) -> [UInt8] {
        precondition(content.count <= Self.maximumPlaintext)
        var plaintext = [UInt8](content)
        plaintext.append(type)
        let length = plaintext.count + 16
        let header: [UInt8] = [23, 0x03, 0x03, UInt8(length >> 8), UInt8(length & 0xff)]
        var nonce = iv
        for index in 0..<8 { nonce[4 + index] ^= UInt8(truncatingIfNeeded: sequenceNumber >> (56 - 8 * UInt64(index))) }
        sequenceNumber += 1
        let box = try! AES.GCM.seal(plaintext, using: key, nonce: try! AES.GCM.Nonce(data: nonce), authenticating: header)
        return header + Array(box.ciphertext) + Array(box.tag)
    }

    /// Application data cut into records of at most 2^14 bytes.
    public mutating func sealApplicationData(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + (bytes.count / Self.maximumPlaintext + 1) * 22)
        var start = 0
        while start < bytes.count {
            let end = min(start + Self.maximumPlaintext, bytes.count)
            out += seal(type: 23, bytes[start..<end])
            start = end
        }
        return out
    }

    /// HKDF-Expand-Label with SHA-256 (RFC 8446 §7.1), empty context.
    static func expandLabel(_ secret: [UInt8], _ label: String, length: Int) -> [UInt8] {
        let full = Array("tls13 \(label)".utf8)
        let info = [UInt8(length >> 8), UInt8(length & 0xff), UInt8(full.count)] + full + [0]
        return HKDF<SHA256>.expand(pseudoRandomKey: secret, info: info, outputByteCount: length).withUnsafeBytes { Array($0) }
    }
}
