internal import Crypto

/// Opens the protected records of one direction in one key epoch: AES-GCM or ChaCha20-Poly1305
/// from swift-crypto, with the nonce and additional data of TLS 1.3 (RFC 8446 §5.2-5.4) or
/// TLS 1.2 (RFC 5246 §6.2.3.3, RFC 5288 §3, RFC 7905 §2).
///
/// The sequence number starts at 0 with the epoch and advances only for a record whose tag
/// verified (or one skipped because its bytes were missing), as Wireshark's
/// `tls_decrypt_aead_record` does.
public struct TLSRecordCipher: Sendable {
    public let parameters: TLSCipherSuite.Parameters
    private let key: SymmetricKey
    private let iv: [UInt8]
    /// The sequence number the next record is opened with.
    public private(set) var sequenceNumber: UInt64

    /// What opening a record gave.
    public struct Opened: Sendable, Hashable {
        /// TLS 1.3: the inner content type (the last non-zero byte of the inner plaintext);
        /// TLS 1.2: the record header's type.
        public let contentType: TLSContentType
        /// The plaintext, without TLS 1.3's content type byte and zero padding.
        public let plaintext: [UInt8]
        /// Where in the record body the ciphertext byte of `plaintext[0]` sits: 8 after TLS 1.2
        /// AES-GCM's explicit nonce, else 0. AEAD ciphers here are stream ciphers, so plaintext
        /// byte i was encrypted into body byte `plaintextStart + i`.
        public let plaintextStart: Int
        /// TLS 1.3 zero padding after the content type byte.
        public let paddingLength: Int
        /// The sequence number the record was opened with.
        public let sequenceNumber: UInt64
    }

    public enum Failure: Error, Sendable, Hashable {
        /// The body is shorter than the explicit nonce plus the tag.
        case bodyTooShort(Int)
        /// The authentication tag did not verify: wrong key, wrong sequence number, or altered bytes.
        case authenticationFailed
        /// TLS 1.3: the tag verified but the inner plaintext is all zeros, so it has no content type
        /// (RFC 8446 §5.4 says to abort with unexpected_message). The sequence number advanced.
        case noContentType
    }

    public init(keys: TLSTrafficKeys, parameters: TLSCipherSuite.Parameters, sequenceNumber: UInt64 = 0) {
        self.parameters = parameters
        key = SymmetricKey(data: keys.key)
        iv = keys.iv
        self.sequenceNumber = sequenceNumber
    }

    /// Decrypts and verifies one record with the next sequence number.
    public mutating func open(_ record: TLSRecord) -> Result<Opened, Failure> {
        let tagLength = parameters.aead.tagLength
        let explicitLength = parameters.explicitNonceLength
        let body = record.body
        guard body.count >= explicitLength + tagLength else { return .failure(.bodyTooShort(body.count)) }
        let ciphertextEnd = body.count - tagLength
        let ciphertext = body[explicitLength..<ciphertextEnd]
        let tag = body[ciphertextEnd...]

        let nonce: [UInt8]
        if explicitLength > 0 {
            nonce = iv + body[0..<explicitLength]   // RFC 5288 §3: salt, then the record's explicit nonce
        } else {
            nonce = xorSequenceNumber(into: iv)      // RFC 8446 §5.3, RFC 7905 §2
        }
        let additionalData: [UInt8]
        if parameters.version == .tls1_3 {
            additionalData = record.header.bytes
        } else {
            let length = ciphertext.count
            additionalData = bigEndian(sequenceNumber) + [
                record.header.contentType.rawValue,
                UInt8(record.header.legacyVersion.rawValue >> 8), UInt8(record.header.legacyVersion.rawValue & 0xff),
                UInt8(length >> 8), UInt8(length & 0xff),
            ]
        }

        guard var plaintext = decrypt(ciphertext, tag: tag, nonce: nonce, additionalData: additionalData) else {
            return .failure(.authenticationFailed)
        }
        let number = sequenceNumber
        sequenceNumber &+= 1
        guard parameters.version == .tls1_3 else {
            return .success(Opened(contentType: record.header.contentType, plaintext: plaintext,
                                   plaintextStart: explicitLength, paddingLength: 0, sequenceNumber: number))
        }
        // TLSInnerPlaintext: content, the real content type, then zeros (RFC 8446 §5.4).
        guard let typeIndex = plaintext.lastIndex(where: { $0 != 0 }) else { return .failure(.noContentType) }
        let type = TLSContentType(rawValue: plaintext[typeIndex])
        let padding = plaintext.count - typeIndex - 1
        plaintext.removeSubrange(typeIndex...)
        return .success(Opened(contentType: type, plaintext: plaintext, plaintextStart: 0,
                               paddingLength: padding, sequenceNumber: number))
    }

    /// Opens the first record after lost framing, when the records lost before it were not
    /// counted: tries the next `count` sequence numbers from the current one and goes on from the
    /// one whose tag verified (a wrong number passes with probability 2^-128).
    public mutating func open(_ record: TLSRecord, tryingSequenceNumbers count: Int) -> Result<Opened, Failure> {
        let start = sequenceNumber
        for skipped in 0..<max(count, 1) {
            sequenceNumber = start &+ UInt64(skipped)
            let result = open(record)
            if case .failure(.authenticationFailed) = result { continue }
            return result
        }
        sequenceNumber = start
        return .failure(.authenticationFailed)
    }

    /// A record of this epoch was lost (bytes missing from the capture): the next one has the next
    /// sequence number.
    public mutating func skipRecord() {
        sequenceNumber &+= 1
    }

    private func decrypt(_ ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, nonce: [UInt8],
                      additionalData: [UInt8]) -> [UInt8]? {
        switch parameters.aead {
        case .aes128GCM, .aes256GCM:
            guard let nonce = try? AES.GCM.Nonce(data: nonce),
                  let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag),
                  let plaintext = try? AES.GCM.open(box, using: key, authenticating: additionalData)
            else { return nil }
            return Array(plaintext)
        case .chaCha20Poly1305:
            guard let nonce = try? ChaChaPoly.Nonce(data: nonce),
                  let box = try? ChaChaPoly.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag),
                  let plaintext = try? ChaChaPoly.open(box, using: key, authenticating: additionalData)
            else { return nil }
            return Array(plaintext)
        }
    }

    /// The 12-byte IV with the 64-bit sequence number XORed into its last 8 bytes.
    private func xorSequenceNumber(into iv: [UInt8]) -> [UInt8] {
        var nonce = iv
        let number = bigEndian(sequenceNumber)
        for index in 0..<8 { nonce[nonce.count - 8 + index] ^= number[index] }
        return nonce
    }

    private func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
