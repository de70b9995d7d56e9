import WebSocketWire
import WireBytes

/// The frame's payload, unmasked: as text where the frame carries text, and as a hex dump.
enum PayloadSection {
    static func render(_ frame: DecodedFrame, limit: Int, into out: inout SectionWriter) {
        out.heading("Payload" + (frame.header.isMasked ? " (unmasked)" : "") + ", \(frame.payloadLength) bytes")
        defer { out.blank() }
        if frame.payload.isEmpty {
            out.line(frame.payloadLength == 0 ? "(empty)" : "(not retained)")
            return
        }
        let shown = Array(frame.payload.prefix(limit))
        if TextViews.showsAsText(frame) {
            out.line("as text: " + TerminalSafe.quoted(bytes: TextViews.textPrefix(frame.payload, limit: limit)))
        } else if frame.message?.isCompressed == true {
            out.line("compressed: these bytes are DEFLATE data, not text (the message below shows them inflated)")
        }
        out.code(HexDump.lines(shown, style: out.style))
        if frame.payload.count > shown.count || frame.isPayloadTruncated {
            out.line("(first \(shown.count) of \(frame.payloadLength) bytes" + (limit == Int.max ? ")" : "; --all shows every byte)"))
        }
    }
}
