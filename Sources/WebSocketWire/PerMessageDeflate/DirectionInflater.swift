/// The permessage-deflate state of one direction: its own inflater, reset per message or kept
/// across messages as negotiated for that sender.
///
/// When the window is not all known (bytes of a compressed message are missing from the capture,
/// framing was lost, inflating failed, or the capture holds no handshake or only part of it), a
/// sender with context takeover may refer back to bytes the capture lacks, and zlib does not
/// notice: it copies whatever its window holds and returns wrong text. So the direction recovers
/// with two inflaters whose unknown window is filled differently (all 00, all ff): a message whose
/// two results are identical used only bytes the capture has and is certain; any other message
/// cannot be inflated and is reported as such. Once the last 32 KiB of both windows agree, one
/// inflater is enough again.
struct DirectionInflater {
    /// The sender resets its compressor after each message (its *_no_context_takeover).
    let resetsAfterEachMessage: Bool
    /// Without the handshake's extension line nothing is known: keep context, and begin in recovery.
    let isGuessing: Bool
    private var inflater: Inflater?
    /// The second inflater and both outputs while recovering; a class, so that the direction's
    /// state stays small (it is copied around per frame) when, as almost always, nothing is lost.
    private var recovery: Recovery?
    /// True after a problem, until the next message starts.
    private(set) var isUnusable = false
    /// The window needs recovery when the next message begins.
    private var windowUnknown: Bool
    /// The unknown part of the window comes only from before the capture (nothing went missing since).
    private(set) var unknownOnlyBeforeCapture: Bool
    /// Whether the current message is inflated by two inflaters.
    public private(set) var isRecovering = false

    /// A window of 32 KiB: what a sender with the largest window (2^15) can refer back to.
    private static let fillA = [UInt8](repeating: 0x00, count: 32 * 1024)
    private static let fillB = [UInt8](repeating: 0xff, count: 32 * 1024)

    init(resetsAfterEachMessage: Bool, isGuessing: Bool) {
        self.resetsAfterEachMessage = resetsAfterEachMessage
        self.isGuessing = isGuessing
        windowUnknown = isGuessing
        unknownOnlyBeforeCapture = isGuessing
    }

    /// Starts a compressed message; false when this direction cannot inflate it.
    mutating func beginMessage() -> Bool {
        if isUnusable {
            isUnusable = false
            if resetsAfterEachMessage {
                inflater?.reset()
            } else {
                windowUnknown = true
            }
        }
        if inflater == nil {
            inflater = Inflater()
            guard inflater != nil else {
                isUnusable = true
                return false
            }
        }
        if windowUnknown, !resetsAfterEachMessage {
            windowUnknown = false
            if recovery == nil { recovery = Recovery() }
            guard let recovery else {
                isUnusable = true
                return false
            }
            inflater!.reset(dictionary: Self.fillA)
            recovery.shadow.reset(dictionary: Self.fillB)
        }
        isRecovering = recovery != nil
        inflater?.prepareForMessage()
        if let recovery {
            recovery.shadow.prepareForMessage()
            recovery.output.clear()
            recovery.shadowOutput.clear()
        }
        return true
    }

    /// Inflates a payload chunk of the current message.
    mutating func inflate(_ chunk: UnsafeRawBufferPointer, into scratch: UnsafeMutableRawBufferPointer,
                          sink: inout some InflateSink, cap: Int) -> Inflater.Outcome {
        guard !isUnusable, let inflater else { return .failed("inflater unusable") }
        let outcome: Inflater.Outcome
        if isRecovering, let recovery {
            recovery.output.cap = cap
            recovery.shadowOutput.cap = cap
            let first = inflater.inflate(chunk, into: scratch, sink: &recovery.output)
            let second = recovery.shadow.inflate(chunk, into: scratch, sink: &recovery.shadowOutput)
            outcome = first == .consumed ? second : first
        } else {
            outcome = inflater.inflate(chunk, into: scratch, sink: &sink)
        }
        if outcome != .consumed { markUnusable() }
        return outcome
    }

    /// What ending a message found.
    enum Ending: Equatable {
        case inflated(Inflater.Outcome)
        /// Recovering, and the two inflaters disagree: the message refers to bytes the capture lacks.
        case refersToMissingBytes
    }

    /// Ends the current message: feeds the 00 00 ff ff tail the sender removed (RFC 7692 §7.2.2),
    /// then resets when the sender does not keep context. While recovering, hands the message to
    /// `sink` only when both inflaters agree.
    mutating func endMessage(into scratch: UnsafeMutableRawBufferPointer, sink: inout some InflateSink,
                             cap: Int) -> Ending {
        guard !isUnusable, let inflater else { return .inflated(.failed("inflater unusable")) }
        let tail: [UInt8] = [0x00, 0x00, 0xff, 0xff]
        guard isRecovering, let recovery else {
            let outcome = inflater.inflate(tail, into: scratch, sink: &sink)
            if outcome != .consumed {
                markUnusable()
            } else if resetsAfterEachMessage {
                inflater.reset()
            }
            return .inflated(outcome)
        }
        recovery.output.cap = cap
        recovery.shadowOutput.cap = cap
        let first = inflater.inflate(tail, into: scratch, sink: &recovery.output)
        let second = recovery.shadow.inflate(tail, into: scratch, sink: &recovery.shadowOutput)
        let outcome = first == .consumed ? second : first
        guard outcome == .consumed else {
            markUnusable()
            return .inflated(outcome)
        }
        guard recovery.output.bytes == recovery.shadowOutput.bytes else {
            // The windows now differ where this message copied unknown bytes; keep recovering.
            return .refersToMissingBytes
        }
        let delivered = recovery.output.bytes.withUnsafeBytes { sink.take($0) }
        if inflater.window() == recovery.shadow.window() {
            self.recovery = nil   // both windows hold only bytes the capture has: one inflater is enough
            isRecovering = false
        }
        return .inflated(delivered ? .consumed : .stoppedBySink)
    }

    /// Marks the window as lost (bytes of a compressed message are missing, or inflation stopped).
    mutating func markUnusable() {
        isUnusable = true
        unknownOnlyBeforeCapture = false
    }
}

/// What recovering needs besides the direction's own inflater.
private final class Recovery {
    let shadow: Inflater
    /// Output of the current message: delivered only when both inflaters agree.
    var output = Recovered()
    var shadowOutput = Recovered()

    init?() {
        guard let shadow = Inflater() else { return nil }
        self.shadow = shadow
    }
}

/// The inflated bytes of one message while recovering, up to the cap.
private struct Recovered: InflateSink {
    var bytes: [UInt8] = []
    var cap = Int.max

    mutating func clear() { bytes.removeAll(keepingCapacity: bytes.capacity <= 64 * 1024) }

    mutating func take(_ piece: UnsafeRawBufferPointer) -> Bool {
        let room = cap - bytes.count
        bytes.append(contentsOf: piece.prefix(max(0, room)))
        return piece.count <= room
    }
}
