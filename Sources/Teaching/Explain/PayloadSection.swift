import WebSocketWire
import WireBytes

/// The frame's payload, unmasked: as text where the frame carries text, and as a hex dump.
enum PayloadSection {
    static func render(_ frame: DecodedFrame, limit: Int, into out: inout SectionWriter) {
        let style = out.style
        let size = style.tr("unit.byteCount", frame.payloadLength)
        out.heading(style.tr(frame.header.isMasked ? "explain.payload.headingUnmasked" : "explain.payload.heading", size))
        defer { out.blank() }
        if frame.payload.isEmpty {
            out.line(style.tr(frame.payloadLength == 0 ? "explain.payload.empty" : "explain.payload.notRetained"))
            return
        }
        let shown = Array(frame.payload.prefix(limit))
        if TextViews.showsAsText(frame) {
            out.line(style.tr("masking.result.asText") + " " + style.quoted(bytes: TextViews.textPrefix(frame.payload, limit: limit)))
        } else if frame.message?.isCompressed == true {
            out.line(style.tr("explain.payload.compressed"))
        }
        out.code(HexDump.lines(shown, style: style))
        if frame.payload.count > shown.count || frame.isPayloadTruncated {
            out.line(style.tr(limit == Int.max ? "explain.firstBytes" : "explain.firstBytesAll", shown.count, frame.payloadLength))
        }
    }
}
