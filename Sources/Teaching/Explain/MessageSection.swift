import Analysis
import WebSocketWire
import WireBytes

/// The message a data frame belongs to: which fragment it is, and for a compressed message the
/// compressed bytes, the tail the receiver appends and the inflated result (RFC 7692).
enum MessageSection {
    static func render(_ input: FrameExplanation, limit: Int, into out: inout SectionWriter) {
        let frame = input.record.frame
        let style = out.style
        guard let message = input.message?.message else {
            if frame.message != nil {
                out.line(style.tr("explain.message.incomplete"))
                out.blank()
            }
            return
        }
        let position = (message.frameIndices.firstIndex(of: frame.index) ?? 0) + 1
        let framesText = message.frameIndices.map(String.init).joined(separator: ", ")
        out.heading(style.tr("explain.message.heading", message.index, OpcodeWords.name(message.opcode, style: style)))
        if message.frameIndices.count > 1 {
            out.line(style.tr("explain.message.fragment", position, message.frameIndices.count, framesText))
        } else {
            out.line(style.tr("explain.message.unfragmented"))
        }
        if message.isCompressed {
            out.line(style.tr("explain.message.compressed"))
            let payloads = input.messageFrames.map(\.frame)
            let compressed = payloads.flatMap(\.payload)
            let complete = payloads.count == message.frameIndices.count && !payloads.contains { $0.isPayloadTruncated }
            if message.frameIndices == [frame.index], complete {
                out.line(style.tr("explain.message.compressedThisFrame", message.wireLength))
            } else {
                out.line(style.tr("explain.message.compressedJoined", message.wireLength))
                if complete {
                    out.code(HexDump.lines(Array(compressed.prefix(limit)), style: style))
                } else {
                    out.line("  " + style.tr("explain.message.notAllRetained"))
                }
            }
            out.line(style.tr("explain.message.tail"))
            if message.inflateFailed {
                out.line(style.bad(style.tr("explain.message.inflateFailed")) + " " + style.tr("explain.message.seeFindings"))
            } else {
                out.line(style.tr("explain.message.inflated", message.length))
                if let text = message.text {
                    let shown = String(text.prefix(limit))
                    out.line("  " + style.quoted(shown) + (shown.count < text.count ? " " + style.ellipsis : ""))
                } else {
                    out.code(HexDump.lines(Array(message.data.prefix(limit)), style: style))
                }
            }
        } else if message.frameIndices.count > 1 {
            out.line(style.tr("explain.message.whole", message.length) + " " + (message.text.map {
                style.quoted(String($0.prefix(limit)))
            } ?? message.data.prefix(min(limit, 64)).map(\.hex2).joined(separator: " ")))
        }
        out.blank()
    }
}
