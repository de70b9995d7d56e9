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

    public init() {}
}
