public import WireBytes

/// The conformance rules and observations of the WebSocket layer. Ids are stable (prefix "ws.")
/// and part of the public output: never rename one.
public enum WebSocketRule {
    // MARK: Masking (RFC 6455 §5.1, §5.3)

    public static let clientFrameUnmasked = Rule(
        id: "ws.client-frame-unmasked", rfcSection: "6455 5.1", severity: .error,
        summary: "A client must mask every frame it sends.")
    public static let serverFrameMasked = Rule(
        id: "ws.server-frame-masked", rfcSection: "6455 5.1", severity: .error,
        summary: "A server must not mask any frame it sends.")
    public static let maskingKeyZero = Rule(
        id: "ws.masking-key-zero", rfcSection: "6455 5.3", severity: .warning,
        summary: "The masking key 00000000 leaves the payload readable; keys must be unpredictable.")
    public static let maskingKeyReused = Rule(
        id: "ws.masking-key-reused", rfcSection: "6455 5.3", severity: .warning,
        summary: "Each frame needs a fresh, unpredictable masking key; a repeated key suggests a weak generator.")

    // MARK: Header fields (RFC 6455 §5.2, RFC 7692 §6)

    public static let reservedBitsWithoutExtension = Rule(
        id: "ws.rsv-without-extension", rfcSection: "6455 5.2", severity: .error,
        summary: "RSV1, RSV2 and RSV3 must be 0 unless a negotiated extension defines them.")
    public static let rsv1OnControlOrContinuation = Rule(
        id: "ws.rsv1-on-control-or-continuation", rfcSection: "7692 6", severity: .error,
        summary: "permessage-deflate sets RSV1 only on the first frame of a data message, never on control or continuation frames.")
    public static let reservedOpcode = Rule(
        id: "ws.reserved-opcode", rfcSection: "6455 5.2", severity: .error,
        summary: "Opcodes 3-7 and 11-15 are reserved; an endpoint must fail the connection on receiving one.")
    public static let nonMinimalLength = Rule(
        id: "ws.length-not-minimal", rfcSection: "6455 5.2", severity: .error,
        summary: "The payload length must be written with the fewest bytes (7-bit up to 125, 16-bit up to 65535).")
    public static let lengthTopBitSet = Rule(
        id: "ws.length-top-bit-set", rfcSection: "6455 5.2", severity: .error,
        summary: "The most significant bit of a 64-bit payload length must be 0.")

    // MARK: Control frames and fragmentation (RFC 6455 §5.4, §5.5)

    public static let controlFrameTooLong = Rule(
        id: "ws.control-frame-too-long", rfcSection: "6455 5.5", severity: .error,
        summary: "A control frame's payload must be 125 bytes or less.")
    public static let controlFrameFragmented = Rule(
        id: "ws.control-frame-fragmented", rfcSection: "6455 5.5", severity: .error,
        summary: "A control frame must not be fragmented (its FIN bit must be set).")
    public static let continuationWithoutMessage = Rule(
        id: "ws.continuation-without-message", rfcSection: "6455 5.4", severity: .error,
        summary: "A continuation frame must follow a first fragment with FIN = 0.")
    public static let dataFrameInsideFragmentedMessage = Rule(
        id: "ws.data-frame-inside-fragmented-message", rfcSection: "6455 5.4", severity: .error,
        summary: "While a fragmented message is in progress, only its continuation frames and control frames may be sent.")

    // MARK: Payload contents

    public static let textInvalidUTF8 = Rule(
        id: "ws.text-invalid-utf8", rfcSection: "6455 8.1", severity: .error,
        summary: "A text message must be valid UTF-8 (after inflation, when compressed).")
    public static let closeReasonInvalidUTF8 = Rule(
        id: "ws.close-reason-invalid-utf8", rfcSection: "6455 5.5.1", severity: .error,
        summary: "The reason in a close frame must be valid UTF-8.")
    public static let closePayloadOneByte = Rule(
        id: "ws.close-payload-one-byte", rfcSection: "6455 5.5.1", severity: .error,
        summary: "A close payload is empty or starts with a 2-byte status code; 1 byte is malformed.")
    public static let closeCodeInvalid = Rule(
        id: "ws.close-code-invalid", rfcSection: "6455 7.4", severity: .error,
        summary: "Close codes below 1000, 1004, 1016-2999 and 5000 and above must not be sent.")
    public static let closeCodeNotOnWire = Rule(
        id: "ws.close-code-not-on-wire", rfcSection: "6455 7.4.1", severity: .error,
        summary: "1005, 1006 and 1015 are for local reporting only and must never be sent in a close frame.")

    // MARK: Conversation

    public static let frameAfterClose = Rule(
        id: "ws.frame-after-close", rfcSection: "6455 5.5.1", severity: .error,
        summary: "After sending a close frame, an endpoint must not send any more frames.")
    public static let pongPayloadMismatch = Rule(
        id: "ws.pong-payload-mismatch", rfcSection: "6455 5.5.3", severity: .error,
        summary: "A pong answering a ping must carry the ping's payload unchanged.")
    public static let closeNotAnswered = Rule(
        id: "ws.close-not-answered", rfcSection: "6455 5.5.1", severity: .warning,
        summary: "An endpoint that receives a close frame should answer with a close frame before the TCP connection ends.")
    public static let closedWithoutCloseHandshake = Rule(
        id: "ws.closed-without-close-handshake", rfcSection: "6455 7.1.5", severity: .info,
        summary: "The TCP connection ended (FIN or RST) without any close frame; endpoints report this as 1006 (abnormal closure).")
    public static let openAtCaptureEnd = Rule(
        id: "ws.open-at-capture-end", rfcSection: nil, severity: .info,
        summary: "The capture ended while the connection was still open (no FIN, no RST, the close handshake not finished): nothing ended, the capture did, so no rule about the end of the connection applies.")
    public static let closeCodeDiffers = Rule(
        id: "ws.close-code-differs", rfcSection: "6455 5.5.1", severity: .info,
        summary: "An endpoint answering a close frame typically echoes the status code it received; RFC 6455 does not require it, and this one answered with another.")
    public static let pingUnanswered = Rule(
        id: "ws.ping-unanswered", rfcSection: "6455 5.5.2", severity: .info,
        summary: "An endpoint that receives a ping should answer with a pong as soon as is practical; this ping got none while the capture went on long enough for one.")

    // MARK: permessage-deflate (RFC 7692)

    public static let inflateError = Rule(
        id: "ws.inflate-error", rfcSection: "7692 7.2.2", severity: .error,
        summary: "A compressed message must inflate as raw DEFLATE data followed by 00 00 ff ff.")
    public static let inflatedMessageTooLarge = Rule(
        id: "ws.inflated-message-too-large", rfcSection: nil, severity: .warning,
        summary: "A message inflated past the configured size cap (a possible zip bomb); inflation stopped.")
    public static let contextTakeoverBeforeCapture = Rule(
        id: "ws.deflate-context-before-capture", rfcSection: "7692 7.2.3.2", severity: .info,
        summary: "A compressed message in a capture without the handshake cannot be inflated: it refers to messages sent before the capture began (context takeover), or it is not DEFLATE data.")
    public static let deflateParameterInvalid = Rule(
        id: "ws.deflate-parameter-invalid", rfcSection: "7692 7", severity: .error,
        summary: "permessage-deflate parameters must be known, appear once, and carry a value only where allowed (window bits 8-15).")

    // MARK: The capture itself

    public static let inflateNeedsMissingBytes = Rule(
        id: "ws.inflate-needs-missing-bytes", rfcSection: "7692 7.2.3.2", severity: .info,
        summary: "A compressed message refers back (context takeover) to bytes the capture lacks; it cannot be inflated. Shown only when inflating it with two different stand-ins for the missing bytes gives different text.")
    public static let deflateInferred = Rule(
        id: "ws.deflate-inferred", rfcSection: "7692 6", severity: .info,
        summary: "RSV1 is set but the handshake's extension line is not in the capture: the message is inflated as permessage-deflate, an inference.")
    public static let framingSyncLost = Rule(
        id: "ws.framing-sync-lost", rfcSection: nil, severity: .warning,
        summary: "Bytes missing from the capture hid a frame boundary; frames after the gap cannot be decoded.")
    public static let framingResynchronized = Rule(
        id: "ws.framing-resynchronized", rfcSection: nil, severity: .info,
        summary: "After framing was lost (or where a cut handshake hid where frames begin), decoding resumed where several consecutive frame headers parse cleanly, or where a TCP segment starts with a plausible one (a guess either way; bytes before it were skipped).")
    public static let payloadBytesMissing = Rule(
        id: "ws.payload-bytes-missing", rfcSection: nil, severity: .info,
        summary: "Bytes missing from the capture fell inside a frame's payload; the frame is incomplete but decoding went on.")
    public static let frameIncompleteAtEnd = Rule(
        id: "ws.frame-incomplete-at-end", rfcSection: nil, severity: .info,
        summary: "The capture ended in the middle of a frame.")
    public static let messageIncompleteAtEnd = Rule(
        id: "ws.message-incomplete-at-end", rfcSection: nil, severity: .info,
        summary: "The capture ended in the middle of a fragmented message.")

    /// Every rule of this module, for listings and documentation.
    public static let all: [Rule] = [
        clientFrameUnmasked, serverFrameMasked, maskingKeyZero, maskingKeyReused,
        reservedBitsWithoutExtension, rsv1OnControlOrContinuation, reservedOpcode, nonMinimalLength, lengthTopBitSet,
        controlFrameTooLong, controlFrameFragmented, continuationWithoutMessage, dataFrameInsideFragmentedMessage,
        textInvalidUTF8, closeReasonInvalidUTF8, closePayloadOneByte, closeCodeInvalid, closeCodeNotOnWire,
        frameAfterClose, pongPayloadMismatch, closeNotAnswered, closedWithoutCloseHandshake, openAtCaptureEnd,
        closeCodeDiffers, pingUnanswered,
        inflateError, inflatedMessageTooLarge, contextTakeoverBeforeCapture, deflateParameterInvalid,
        inflateNeedsMissingBytes, deflateInferred, framingSyncLost, framingResynchronized, payloadBytesMissing, frameIncompleteAtEnd, messageIncompleteAtEnd,
    ]
}
