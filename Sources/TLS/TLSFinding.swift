public import WireBytes

/// A finding of the TLS layer: the rule occurrence, who sent the bytes concerned, and the record
/// (by its per-direction index) when it concerns one.
public struct TLSFinding: Sendable, Hashable {
    public let finding: Finding
    /// The sender concerned; nil for the connection as a whole (e.g. no keys for the session).
    public let from: Peer?
    public let recordIndex: Int?

    public init(finding: Finding, from: Peer?, recordIndex: Int?) {
        self.finding = finding
        self.from = from
        self.recordIndex = recordIndex
    }

    public var rule: Rule { finding.rule }
    public var message: String { finding.message }
    public var streamOffset: UInt64? { finding.streamOffset }
}
