public import WireBytes

/// Observations the pipeline makes itself (the layers below have their own rules).
public enum AnalysisRule {
    public static let handshakeNotCaptured = Rule(
        id: "analysis.handshake-not-captured", rfcSection: nil, severity: .info,
        summary: "The capture does not contain this connection's opening handshake; its WebSocket framing was recognised heuristically, so negotiated extensions are unknown.")
    public static let unsupportedLinkType = Rule(
        id: "analysis.unsupported-link-type", rfcSection: nil, severity: .error,
        summary: "The capture's link-layer type is not one wslens decodes.")
    public static let malformedPacket = Rule(
        id: "analysis.malformed-packet", rfcSection: nil, severity: .warning,
        summary: "A packet's headers contradict themselves or end before they should; it was skipped.")

    public static let bytesNotKeptWhileProbing = Rule(
        id: "analysis.bytes-not-kept-while-probing", rfcSection: nil, severity: .warning,
        summary: "Without a handshake, wslens keeps a connection's first bytes until it can tell whether they are WebSocket frames; bytes beyond what it keeps for that were skipped like a gap.")

    public static let all: [Rule] = [handshakeNotCaptured, unsupportedLinkType, malformedPacket, bytesNotKeptWhileProbing]
}
