/// A frame header as it was on the wire: the raw 2 to 14 bytes, with every field computed from them.
///
/// Keeping the raw bytes (not just the parsed values) lets the teaching output show the header
/// byte by byte and bit by bit, and shows non-minimal length encodings exactly as sent.
public struct WebSocketFrameHeader: Sendable, Hashable {
    // Up to 14 bytes held inline (byte i at bits 8i..8i+7 of word i / 8) so a header costs no
    // heap allocation on the hot path.
    private var lowWord: UInt64 = 0
    private var highWord: UInt64 = 0
    /// The number of header bytes: 2, 4, 6, 8, 10 or 14.
    public private(set) var headerLength: Int = 0

    /// The smallest and largest header sizes.
    public static let minimumLength = 2
    public static let maximumLength = 14

    /// A header from its exact bytes; nil when the count is not the one the first two bytes announce.
    public init?(bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        guard array.count >= 2,
              array.count == WebSocketFrameHeader.length(firstByte: array[0], secondByte: array[1])
        else { return nil }
        for byte in array { append(byte) }
    }

    /// Used by the decoder, which collects the bytes one by one.
    init() {}

    mutating func append(_ byte: UInt8) {
        let index = headerLength
        if index < 8 {
            lowWord |= UInt64(byte) << (8 * UInt64(index))
        } else {
            highWord |= UInt64(byte) << (8 * UInt64(index - 8))
        }
        headerLength += 1
    }

    /// The header length the first two bytes announce: 2, plus 2 or 8 for an extended length,
    /// plus 4 for a masking key.
    public static func length(firstByte: UInt8, secondByte: UInt8) -> Int {
        let lengthCode = secondByte & 0x7f
        let extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0
        return 2 + extended + (secondByte & 0x80 != 0 ? 4 : 0)
    }

    /// Header byte `index` (0-based).
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < headerLength, "header byte index out of range")
        return byte(index)
    }

    /// Header byte `index`, for the field getters, which only ask for bytes the length announces
    /// (asked several times per frame, so without the subscript's check).
    private func byte(_ index: Int) -> UInt8 {
        index < 8
            ? UInt8(truncatingIfNeeded: lowWord >> (8 * UInt64(index & 7)))
            : UInt8(truncatingIfNeeded: highWord >> (8 * UInt64(index & 7)))
    }

    /// The raw header bytes in wire order.
    public var bytes: [UInt8] { (0..<headerLength).map { self[$0] } }

    // MARK: First byte

    private var firstByte: UInt8 { UInt8(truncatingIfNeeded: lowWord) }
    private var secondByte: UInt8 { UInt8(truncatingIfNeeded: lowWord >> 8) }

    /// FIN: this frame is the last (or only) fragment of its message.
    public var fin: Bool { firstByte & 0x80 != 0 }
    /// RSV1: for permessage-deflate, "this message is compressed" (on a message's first frame).
    public var rsv1: Bool { firstByte & 0x40 != 0 }
    public var rsv2: Bool { firstByte & 0x20 != 0 }
    public var rsv3: Bool { firstByte & 0x10 != 0 }
    /// RSV1-3 as a 3-bit number (RSV1 = 4, RSV2 = 2, RSV3 = 1).
    public var reservedBits: UInt8 { (firstByte >> 4) & 0x7 }
    public var opcode: WebSocketOpcode { WebSocketOpcode(rawValue: firstByte & 0x0f) }

    // MARK: Second byte and the extended length

    /// MASK: the payload is masked with the 4-byte key that ends the header.
    public var isMasked: Bool { secondByte & 0x80 != 0 }

    /// The 7-bit length field: the length itself (0-125), or 126 / 127 for a 16- / 64-bit extended length.
    public var lengthCode: UInt8 { secondByte & 0x7f }

    /// How the payload length is written (RFC 6455 §5.2).
    public enum LengthEncoding: String, Sendable, Hashable {
        /// 0-125 in the 7-bit field.
        case sevenBit
        /// 126, then a 16-bit big-endian length.
        case sixteenBit
        /// 127, then a 64-bit big-endian length.
        case sixtyFourBit

        /// Bytes after the second header byte that hold the length.
        public var extendedByteCount: Int {
            switch self {
            case .sevenBit: return 0
            case .sixteenBit: return 2
            case .sixtyFourBit: return 8
            }
        }
    }

    public var lengthEncoding: LengthEncoding {
        switch lengthCode {
        case 126: return .sixteenBit
        case 127: return .sixtyFourBit
        default: return .sevenBit
        }
    }

    /// The payload length in bytes, as claimed by the header (a hostile header may claim up to 2^64-1).
    public var payloadLength: UInt64 {
        switch lengthEncoding {
        case .sevenBit:
            return UInt64(lengthCode)
        case .sixteenBit:
            return UInt64(byte(2)) << 8 | UInt64(byte(3))
        case .sixtyFourBit:
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(byte(index)) }
            return value
        }
    }

    /// RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
    public var isMinimalLengthEncoding: Bool {
        switch lengthEncoding {
        case .sevenBit: return true
        case .sixteenBit: return payloadLength >= 126
        case .sixtyFourBit: return payloadLength > 0xffff
        }
    }

    /// RFC 6455 §5.2: "the most significant bit MUST be 0" in a 64-bit length.
    public var hasLengthTopBitSet: Bool {
        lengthEncoding == .sixtyFourBit && payloadLength & (1 << 63) != 0
    }

    /// The masking key, when the MASK bit is set.
    public var maskingKey: WebSocketMaskingKey? {
        guard isMasked else { return nil }
        let start = 2 + lengthEncoding.extendedByteCount
        return WebSocketMaskingKey(byte(start), byte(start + 1), byte(start + 2), byte(start + 3))
    }
}
