public import WireBytes

/// A finding of the WebSocket layer: the rule occurrence, who sent the offending bytes, and the
/// frame it concerns (by its connection-wide index), when it concerns one.
public struct WebSocketFinding: Sendable, Hashable {
    public let finding: Finding
    /// The sender of the frames concerned; nil for the connection as a whole (e.g. no close handshake).
    public let from: Peer?
    /// Index of the frame concerned (0-based per connection, in completion order).
    public let frameIndex: Int?

    public init(finding: Finding, from: Peer?, frameIndex: Int?) {
        self.finding = finding
        self.from = from
        self.frameIndex = frameIndex
    }

    public var rule: Rule { finding.rule }
    public var message: String { finding.message }
    public var streamOffset: UInt64? { finding.streamOffset }
}
