/// What one direction of a session carried, counted as it was decoded.
public struct TLSDirectionCounts: Sendable, Hashable {
    /// Records framed, including damaged ones (bytes missing).
    public var records = 0
    /// Bytes of those records, headers included.
    public var recordBytes: UInt64 = 0
    /// Records protected by a key (TLS 1.3 application_data records after the ServerHello; every
    /// TLS 1.2 record after ChangeCipherSpec).
    public var protectedRecords = 0
    public var decryptedRecords = 0
    public var undecryptedRecords = 0
    /// Bytes of those undecrypted records, headers included.
    public var undecryptedBytes: UInt64 = 0
    /// Decrypted application data bytes handed on.
    public var applicationDataBytes: UInt64 = 0
    public var handshakeMessages = 0
    public var alerts = 0
    /// Stream bytes the capture lacked.
    public var missingBytes: UInt64 = 0
    /// Bytes that went by unparsed after framing was lost.
    public var unframedBytes: UInt64 = 0

    // MARK: Where every stream byte went (the overhead view's TLS rows)

    /// Stream bytes fed to the session (what the capture holds of the direction's TCP stream).
    public var streamBytes: UInt64 = 0
    /// Record headers: 5 bytes per record framed.
    public var recordHeaderBytes: UInt64 = 0
    /// Handshake messages (hellos, certificates, Finished, NewSessionTicket, KeyUpdate ...), in the
    /// clear or decrypted: their bytes without the record's protection.
    public var handshakeBytes: UInt64 = 0
    public var changeCipherSpecBytes: UInt64 = 0
    public var alertBytes: UInt64 = 0
    /// Content of other types (heartbeat, unknown types, application data sent in the clear).
    public var otherContentBytes: UInt64 = 0
    /// Authentication tags of decrypted records (16 bytes each).
    public var tagBytes: UInt64 = 0
    /// TLS 1.2 AES-GCM's explicit nonces (8 bytes per decrypted record).
    public var explicitNonceBytes: UInt64 = 0
    /// TLS 1.3's inner content type (1 byte per decrypted record) and zero padding after it.
    public var contentTypeBytes: UInt64 = 0
    public var paddingBytes: UInt64 = 0
    /// Application data records decrypted (the records that carried HTTP and WebSocket).
    public var applicationDataRecords = 0
    /// TLS 1.3 0-RTT application data decrypted (a part of `applicationDataBytes`).
    public var earlyDataBytes: UInt64 = 0
    /// Bodies of the records that were not decrypted (no key, a failed tag, bytes missing), as far
    /// as the capture has them.
    public var undecryptedBodyBytes: UInt64 {
        undecryptedBodyBytesClaimed > missingInsideRecords ? undecryptedBodyBytesClaimed - missingInsideRecords : 0
    }
    /// The bodies of undecrypted records as their headers claim them, and the bytes of such bodies
    /// that were missing from the capture.
    var undecryptedBodyBytesClaimed: UInt64 = 0
    var missingInsideRecords: UInt64 = 0

    /// Stream bytes that are in no whole record: a record cut off by the end of the capture, bytes
    /// after framing was lost, a record whose framing was lost in its middle. With the categories
    /// above they add up to `streamBytes`.
    public var outsideRecordBytes: UInt64 {
        let inside = recordHeaderBytes + handshakeBytes + changeCipherSpecBytes + alertBytes + otherContentBytes + tagBytes
            + explicitNonceBytes + contentTypeBytes + paddingBytes + undecryptedBodyBytes + applicationDataBytes
        return streamBytes > inside ? streamBytes - inside : 0
    }

    public init() {}
}
