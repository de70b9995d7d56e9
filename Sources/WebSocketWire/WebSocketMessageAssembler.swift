import WireBytes

/// Assembles the data frames of one direction into messages: fragments joined across continuation
/// frames (control frames may come in between), "compressed" taken from the first frame's RSV1,
/// inflated chunk by chunk, UTF-8 validated incrementally, with a cap on the inflated size.
///
/// It is fed unmasked payload chunks as they stream by, so a message never has to be held whole
/// unless the caller wants its data. A completed message stays in the assembler until the next one
/// starts: the session asks for it as a `DecodedMessage` only for a sink that wants one.
struct WebSocketMessageAssembler {
    /// How much of each message to keep, and the zip-bomb cap.
    struct Limits: Sendable, Hashable {
        /// Keep the message data (false: only lengths, UTF-8 validity and findings).
        var retainData: Bool
        /// At most this many bytes of data are kept per message.
        var retentionLimit: Int
        /// Inflation of one message stops at this many bytes, with a finding.
        var maxInflatedMessageSize: Int

        init(retainData: Bool = true, retentionLimit: Int = 64 << 20, maxInflatedMessageSize: Int = 64 << 20) {
            self.retainData = retainData
            self.retentionLimit = retentionLimit
            self.maxInflatedMessageSize = maxInflatedMessageSize
        }
    }

    /// Whether and how this direction's RSV1 messages are inflated.
    enum Compression: Sendable, Hashable {
        /// No permessage-deflate: RSV1 does not mean "compressed".
        case none
        /// permessage-deflate was negotiated; the sender resets its context per message or not.
        case negotiated(resetsAfterEachMessage: Bool)
        /// The handshake was not captured: try RSV1 messages with a raw inflater that keeps context.
        case guessing
    }

    /// What a frame is to the assembler.
    enum FrameRole: Sendable, Hashable {
        case control
        /// The first frame of a data message.
        case firstFrame
        case continuation
        /// Part of no message: a continuation without a message, or a reserved non-control opcode.
        case ignored

        /// The frame's payload belongs to a data message.
        var carriesMessageData: Bool { self == .firstFrame || self == .continuation }
    }

    let sender: Peer
    let limits: Limits
    let compression: Compression
    private var inflater: DirectionInflater?
    /// The message being assembled, or the last one. One value reused for every message of the
    /// direction: making and destroying one per message cost more than a small frame's other work.
    private var message = MessageInProgress()
    /// Whether `message` is being assembled (false: between messages).
    private var isAssembling = false
    private(set) var currentRole: FrameRole = .ignored
    /// The fragmented message a new data frame interrupted (RFC 6455 §5.4 forbids that), until taken.
    /// (At most one; an array keeps the assembler small, since most frames never look at it.)
    private var abandoned: [DecodedMessage] = []
    private(set) var hasAbandonedMessage = false
    /// The inference of permessage-deflate from RSV1 was reported (once per direction).
    private var hasReportedInference = false

    init(sender: Peer, compression: Compression, limits: Limits = Limits()) {
        self.sender = sender
        self.compression = compression
        self.limits = limits
        switch compression {
        case .none: inflater = nil
        case .negotiated(let resets): inflater = DirectionInflater(resetsAfterEachMessage: resets, isGuessing: false)
        case .guessing: inflater = DirectionInflater(resetsAfterEachMessage: false, isGuessing: true)
        }
    }

    /// A fragmented message is waiting for its continuation frames.
    var isMessageInProgress: Bool { isAssembling }

    /// Whether `payload` looks at the bytes of the current message (inflates, validates or keeps
    /// them). When not, it only counts them, and masked bytes may be passed as they are.
    var needsPayloadBytes: Bool {
        isAssembling && (message.isCompressed || message.utf8 != nil || limits.retainData)
    }

    /// Starts a frame and returns its role. When a new data frame interrupts a fragmented message
    /// (RFC 6455 §5.4 forbids that), the unfinished one waits in `takeAbandonedMessage()`.
    mutating func beginFrame(_ header: WebSocketFrameHeader, startOffset: UInt64,
                                    findings: inout [Finding]) -> FrameRole {
        let opcode = header.opcode
        if inflater != nil, header.rsv1, opcode.isControl || opcode == .continuation {
            findings.append(Finding(rule: WebSocketRule.rsv1OnControlOrContinuation,
                                    message: "RSV1 is set on a \(opcode.name) frame; permessage-deflate only sets it on a message's first frame.",
                                    streamOffset: startOffset, messageKey: "finding.ws.rsv1-on-control-or-continuation", arguments: [.opcode(opcode)]))
        }
        if opcode.isControl {
            currentRole = .control
        } else if opcode == .continuation {
            if !isAssembling {
                findings.append(Finding(rule: WebSocketRule.continuationWithoutMessage,
                                        message: "A continuation frame arrived, but no fragmented message was in progress.",
                                        streamOffset: startOffset, messageKey: "finding.ws.continuation-without-message"))
                currentRole = .ignored
            } else {
                currentRole = .continuation
            }
        } else if opcode == .text || opcode == .binary {
            if isAssembling {
                findings.append(Finding(rule: WebSocketRule.dataFrameInsideFragmentedMessage,
                                        message: "A new \(opcode.name) frame started while a fragmented \(message.opcode.name) message still waited for its final fragment.",
                                        streamOffset: startOffset, messageKey: "finding.ws.data-frame-inside-fragmented-message",
                                        arguments: [.opcode(opcode), .opcode(message.opcode)]))
                // Half a DEFLATE stream is in the window: with context takeover it cannot be trusted.
                if message.isCompressed { inflater?.markUnusable() }
                abandoned = [message.finished(sender: sender, complete: false)]
                hasAbandonedMessage = true
                isAssembling = false
            }
            let isCompressed = header.rsv1 && inflater != nil
            if isCompressed, compression == .guessing, !hasReportedInference {
                hasReportedInference = true
                findings.append(Finding(rule: WebSocketRule.deflateInferred,
                                        message: "RSV1 is set and the handshake's Sec-WebSocket-Extensions line is not in the capture: this direction's RSV1 messages are inflated as permessage-deflate (inferred), and only where that needs no bytes the capture lacks.",
                                        streamOffset: startOffset, messageKey: "finding.ws.deflate-inferred"))
            }
            message.restart(opcode: opcode, isCompressed: isCompressed, startOffset: startOffset, limits: limits)
            if isCompressed, inflater?.beginMessage() == false {
                message.inflateFailed = true
            }
            isAssembling = true
            currentRole = .firstFrame
        } else {
            currentRole = .ignored
        }
        return currentRole
    }

    /// Takes the next unmasked payload bytes of the current frame (only data frames matter here).
    /// Inflated data goes through `inflateOutput`, scratch memory the caller lends for the call.
    mutating func payload(_ chunk: UnsafeRawBufferPointer, streamOffset: UInt64,
                                 inflateOutput: UnsafeMutableRawBufferPointer, findings: inout [Finding]) {
        guard currentRole.carriesMessageData, isAssembling else { return }
        message.wireLength += UInt64(chunk.count)
        let limits = self.limits
        guard message.isCompressed else {
            let validatedBefore = message.utf8?.bytesValidated ?? 0
            _ = message.deliver(chunk, limits: limits)
            // On failure the validator stops at the bad byte, which gives its exact stream offset.
            let badByteOffset = streamOffset + ((message.utf8?.bytesValidated ?? 0) - validatedBefore)
            reportInvalidUTF8(streamOffset: badByteOffset, findings: &findings)
            return
        }
        // Inflated bytes have no stream offset of their own: findings point at the message's start.
        guard !message.inflateFailed, inflater != nil else { return }
        let outcome = inflater!.inflate(chunk, into: inflateOutput, sink: &message, cap: limits.maxInflatedMessageSize)
        report(outcome, findings: &findings)
        // UTF-8 of inflated data is judged at the end: only a message that inflates fully is
        // judged, so the verdict does not depend on how zlib was fed.
    }

    /// Payload bytes of the current frame are missing from the capture.
    mutating func payloadMissing(_ length: UInt64) {
        guard currentRole.carriesMessageData, isAssembling else { return }
        message.wireLength += length
        message.missingBytes += length
        message.markBroken()
        if message.isCompressed { inflater?.markUnusable() }
    }

    /// Ends the current frame; true when this frame completed a message (see `completedMessage`).
    mutating func endFrame(index: Int, final: Bool, endOffset: UInt64, inflateOutput: UnsafeMutableRawBufferPointer,
                           findings: inout [Finding]) -> Bool {
        guard currentRole.carriesMessageData, isAssembling else { return false }
        // In place, not copied: a copy would make appending copy the frame indices (quadratic in fragments).
        if message.firstFrameIndex == nil { message.firstFrameIndex = index } else { message.laterFrameIndices.append(index) }
        message.endOffset = endOffset
        guard final else { return false }
        isAssembling = false
        if message.isCompressed, !message.inflateFailed, message.isComplete, inflater != nil {
            switch inflater!.endMessage(into: inflateOutput, sink: &message, cap: limits.maxInflatedMessageSize) {
            case .inflated(let outcome):
                report(outcome, findings: &findings)
            case .refersToMissingBytes:
                message.inflateFailed = true
                message.refersToMissingBytes = true
                message.discardData()
                if inflater?.unknownOnlyBeforeCapture == true {
                    findings.append(Finding(rule: WebSocketRule.contextTakeoverBeforeCapture,
                                            message: "Cannot inflate: this message refers back to compressed messages sent before the capture began (context takeover); inflated without them it would give wrong text.",
                                            streamOffset: message.startOffset, messageKey: "finding.ws.deflate-context-before-capture"))
                } else {
                    findings.append(Finding(rule: WebSocketRule.inflateNeedsMissingBytes,
                                            message: "Cannot inflate: this message refers back to bytes the capture lacks (context takeover across a gap); inflated without them it would give wrong text.",
                                            streamOffset: message.startOffset, messageKey: "finding.ws.inflate-needs-missing-bytes"))
                }
            }
            reportInvalidUTF8(streamOffset: message.startOffset, findings: &findings)
        }
        if let validator = message.utf8, validator.isValid, !validator.isComplete, message.canJudgeUTF8 {
            message.utf8Reported = true
            findings.append(Finding(rule: WebSocketRule.textInvalidUTF8,
                                    message: "The text message ends in the middle of a UTF-8 sequence.",
                                    streamOffset: endOffset, messageKey: "finding.ws.text-invalid-utf8.cut"))
        }
        return true
    }

    /// The message the last `beginFrame` abandoned, once.
    mutating func takeAbandonedMessage() -> DecodedMessage? {
        hasAbandonedMessage = false
        defer { abandoned = [] }
        return abandoned.first
    }

    /// The message the last `endFrame` completed, as a value (valid until the next message starts).
    func completedMessage() -> DecodedMessage {
        message.finished(sender: sender, complete: true)
    }

    /// Gives up the message in progress (capture ended or framing lost); nil when there is none.
    mutating func abandonMessage() -> DecodedMessage? {
        guard isAssembling else { return nil }
        isAssembling = false
        if message.isCompressed { inflater?.markUnusable() }
        return message.finished(sender: sender, complete: false)
    }

    // The two reports below change the message in place: handed the message `inout` while reading
    // the assembler's other fields, they made Swift copy the whole assembler per call.
    private mutating func report(_ outcome: Inflater.Outcome, findings: inout [Finding]) {
        let streamOffset = message.startOffset
        switch outcome {
        case .consumed:
            return
        case .stoppedBySink:
            message.inflateFailed = true
            findings.append(Finding(rule: WebSocketRule.inflatedMessageTooLarge,
                                    message: "The message inflated past the cap of \(limits.maxInflatedMessageSize) bytes; inflation stopped there.",
                                    streamOffset: streamOffset, messageKey: "finding.ws.inflated-message-too-large",
                                    arguments: [.number(limits.maxInflatedMessageSize)]))
        case .failed(let reason):
            message.inflateFailed = true
            // How much zlib emits before it notices corrupt data depends on how it was fed; keep
            // none of it, so results do not depend on TCP segmentation.
            message.discardData()
            if compression == .guessing {
                findings.append(Finding(rule: WebSocketRule.contextTakeoverBeforeCapture,
                                        message: "An RSV1 message did not inflate (\(reason)); without the handshake's extension line it may not be permessage-deflate data at all, or need context from before the capture.",
                                        streamOffset: streamOffset, messageKey: "finding.ws.deflate-context-before-capture.failed",
                                        arguments: [.text("\(reason)")]))
            } else {
                let later = inflater?.resetsAfterEachMessage == true
                    ? "" : " Later compressed messages in this direction are inflated only where they do not refer back to the lost context."
                findings.append(Finding(rule: WebSocketRule.inflateError,
                                        message: "Inflating the message failed: \(reason).\(later)",
                                        streamOffset: streamOffset,
                                        messageKey: later.isEmpty ? "finding.ws.inflate-error" : "finding.ws.inflate-error.contextLost",
                                        arguments: [.text("\(reason)")]))
            }
        }
    }

    private mutating func reportInvalidUTF8(streamOffset: UInt64, findings: inout [Finding]) {
        guard let validator = message.utf8, !validator.isValid, !message.utf8Reported, message.canJudgeUTF8 else { return }
        message.utf8Reported = true
        let position = message.isCompressed ? "inflated " : ""
        findings.append(Finding(rule: WebSocketRule.textInvalidUTF8,
                                message: "The text message is not valid UTF-8 (first bad byte at \(position)message offset \(validator.bytesValidated)).",
                                streamOffset: streamOffset,
                                messageKey: message.isCompressed ? "finding.ws.text-invalid-utf8.inflated" : "finding.ws.text-invalid-utf8",
                                arguments: [.number(validator.bytesValidated)]))
    }
}

/// The state of one data message while its frames arrive.
private struct MessageInProgress: InflateSink {
    private(set) var opcode = WebSocketOpcode.text
    private(set) var isCompressed = false
    private(set) var startOffset: UInt64 = 0
    /// The assembler's limits, for inflated data delivered through `take`.
    private var limits = WebSocketMessageAssembler.Limits()
    var endOffset: UInt64 = 0
    /// The frames that carried it; only a fragmented message allocates for the later ones.
    var firstFrameIndex: Int?
    var laterFrameIndices: [Int] = []
    var wireLength: UInt64 = 0
    var missingBytes: UInt64 = 0
    var refersToMissingBytes = false
    var length: UInt64 = 0
    var data: [UInt8] = []
    var isDataTruncated = false
    /// Text messages only; nil for binary.
    var utf8: UTF8Validator?
    var utf8Reported = false
    var inflateFailed = false
    /// False once bytes were missing; data, UTF-8 and inflation then stop.
    var isComplete = true

    /// Starts over for a new message, keeping the arrays' storage when it is small (and touching
    /// them only when not empty).
    mutating func restart(opcode: WebSocketOpcode, isCompressed: Bool, startOffset: UInt64,
                          limits: WebSocketMessageAssembler.Limits) {
        self.limits = limits
        self.opcode = opcode
        self.isCompressed = isCompressed
        self.startOffset = startOffset
        endOffset = startOffset
        firstFrameIndex = nil
        if !laterFrameIndices.isEmpty { laterFrameIndices.removeAll(keepingCapacity: laterFrameIndices.capacity <= 64) }
        wireLength = 0
        missingBytes = 0
        refersToMissingBytes = false
        length = 0
        if !data.isEmpty { data.removeAll(keepingCapacity: data.capacity <= 4_096) }
        isDataTruncated = false
        utf8 = opcode == .text ? UTF8Validator() : nil
        utf8Reported = false
        inflateFailed = false
        isComplete = true
    }

    /// UTF-8 can be judged only over data that is all there.
    var canJudgeUTF8: Bool { isComplete && !inflateFailed }

    mutating func discardData() {
        data = []
        length = 0
        isDataTruncated = true
        utf8 = nil
    }

    mutating func markBroken() {
        isComplete = false
        isDataTruncated = true
    }

    /// Inflated bytes of the message (see `deliver`).
    mutating func take(_ bytes: UnsafeRawBufferPointer) -> Bool {
        deliver(bytes, limits: limits)
    }

    /// Takes bytes of the message's data (inflated, or raw when uncompressed). Returns false when
    /// the inflated size cap was reached, to stop the inflater.
    mutating func deliver(_ bytes: UnsafeRawBufferPointer, limits: WebSocketMessageAssembler.Limits) -> Bool {
        guard isComplete else { return true }
        var piece = bytes
        var withinCap = true
        if isCompressed, length + UInt64(piece.count) > UInt64(limits.maxInflatedMessageSize) {
            let allowed = Int(UInt64(limits.maxInflatedMessageSize) - min(length, UInt64(limits.maxInflatedMessageSize)))
            piece = UnsafeRawBufferPointer(rebasing: piece[piece.startIndex..<(piece.startIndex + allowed)])
            withinCap = false
        }
        length += UInt64(piece.count)
        if limits.retainData {
            let room = max(0, limits.retentionLimit - data.count)
            if piece.count > room { isDataTruncated = true }
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[piece.startIndex..<(piece.startIndex + min(room, piece.count))]))
        }
        if utf8 != nil { utf8!.validate(piece) }
        if !withinCap { isDataTruncated = true }
        return withinCap
    }

    func finished(sender: Peer, complete: Bool) -> DecodedMessage {
        let whole = complete && isComplete && !inflateFailed
        let validUTF8: Bool? = (utf8 != nil && canJudgeUTF8 && complete) ? utf8!.isComplete : nil
        let hasAllData = !isDataTruncated && UInt64(data.count) == length
        let text: String? = whole && validUTF8 == true && hasAllData ? String(decoding: data, as: UTF8.self) : nil
        var message = DecodedMessage(from: sender, index: -1, opcode: opcode, firstFrameIndex: firstFrameIndex,
                                     laterFrameIndices: laterFrameIndices,
                                     // Uncompressed, the length is known even where bytes are missing: the frames say it.
                                     isCompressed: isCompressed, wireLength: wireLength, length: isCompressed ? length : wireLength,
                                     data: data, isDataTruncated: isDataTruncated,
                                     text: text, isValidUTF8: validUTF8, inflateFailed: inflateFailed, isComplete: whole,
                                     startOffset: startOffset, endOffset: endOffset)
        message.missingBytes = missingBytes
        message.refersToMissingBytes = refersToMissingBytes
        return message
    }
}
