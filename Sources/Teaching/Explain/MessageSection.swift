import Analysis
import WebSocketWire
import WireBytes

/// The message a data frame belongs to: which fragment it is, and for a compressed message the
/// compressed bytes, the tail the receiver appends and the inflated result (RFC 7692).
enum MessageSection {
    static func render(_ input: FrameExplanation, limit: Int, into out: inout SectionWriter) {
        let frame = input.record.frame
        guard let message = input.message?.message else {
            if frame.message != nil {
                out.line("This frame is part of a message that did not complete in the capture.")
                out.blank()
            }
            return
        }
        let style = out.style
        let position = (message.frameIndices.firstIndex(of: frame.index) ?? 0) + 1
        let framesText = message.frameIndices.map(String.init).joined(separator: ", ")
        out.heading("Message \(message.index) (\(message.opcode.name))")
        if message.frameIndices.count > 1 {
            out.line("This frame is fragment \(position) of \(message.frameIndices.count) (frames \(framesText)); "
                     + "the first frame gives the type, continuation frames (opcode 0) follow, FIN = 1 ends it.")
        } else {
            out.line("An unfragmented message: one frame with FIN = 1.")
        }
        if message.isCompressed {
            out.line("Compressed with permessage-deflate (RFC 7692): RSV1 is set on the message's first frame.")
            let payloads = input.messageFrames.map(\.frame)
            let compressed = payloads.flatMap(\.payload)
            let complete = payloads.count == message.frameIndices.count && !payloads.contains { $0.isPayloadTruncated }
            if message.frameIndices == [frame.index], complete {
                out.line("compressed bytes (\(message.wireLength)): this frame's payload, dumped above")
            } else {
                out.line("compressed bytes (\(message.wireLength), the frames' payloads joined):")
                if complete {
                    out.code(HexDump.lines(Array(compressed.prefix(limit)), style: style))
                } else {
                    out.line("  (not all retained)")
                }
            }
            out.line("+ 00 00 ff ff  appended by the receiver before inflating (RFC 7692 §7.2.2)")
            if message.inflateFailed {
                out.line(style.bad("inflating failed") + " (see the findings)")
            } else {
                out.line("inflated (\(message.length) bytes):")
                if let text = message.text {
                    let shown = String(text.prefix(limit))
                    out.line("  " + TerminalSafe.quoted(shown) + (shown.count < text.count ? " " + style.ellipsis : ""))
                } else {
                    out.code(HexDump.lines(Array(message.data.prefix(limit)), style: style))
                }
            }
        } else if message.frameIndices.count > 1 {
            out.line("whole message (\(message.length) bytes): " + (message.text.map {
                TerminalSafe.quoted(String($0.prefix(limit)))
            } ?? message.data.prefix(min(limit, 64)).map(\.hex2).joined(separator: " ")))
        }
        out.blank()
    }
}
