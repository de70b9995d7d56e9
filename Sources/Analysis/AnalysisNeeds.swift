/// What a command prints, so the analysis builds only that. What a command does not print is
/// still decoded and checked (findings and counts are the same under every command's needs:
/// `CommandPathTests` holds every rule's crafted capture to that).
public struct AnalysisNeeds: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// HTTP and WebSocket above TCP (everything but `streams`).
    public static let applicationLayer = AnalysisNeeds(rawValue: 1)
    /// `.frame` events, with the packets that carried each frame.
    public static let frames = AnalysisNeeds(rawValue: 2)
    /// `.message` events.
    public static let messages = AnalysisNeeds(rawValue: 4)
    /// Frame payloads and message data, not only their lengths.
    public static let payloads = AnalysisNeeds(rawValue: 8)
    /// A `.tcpPacket` event per TCP segment (the ladder draws SYN, FIN, RST).
    public static let tcpPackets = AnalysisNeeds(rawValue: 16)

    // What each command needs (one place, so the tests run exactly these).
    public static let streams: AnalysisNeeds = []
    public static let summary: AnalysisNeeds = [.applicationLayer]
    public static let check: AnalysisNeeds = [.applicationLayer]
    public static let overhead: AnalysisNeeds = [.applicationLayer, .messages]
    public static let framesCommand: AnalysisNeeds = [.applicationLayer, .frames, .payloads]
    public static let messagesCommand: AnalysisNeeds = [.applicationLayer, .messages, .payloads]
    public static let explain: AnalysisNeeds = [.applicationLayer, .frames, .messages, .payloads]

    /// Every command that decodes above TCP, by name.
    public static let applicationCommands: [(command: String, needs: AnalysisNeeds)] = [
        ("summary", summary), ("check", check), ("overhead", overhead), ("frames", framesCommand),
        ("messages", messagesCommand), ("explain", explain),
    ]
}

extension AnalysisOptions {
    /// Options that build what `needs` asks for and nothing more.
    public init(needs: AnalysisNeeds) {
        self.init()
        decodesApplicationLayer = needs.contains(.applicationLayer)
        emitsFrames = needs.contains(.frames)
        emitsMessages = needs.contains(.messages)
        retainsPayloads = needs.contains(.payloads)
        emitsTCPPackets = needs.contains(.tcpPackets)
    }
}
