public import WireBytes

/// One data message (text or binary), reassembled from its frames and inflated when compressed.
public struct DecodedMessage: Sendable, Hashable {
    public let from: Peer
    /// 0-based per connection, data messages of both directions together, in completion order.
    public internal(set) var index: Int
    /// Text or binary (the first frame's opcode).
    public let opcode: WebSocketOpcode
    /// Indices of the frames that carried it (control frames in between excluded).
    public var frameIndices: [Int] { firstFrameIndex.map { [$0] + laterFrameIndices } ?? [] }
    /// Held apart so that an unfragmented message allocates nothing for its one index.
    private let firstFrameIndex: Int?
    private let laterFrameIndices: [Int]
    /// The first frame had RSV1 set under permessage-deflate.
    public let isCompressed: Bool
    /// Payload bytes on the wire (compressed size when compressed).
    public let wireLength: UInt64
    /// The compressed size, for a compressed message.
    public var compressedLength: UInt64? { isCompressed ? wireLength : nil }
    /// Length after inflation (equal to `wireLength` when uncompressed; counted up to the cap;
    /// 0 when inflation failed, as zlib's partial output before an error is not meaningful).
    public let length: UInt64
    /// The data after inflation, up to the retention limit; empty when payloads are not retained.
    public let data: [UInt8]
    /// `data` holds less than `length` bytes (retention limit, gap, failure).
    public let isDataTruncated: Bool
    /// The text, for a text message that is valid UTF-8 and fully retained.
    public let text: String?
    /// For text messages: whether the whole message was valid UTF-8 (nil when not known: binary, gap, inflate failure).
    public let isValidUTF8: Bool?
    /// Inflation failed or was stopped (error, size cap, lost context).
    public let inflateFailed: Bool
    /// Every byte of every frame was seen, the message ended with FIN and inflated fully.
    public let isComplete: Bool
    /// Stream offsets of the first frame's first byte and one past the last frame's last byte.
    public let startOffset: UInt64
    public let endOffset: UInt64
    /// Payload bytes of its frames that the capture lacks (snapshot length, lost segments).
    public internal(set) var missingBytes: UInt64 = 0
    /// Compressed, whole, and not inflated because it refers back to bytes the capture lacks.
    public internal(set) var refersToMissingBytes = false

    public init(from: Peer, index: Int, opcode: WebSocketOpcode, frameIndices: [Int], isCompressed: Bool,
                wireLength: UInt64, length: UInt64, data: [UInt8], isDataTruncated: Bool, text: String?,
                isValidUTF8: Bool?, inflateFailed: Bool, isComplete: Bool, startOffset: UInt64, endOffset: UInt64) {
        self.init(from: from, index: index, opcode: opcode, firstFrameIndex: frameIndices.first,
                  laterFrameIndices: Array(frameIndices.dropFirst()), isCompressed: isCompressed, wireLength: wireLength,
                  length: length, data: data, isDataTruncated: isDataTruncated, text: text, isValidUTF8: isValidUTF8,
                  inflateFailed: inflateFailed, isComplete: isComplete, startOffset: startOffset, endOffset: endOffset)
    }

    init(from: Peer, index: Int, opcode: WebSocketOpcode, firstFrameIndex: Int?, laterFrameIndices: [Int],
         isCompressed: Bool, wireLength: UInt64, length: UInt64, data: [UInt8], isDataTruncated: Bool, text: String?,
         isValidUTF8: Bool?, inflateFailed: Bool, isComplete: Bool, startOffset: UInt64, endOffset: UInt64) {
        self.from = from
        self.index = index
        self.opcode = opcode
        self.firstFrameIndex = firstFrameIndex
        self.laterFrameIndices = laterFrameIndices
        self.isCompressed = isCompressed
        self.wireLength = wireLength
        self.length = length
        self.data = data
        self.isDataTruncated = isDataTruncated
        self.text = text
        self.isValidUTF8 = isValidUTF8
        self.inflateFailed = inflateFailed
        self.isComplete = isComplete
        self.startOffset = startOffset
        self.endOffset = endOffset
    }
}
