public import Analysis

/// One frame in full, like the thesis' figures 2-4: the bytes in hex and bits with every field
/// named, the masking table, the payload, close code, compression, the packets that carried it and
/// the findings on it.
public struct FrameExplanation: Sendable {
    public var record: FrameRecord
    /// The data message this frame belongs to (nil for control frames or a message that never completed).
    public var message: MessageRecord?
    /// The frames of that message, in order (for the compressed bytes of a compressed message).
    public var messageFrames: [FrameRecord]
    /// The findings the analysis tied to this frame.
    public var findings: [FindingRecord]

    public init(record: FrameRecord, message: MessageRecord? = nil, messageFrames: [FrameRecord] = [],
                findings: [FindingRecord] = []) {
        self.record = record
        self.message = message
        self.messageFrames = messageFrames
        self.findings = findings
    }
}
