import WebSocketWire
import WireBytes

/// A close frame's status code: its bytes, meaning and range, and the reason (RFC 6455 §7.4).
enum CloseFrameSection {
    static func render(_ frame: DecodedFrame, into out: inout SectionWriter) {
        guard frame.opcode == .connectionClose else { return }
        let style = out.style
        out.heading(style.tr("explain.close.heading"))
        if let code = frame.closeCode {
            let codeBytes = frame.payload.prefix(2).map(\.hex2).joined(separator: " ")
            let labels = ["explain.close.code", "explain.close.meaning", "explain.close.range", "explain.close.reason"].map { style.tr($0) }
            let width = labels.map(\.count).max()! + 2
            out.line(TextViews.pad(labels[0], width) + "\(codeBytes) = \(code.rawValue)" + (code.name.map { " " + $0 } ?? ""))
            out.line(TextViews.pad(labels[1], width) + CloseCodeWords.meaning(code, style: style))
            out.line(TextViews.pad(labels[2], width) + CloseCodeWords.rangeText(code, style: style))
            if let reason = frame.closeReason {
                out.line(TextViews.pad(labels[3], width) + (reason.isEmpty ? style.tr("explain.close.noReason")
                                                             : style.quoted(bytes: reason) + " (" + style.tr("unit.byteCount", reason.count) + ")"))
            }
        } else if frame.payloadLength == 0 {
            out.line(style.tr("explain.close.noCode"))
        } else {
            out.line(style.tr("explain.close.tooShort"))
        }
        out.blank()
    }
}
