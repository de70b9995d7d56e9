/// The 5-byte header of a TLS record (RFC 8446 §5.1): content type, legacy version, body length.
public struct TLSRecordHeader: Sendable, Hashable {
    /// Every TLS record header is 5 bytes.
    public static let length = 5

    public let contentType: TLSContentType
    /// legacy_record_version: 0x0303 on protected TLS 1.3 records, 0x0301 on many first ClientHellos.
    public let legacyVersion: TLSVersion
    /// Length of the body that follows the header.
    public let bodyLength: Int

    public init(contentType: TLSContentType, legacyVersion: TLSVersion, bodyLength: Int) {
        self.contentType = contentType
        self.legacyVersion = legacyVersion
        self.bodyLength = bodyLength
    }

    /// Reads a header from 5 bytes.
    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8) {
        contentType = TLSContentType(rawValue: b0)
        legacyVersion = TLSVersion(rawValue: UInt16(b1) << 8 | UInt16(b2))
        bodyLength = Int(b3) << 8 | Int(b4)
    }

    /// The header as it is on the wire (TLS 1.3's additional data for the AEAD, RFC 8446 §5.2).
    public var bytes: [UInt8] {
        [contentType.rawValue, UInt8(legacyVersion.rawValue >> 8), UInt8(legacyVersion.rawValue & 0xff),
         UInt8(bodyLength >> 8), UInt8(bodyLength & 0xff)]
    }

    /// Whether the header looks like TLS at all: a known content type and a 3.x version. Used to
    /// recognise TLS and to judge a stream; the decoder frames any header.
    public var isPlausible: Bool {
        contentType.isKnown && legacyVersion.rawValue >> 8 == 3 && legacyVersion.rawValue & 0xff <= 4
    }
}
