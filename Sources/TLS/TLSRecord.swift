/// One whole record as the decoder framed it: header, body and where both lie in the stream.
public struct TLSRecord: Sendable, Hashable {
    public let header: TLSRecordHeader
    /// The body (ciphertext with its tag for protected records), exactly `header.bodyLength` bytes.
    public let body: [UInt8]
    /// Stream offset of the header's first byte.
    public let headerOffset: UInt64

    public init(header: TLSRecordHeader, body: [UInt8], headerOffset: UInt64) {
        self.header = header
        self.body = body
        self.headerOffset = headerOffset
    }

    /// Stream offsets of the body.
    public var bodyRange: Range<UInt64> {
        (headerOffset + UInt64(TLSRecordHeader.length))..<(headerOffset + UInt64(TLSRecordHeader.length + header.bodyLength))
    }

    /// Stream offsets of the whole record, header included.
    public var range: Range<UInt64> { headerOffset..<bodyRange.upperBound }
}
