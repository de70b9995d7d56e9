public import WireBytes

/// Where a frame lay and how it was framed: what a sink that only counts needs of every frame.
public struct FrameExtent: Sendable, Hashable {
    public let from: Peer
    /// 0-based per connection, both directions together, in the order frames completed.
    public let index: Int
    public let header: WebSocketFrameHeader
    /// Stream offset (in the sender's stream) of the first header byte.
    public let startOffset: UInt64
    /// Stream offset one past the last byte of the frame seen.
    public let endOffset: UInt64
    /// Payload bytes the capture lacked.
    public let missingPayloadBytes: UInt64

    public var opcode: WebSocketOpcode { header.opcode }
    /// Stream offset of the first payload byte.
    public var payloadStartOffset: UInt64 { startOffset + UInt64(header.headerLength) }
    /// Payload bytes seen (the frame may be cut short by a gap or the end of the capture).
    public var payloadBytesSeen: UInt64 {
        let spanned = endOffset - payloadStartOffset
        return spanned - min(missingPayloadBytes, spanned)
    }
}

/// The data message a frame belongs to, as the session assembles it: what a renderer needs to
/// show every frame of a message alike (a binary message's frames as hex, a text message's as
/// text, every frame of a compressed message as compressed).
public struct FrameMessage: Sendable, Hashable {
    /// Text or binary: the opcode of the message's first frame.
    public let opcode: WebSocketOpcode
    /// The message is compressed (RSV1 on its first frame, with permessage-deflate negotiated or guessed).
    public let isCompressed: Bool
    /// The index of the message's first frame (the same for all its frames).
    public let firstFrameIndex: Int

    public init(opcode: WebSocketOpcode, isCompressed: Bool, firstFrameIndex: Int) {
        self.opcode = opcode
        self.isCompressed = isCompressed
        self.firstFrameIndex = firstFrameIndex
    }
}

/// One frame as decoded from a capture: its raw header, where it lay in the sender's stream, its
/// unmasked payload (when retained) and the rules it broke.
public struct DecodedFrame: Sendable, Hashable {
    public let from: Peer
    /// 0-based per connection, both directions together, in the order frames completed.
    public let index: Int
    /// The raw header bytes with their fields.
    public let header: WebSocketFrameHeader
    /// Stream offset (in the sender's stream) of the first header byte.
    public let startOffset: UInt64
    /// Stream offset one past the last byte of the frame seen (the end of the payload when complete).
    public let endOffset: UInt64
    /// The unmasked payload, up to the retention limit; empty when payloads are not retained.
    public let payload: [UInt8]
    /// Part of the payload is not in `payload` (retention limit, or bytes missing from the capture).
    public let isPayloadTruncated: Bool
    /// False when bytes of the frame were missing from the capture or the capture ended inside it.
    public let isComplete: Bool
    /// Payload bytes the capture lacked (skipped over a gap, or never seen at the end).
    public let missingPayloadBytes: UInt64
    /// For a close frame with a status code.
    public let closeCode: WebSocketCloseCode?
    /// For a close frame: the reason bytes after the code (possibly empty).
    public let closeReason: [UInt8]?
    /// The reason as text, when it is valid UTF-8.
    public let closeReasonText: String?
    /// Ids of the rules that fired on this frame.
    public let ruleIDs: [String]
    /// The data message this frame is part of; nil for control frames and for frames of no message
    /// (a continuation without a first frame, a reserved opcode). Set by the session.
    public internal(set) var message: FrameMessage?

    public init(from: Peer, index: Int, header: WebSocketFrameHeader, startOffset: UInt64, endOffset: UInt64,
                payload: [UInt8], isPayloadTruncated: Bool, isComplete: Bool, missingPayloadBytes: UInt64,
                closeCode: WebSocketCloseCode?, closeReason: [UInt8]?, closeReasonText: String?, ruleIDs: [String]) {
        self.from = from
        self.index = index
        self.header = header
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.payload = payload
        self.isPayloadTruncated = isPayloadTruncated
        self.isComplete = isComplete
        self.missingPayloadBytes = missingPayloadBytes
        self.closeCode = closeCode
        self.closeReason = closeReason
        self.closeReasonText = closeReasonText
        self.ruleIDs = ruleIDs
    }

    public var opcode: WebSocketOpcode { header.opcode }
    /// The payload length the header claims.
    public var payloadLength: UInt64 { header.payloadLength }
    /// Stream offset of the first payload byte.
    public var payloadStartOffset: UInt64 { startOffset + UInt64(header.headerLength) }
    /// The retained payload as it was on the wire (masked again with the frame's key).
    public var maskedPayload: [UInt8] {
        header.maskingKey.map { $0.apply(to: payload) } ?? payload
    }
}
