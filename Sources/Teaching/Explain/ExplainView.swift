import Analysis
import WebSocketWire
import WireBytes

/// One frame in full, like the thesis' figures 2-4, section by section: the bytes in hex and
/// bits, the header's fields, the masking table, the close code, the payload, the message it
/// belongs to, the packets that carried it and the findings on it.
public enum ExplainView {
    /// Payload bytes shown in the masking table and on the wire line unless `showAll`.
    public static let defaultLimit = 64
    /// Payload bytes shown in the hex dump / text unless `showAll`.
    public static let defaultDumpLimit = 1024

    public static func render(_ input: FrameExplanation, showAll: Bool = false, style: Style = .plain,
                              markdown: Bool = false) -> String {
        var out = SectionWriter(markdown: markdown, style: style)
        let record = input.record
        let frame = record.frame
        let header = frame.header
        let identity = record.connection
        let direction = OpcodeWords.direction(from: frame.from, style: style)

        out.heading(style.tr("explain.title", frame.index, identity.number, OpcodeWords.name(frame.opcode, style: style), direction),
                    level: 2)
        let packets = record.packets
        let packetText = packets.isEmpty ? style.tr("explain.packets.none")
            : (packets.count == 1 ? style.tr("explain.packets.one", packets[0])
                : style.tr("explain.packets.many", ProvenanceSection.runs(packets)))
        out.line(style.tr("explain.endpoints", "\(identity.client)", "\(identity.server)") + "; "
                 + style.tr("explain.sizes", header.headerLength, frame.payloadLength,
                            UInt64(header.headerLength) + frame.payloadLength, packetText))
        if !frame.isComplete {
            out.line(style.warn(style.tr("word.incomplete")) + ": " + style.tr("explain.payloadMissing", frame.missingPayloadBytes))
        }
        out.blank()

        WireBytesSection.render(frame, showAll: showAll, into: &out)
        HeaderFieldsSection.render(frame, into: &out)
        MaskingSection.render(frame, limit: showAll ? Int.max : defaultLimit, into: &out)
        CloseFrameSection.render(frame, into: &out)
        PayloadSection.render(frame, limit: showAll ? Int.max : defaultDumpLimit, into: &out)
        MessageSection.render(input, limit: showAll ? Int.max : defaultDumpLimit, into: &out)
        ProvenanceSection.render(record, into: &out)
        FindingsSection.render(input.findings, into: &out)
        return out.finish()
    }
}
