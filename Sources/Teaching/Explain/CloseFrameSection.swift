import WebSocketWire
import WireBytes

/// A close frame's status code: its bytes, meaning and range, and the reason (RFC 6455 §7.4).
enum CloseFrameSection {
    static func render(_ frame: DecodedFrame, into out: inout SectionWriter) {
        guard frame.opcode == .connectionClose else { return }
        out.heading("Close frame (RFC 6455 §5.5.1, §7.4)")
        if let code = frame.closeCode {
            let codeBytes = frame.payload.prefix(2).map(\.hex2).joined(separator: " ")
            out.line("status code  \(codeBytes) = \(code.rawValue)" + (code.name.map { " " + $0 } ?? ""))
            out.line("meaning      \(code.meaning)")
            out.line("range        \(rangeText(code))")
            if let reason = frame.closeReason {
                out.line("reason       " + (reason.isEmpty ? "(none)" : TerminalSafe.quoted(bytes: reason) + " (\(reason.count) bytes)"))
            }
        } else if frame.payloadLength == 0 {
            out.line("No status code: the peer reports 1005 No Status Received.")
        } else {
            out.line("The payload is too short for a status code (a close payload is empty or at least 2 bytes).")
        }
        out.blank()
    }

    static func rangeText(_ code: WebSocketCloseCode) -> String {
        switch code.range {
        case .invalidBelow1000: "0-999: not used, never valid on the wire"
        case .defined: "1000-2999: defined by the RFC (or registered with IANA); may be sent"
        case .reservedNotOnWire: "1000-2999: defined by RFC 6455 but must never be sent in a close frame"
        case .reservedForProtocol: "1000-2999: reserved for the protocol; must not be sent"
        case .registered: "3000-3999: registered with IANA for libraries and frameworks"
        case .applicationPrivate: "4000-4999: private use by applications (no registration)"
        case .invalidAbove4999: "5000 and above: outside every range, never valid"
        }
    }
}
