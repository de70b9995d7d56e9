public import WireBytes

/// Observations the TCP reassembler reports. The ids are part of the public output: never rename.
public enum TCPRule {
    public static let retransmissionConflict = Rule(
        id: "tcp.retransmission-conflict", rfcSection: nil, severity: .warning,
        summary: "A retransmitted segment carries bytes that differ from the first copy; the first copy is used.")
    public static let bufferCap = Rule(
        id: "tcp.buffer-cap", rfcSection: nil, severity: .warning,
        summary: "Out-of-order data reached the per-stream buffer cap; the missing bytes before it are skipped as a gap.")
    public static let lostSegment = Rule(
        id: "tcp.lost-segment", rfcSection: nil, severity: .warning,
        summary: "Stream bytes are missing from the capture (lost or not captured segment); they are skipped as a gap.")
    public static let snaplenTruncation = Rule(
        id: "tcp.snaplen-truncated", rfcSection: nil, severity: .warning,
        summary: "Packets were cut short by the capture's snapshot length; their missing payload is skipped as a gap.")
    public static let dataAfterReset = Rule(
        id: "tcp.data-after-reset", rfcSection: "9293 3.5.2", severity: .warning,
        summary: "Data arrived after the connection was reset; it is ignored.")
    public static let dataAfterFin = Rule(
        id: "tcp.data-after-fin", rfcSection: "9293 3.6", severity: .warning,
        summary: "Data arrived beyond the sender's FIN; it is ignored.")
    public static let startNotCaptured = Rule(
        id: "tcp.start-not-captured", rfcSection: nil, severity: .info,
        summary: "The connection's handshake is not in the capture; its streams start with the first byte seen.")
    public static let roleGuessed = Rule(
        id: "tcp.role-guessed", rfcSection: nil, severity: .info,
        summary: "Neither a SYN nor an HTTP message shows who is the client; the endpoint with the higher port is assumed.")

    /// Every rule of this module.
    public static let all: [Rule] = [
        retransmissionConflict, bufferCap, lostSegment, snaplenTruncation, dataAfterReset, dataAfterFin,
        startNotCaptured, roleGuessed,
    ]
}
