/// The permessage-deflate state of one direction: its own inflater, reset per message or kept
/// across messages as negotiated for that sender, and out of use after an error until it can be
/// reset (with context takeover, a lost window cannot be recovered).
struct DirectionInflater {
    /// The sender resets its compressor after each message (its *_no_context_takeover).
    let resetsAfterEachMessage: Bool
    /// Without the handshake nothing is known: keep context, and after a failure start afresh.
    let isGuessing: Bool
    private var inflater: Inflater?
    /// True after an inflate error, a cap or a gap, until the next reset.
    private(set) var isUnusable = false

    init(resetsAfterEachMessage: Bool, isGuessing: Bool) {
        self.resetsAfterEachMessage = resetsAfterEachMessage
        self.isGuessing = isGuessing
    }

    /// Starts a compressed message; false when this direction cannot inflate it.
    mutating func beginMessage() -> Bool {
        if isUnusable {
            guard resetsAfterEachMessage || isGuessing else { return false }
            inflater?.reset()
            isUnusable = false
        }
        if inflater == nil {
            inflater = Inflater()
            if inflater == nil {
                isUnusable = true
                return false
            }
        }
        inflater?.prepareForMessage()
        return true
    }

    /// Inflates a payload chunk of the current message.
    mutating func inflate(_ chunk: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                          sink: inout some InflateSink) -> Inflater.Outcome {
        guard !isUnusable, let inflater else { return .failed("inflater unusable") }
        let outcome = inflater.inflate(chunk, into: output, sink: &sink)
        if outcome != .consumed { isUnusable = true }
        return outcome
    }

    /// Ends the current message: feeds the 00 00 ff ff tail the sender removed (RFC 7692 §7.2.2),
    /// then resets when the sender does not keep context.
    mutating func endMessage(into output: UnsafeMutableRawBufferPointer,
                             sink: inout some InflateSink) -> Inflater.Outcome {
        guard !isUnusable, let inflater else { return .failed("inflater unusable") }
        let outcome = inflater.inflate([0x00, 0x00, 0xff, 0xff], into: output, sink: &sink)
        if outcome != .consumed {
            isUnusable = true
        } else if resetsAfterEachMessage {
            inflater.reset()
        }
        return outcome
    }

    /// Marks the window as lost (bytes of a compressed message are missing, or inflation stopped).
    mutating func markUnusable() {
        isUnusable = true
    }
}
