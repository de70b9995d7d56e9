import WebSocketWire
import WireBytes

/// The unmasking table of a masked frame (the thesis' table 2), or why the frame is not masked.
enum MaskingSection {
    static func render(_ frame: DecodedFrame, limit: Int, into out: inout SectionWriter) {
        let style = out.style
        guard let key = frame.header.maskingKey else {
            if frame.from == .server {
                out.line("Not masked: a server never masks its frames (RFC 6455 §5.1), so the payload is sent as is.")
            } else {
                out.line(style.bad("Not masked") + ": a client must mask every frame (RFC 6455 §5.1).")
            }
            out.blank()
            return
        }
        out.heading("Unmasking (key \(key.description), RFC 6455 §5.3)")
        if frame.payload.isEmpty {
            out.line(frame.payloadLength == 0 ? "The payload is empty: the key is sent but masks nothing."
                     : "The payload was not retained, so there is nothing to unmask here.")
        } else {
            out.line(MaskingTable.formula(.unmask))
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
                out.line(frame.message?.isCompressed == true ? "(no character row: these are compressed bytes, not text)"
                         : "(no character row: the payload is binary data, not text)")
            }
            if frame.payload.count > shown.count {
                out.line("(first \(shown.count) of \(frame.payloadLength) bytes; --all shows every byte)")
            }
        }
        out.blank()
    }
}
