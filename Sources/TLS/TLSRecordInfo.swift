public import WireBytes

/// One record of a session, after its content was handled: where it lay and what became of it.
public struct TLSRecordInfo: Sendable, Hashable {
    public enum Protection: Sendable, Hashable {
        /// Sent in the clear (hellos, ChangeCipherSpec, TLS 1.2 handshake, early alerts).
        case plaintext
        /// Decrypted and verified. `contentType` is the inner type for TLS 1.3.
        case decrypted(contentType: TLSContentType, epoch: TLSKeyEpoch, sequenceNumber: UInt64,
                       plaintextLength: Int, paddingLength: Int)
        /// Protected and not decrypted.
        case notDecrypted(TLSUndecryptedReason)
    }

    public let from: Peer
    /// 0-based per direction, in stream order.
    public let index: Int
    public let header: TLSRecordHeader
    /// Stream offset of the header's first byte.
    public let headerOffset: UInt64
    public let protection: Protection
    /// A protected record's explicit nonce (TLS 1.2 AES-GCM: the body's first 8 bytes) and
    /// authentication tag (its last 16 bytes), as they are on the wire; empty for records in the
    /// clear, damaged ones, and records of a suite wslens does not know.
    public var explicitNonce = TLSInlineBytes()
    public var tag = TLSInlineBytes()

    public init(from: Peer, index: Int, header: TLSRecordHeader, headerOffset: UInt64, protection: Protection) {
        self.from = from
        self.index = index
        self.header = header
        self.headerOffset = headerOffset
        self.protection = protection
    }

    /// The same record with its nonce and tag taken from its body, for a suite with `parameters`.
    func withProtectionBytes(of body: [UInt8], parameters: TLSCipherSuite.Parameters?) -> TLSRecordInfo {
        guard let parameters, body.count >= parameters.explicitNonceLength + parameters.aead.tagLength else { return self }
        var info = self
        info.explicitNonce = TLSInlineBytes(body.prefix(parameters.explicitNonceLength))
        info.tag = TLSInlineBytes(body.suffix(parameters.aead.tagLength))
        return info
    }

    public var bodyRange: Range<UInt64> {
        (headerOffset + UInt64(TLSRecordHeader.length))..<(headerOffset + UInt64(TLSRecordHeader.length + header.bodyLength))
    }

    /// Stream offsets of the whole record.
    public var range: Range<UInt64> { headerOffset..<bodyRange.upperBound }

    /// The content type that tells what the record carried: the inner type when decrypted.
    public var effectiveContentType: TLSContentType {
        if case .decrypted(let type, _, _, _, _) = protection { return type }
        return header.contentType
    }
}
