import WebSocketWire
import WireBytes

/// The unmasking table of a masked frame (the thesis' table 2), or why the frame is not masked.
enum MaskingSection {
    static func render(_ frame: DecodedFrame, limit: Int, into out: inout SectionWriter) {
        let style = out.style
        guard let key = frame.header.maskingKey else {
            if frame.from == .server {
                out.line(style.tr("explain.masking.serverUnmasked"))
            } else {
                out.line(style.bad(style.tr("explain.masking.notMasked")) + ": " + style.tr("explain.masking.clientMustMask"))
            }
            out.blank()
            return
        }
        out.heading(style.tr("explain.masking.heading", key.description))
        if frame.payload.isEmpty {
            out.line(style.tr(frame.payloadLength == 0 ? "explain.masking.emptyPayload" : "explain.masking.notRetained"))
        } else {
            out.line(MaskingTable.formula(.unmask, style: style))
            let shown = Array(frame.maskedPayload.prefix(limit))
            let characters = TextViews.showsAsText(frame)
            if out.markdown {
                out.blank()
                out.raw(MaskingTable.render(shown, key: key, direction: .unmask, style: style, markdown: true,
                                            showsCharacters: characters))
                out.blank()
            } else {
                out.code(MaskingTable.render(shown, key: key, direction: .unmask, style: style, showsCharacters: characters,
                                             width: style.width - 2)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            }
            if !characters {
                out.line(style.tr(frame.message?.isCompressed == true ? "explain.masking.noCharactersCompressed"
                                  : "explain.masking.noCharactersBinary"))
            }
            if frame.payload.count > shown.count {
                out.line(style.tr("explain.firstBytesAll", shown.count, frame.payloadLength))
            }
        }
        out.blank()
    }
}
