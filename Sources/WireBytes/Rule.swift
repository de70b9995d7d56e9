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
    /// What happened here, in plain English words (may quote values from the capture; escape before
    /// printing). JSON carries this text in every language.
    public let message: String
    /// The same message as a key of the string catalog (`finding.ws.close-not-answered`) with its
    /// arguments, so text output can say it in the reader's language; nil where a site has none
    /// (the English `message` is shown). The catalog's English text must equal `message`.
    public let messageKey: String?
    public let arguments: [MessageArgument]
    /// Offset in the sender's byte stream where the fault is, when the decoder knows it.
    public let streamOffset: UInt64?

    public init(rule: Rule, message: String, streamOffset: UInt64? = nil, messageKey: String? = nil,
                arguments: [MessageArgument] = []) {
        self.rule = rule
        self.message = message
        self.messageKey = messageKey
        self.arguments = arguments
        self.streamOffset = streamOffset
    }
}

/// A value in a finding's message: text as it is (values from the capture, hex, names), a number,
/// or a word the reader's language says its own way (a catalog key such as `peer.client`).
public enum MessageArgument: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case unsigned(UInt64)
    /// A catalog key whose text is inserted.
    case word(String)
    /// Several arguments written one after the other, a space between them ("4000" and a word).
    indirect case sequence([MessageArgument])
    /// A decimal number as English writes it ("0.065"); German writes a decimal comma.
    case decimal(String)
    /// A part of the sentence that is itself a catalog text with arguments (empty when the key is empty).
    indirect case phrase(String, [MessageArgument])

    /// "client" or "server", in the reader's language.
    public static func peer(_ peer: Peer) -> MessageArgument { .word("peer." + peer.rawValue) }

    public static func number(_ value: Int) -> MessageArgument { .integer(Int64(value)) }
    public static func number(_ value: UInt64) -> MessageArgument { .unsigned(value) }
}
