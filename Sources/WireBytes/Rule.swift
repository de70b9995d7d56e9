/// How serious a broken rule is. `error` means the RFC says MUST (a conforming peer would fail the
/// connection); `warning` a SHOULD or a sign of trouble; `info` something worth knowing.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case info
    case warning
    case error

    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A conformance rule or an observation with a stable id, in the spirit of Wireshark's expert infos
/// and Zeek's weirds. The id is part of the public output: never rename one.
public struct Rule: Sendable, Hashable {
    /// Stable identifier, e.g. `"ws.client-frame-unmasked"`.
    public let id: String
    /// The RFC section that states the rule, e.g. `"6455 5.1"`; nil for observations of the capture itself.
    public let rfcSection: String?
    public let severity: Severity
    /// One sentence in plain words: what the rule says.
    public let summary: String

    public init(id: String, rfcSection: String?, severity: Severity, summary: String) {
        self.id = id
        self.rfcSection = rfcSection
        self.severity = severity
        self.summary = summary
    }
}

/// One occurrence of a rule, as a decoder saw it. Decoders only know stream offsets; the analysis
/// maps the offset to the packet that carried that byte and adds connection and frame.
public struct Finding: Sendable, Hashable {
    public let rule: Rule
    /// What happened here, in plain words (may quote values from the capture; escape before printing).
    public let message: String
    /// Offset in the sender's byte stream where the fault is, when the decoder knows it.
    public let streamOffset: UInt64?

    public init(rule: Rule, message: String, streamOffset: UInt64? = nil) {
        self.rule = rule
        self.message = message
        self.streamOffset = streamOffset
    }
}
