public import Analysis
import HTTPUpgrade
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes

/// The per-connection summary: the handshake's request and response lines and key headers with
/// the accept check, negotiated subprotocol and extensions, counts per direction, the close.
public enum SummaryView {
    /// Where a head was cut: the bytes the capture has, the line the cut broke, the bytes missing.
    private static func cutLine(_ cut: HeadTruncation) -> String {
        let broken = cut.brokenLine.map { " in the line \"" + safe($0) + "…\"" } ?? ""
        return "    … cut\(broken): the capture holds the first \(cut.visibleLength) bytes of this head, \(cut.missingLength) bytes after them are missing"
    }

    public static func render(_ report: ConnectionReport, ascii: Bool) -> String {
        render(report, style: Style(ascii: ascii))
    }

    public static func render(_ report: ConnectionReport, style: Style, markdown: Bool = false) -> String {
        var out = SectionWriter(markdown: markdown, style: style)
        let identity = report.identity
        out.heading("Connection \(identity.number): client \(identity.client) → server \(identity.server)"
                    + (identity.roleBasis.isGuess ? " (roles guessed from the ports)" : ""), level: 2)
        if let tls = report.tls {
            out.line(TLSView.line(tls))
        }
        if let reason = report.notWebSocketReason {
            out.line("Not WebSocket: " + safe(NotWebSocketView.line(reason)) + ".")
            out.blank()
        } else if report.tls != nil {
            out.blank()
        }
        if let record = report.handshake {
            let handshake = record.handshake
            out.heading("Handshake (request in packet \(record.requestPacket.map(String.init) ?? "?"), response in packet \(record.responsePacket.map(String.init) ?? "?"))")
            var lines: [String] = []
            if let request = record.requestHead {
                lines.append(C.rightArrow + " " + safe("\(request.method) \(request.target) \(request.version)"))
                for name in ["Host", "Origin", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                             "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"] {
                    for value in request.headers.values(for: name) { lines.append("    \(name): " + safe(value)) }
                }
                if let cut = request.truncation { lines.append(cutLine(cut)) }
            } else {
                lines.append(C.rightArrow + " " + safe("\(handshake.method) \(handshake.target)") + " (request head not kept)")
            }
            let response = record.responseHead
            lines.append(C.leftArrow + " " + safe("\(response.version) \(response.status) \(response.reason)"))
            for name in ["Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"] {
                for value in response.headers.values(for: name) {
                    var line = "    \(name): " + safe(value)
                    if name == "Sec-WebSocket-Accept" {
                        switch record.acceptCheck {
                        case true?: line += "  " + C.check + " matches the key"
                        case false?: line += "  " + C.cross + " expected " + safe(handshake.expectedAccept ?? "?")
                        case nil: line += "  (not checked: " + (record.acceptNotCheckedReason ?? "") + ")"
                        }
                    }
                    lines.append(line)
                }
            }
            if let cut = response.truncation {
                lines.append(cutLine(cut))
            } else if handshake.accept == nil, handshake.status == 101 {
                lines.append("    Sec-WebSocket-Accept missing  " + C.cross)
            }
            out.code(lines)
            var facts: [String] = []
            let accept = record.acceptCheck.map { $0 ? C.check + " valid" : C.cross + " wrong" }
                ?? "not checked (" + (record.acceptNotCheckedReason ?? "") + ")"
            facts.append("accept key: " + accept
                         + (handshake.key.map { "  (`wslens accept \(safe($0))` shows the computation)" } ?? ""))
            if !handshake.notChecked.isEmpty {
                facts.append("not checked (cut off by the snapshot length or lost): " + safe(handshake.notChecked.joined(separator: ", ")))
            }
            facts.append("version: " + safe(handshake.version ?? (record.requestHead?.truncation != nil ? "(cut off)" : "(missing)")) + ", status: " + (handshake.status.map(String.init) ?? "(no response)"))
            if !handshake.offeredSubprotocols.isEmpty || handshake.subprotocol != nil {
                facts.append("subprotocol: " + safe(handshake.subprotocol ?? "none chosen") + " (offered: "
                             + safe(handshake.offeredSubprotocols.joined(separator: ", ")) + ")")
            } else {
                facts.append("subprotocol: none")
            }
            if handshake.offeredExtensions.isEmpty {
                facts.append("extensions: none")
            } else {
                facts.append("extensions: " + (handshake.extensions.isEmpty ? "none accepted" : safe(handshake.extensions.map(\.description).joined(separator: ", ")))
                             + " (offered: " + safe(handshake.offeredExtensions.map(\.description).joined(separator: ", ")) + ")")
            }
            if report.isWebSocket, report.http.client.messages > 0 {
                let requests = report.http.client.messages, responses = report.http.server.messages
                facts.append("before the Upgrade: \(requests) plain HTTP request\(requests == 1 ? "" : "s") and \(responses) response\(responses == 1 ? "" : "s") "
                             + "on this connection (`wslens overhead` counts the two phases)")
            }
            for fact in facts { out.line(fact) }
            out.blank()
        } else if report.isWebSocketByHeuristic {
            out.line("Handshake not in the capture: WebSocket recognised from its framing.")
            out.blank()
        }
        if report.isWebSocket {
            out.heading("Traffic")
            var table = TextTable(columns: [.init("from"), .init("frames", .right), .init("data", .right), .init("control", .right),
                                            .init("messages", .right), .init("header bytes", .right), .init("payload bytes", .right)])
            for peer in [Peer.client, .server] {
                let counts = report.frameCounts[peer]
                table.append([peer.rawValue, "\(counts?.frames ?? 0)", "\(counts?.dataFrames ?? 0)", "\(counts?.controlFrames ?? 0)",
                              "\(counts?.messages ?? 0)", "\(counts?.headerBytes ?? 0)", "\(counts?.payloadBytes ?? 0)"])
            }
            out.table(table)
            if let close = report.close { out.line(endLine(close)) }
            for timing in report.pingPongs.prefix(5) { out.line(pingLine(timing)) }
        }
        if report.findingCounts.isEmpty {
            out.line("findings: none " + C.check)
        } else {
            out.line("findings: " + report.findingCounts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
                     + "  (`wslens check` explains them)")
        }
        return out.finish() + "\n"
    }

    /// How the connection ended, in words (`close.end`).
    static func endLine(_ close: WebSocketCloseSummary) -> String {
        func describe(_ info: WebSocketCloseFrameInfo) -> String {
            let code = info.code?.label ?? "no status code"
            return code + (info.reason.isEmpty ? "" : " " + TerminalSafe.quoted(bytes: info.reason))
        }
        let tcp = close.transport == .reset ? "TCP was reset (RST)" : "TCP was closed (FIN)"
        guard let end = close.end else { return "close: not known yet" }
        switch end {
        case .closeHandshake:
            guard let first = close.first, let reply = close.reply else { return "close: both sides sent a close frame " + C.check }
            let same = reply.code == first.code
            return "close: the \(first.from.rawValue) closed first with \(describe(first)); the \(reply.from.rawValue) answered with "
                + describe(reply) + (same ? " " + C.check
                    : " (another code: endpoints typically echo the code, RFC 6455 does not require it)")
        case .closeNotAnswered:
            guard let first = close.first else { return "close: not answered" }
            return "close: the \(first.from.rawValue) closed with \(describe(first)); the \(first.from.opposite.rawValue) never answered before \(tcp) " + C.cross
        case .closingAtCaptureEnd:
            guard let first = close.first else { return "close: the capture ended while closing" }
            return "close: the \(first.from.rawValue) closed with \(describe(first)); the capture ended before the \(first.from.opposite.rawValue) answered and before TCP closed (nothing to judge)"
        case .tcpClosedWithoutClose:
            return "close: \(tcp) without a close frame (reported as 1006 Abnormal Closure)"
        case .openAtCaptureEnd:
            return "close: none; the connection was still open when the capture ended (no close frame, no FIN, no RST): nothing ended, the capture did"
        case .unreadAtEnd:
            let sides = close.unreadSides.count == 2 ? "both sides' streams" : "the \(close.unreadSides.first?.rawValue ?? "?")'s stream"
            return "close: not known; the rest of \(sides) could not be decrypted (see the TLS findings), so close frames may be in it"
        }
    }

    /// One ping and what became of it.
    static func pingLine(_ timing: PingPongTiming) -> String {
        let pair = timing.pair
        let frame = pair.pingFrameIndex.map(String.init) ?? "?"
        let differs = pair.payloadMatches || pair.pongFrameIndex == nil ? "" : ", pong payload differs"
        let after = timing.observedAfter.map { format3($0) } ?? "?"
        switch timing.outcome {
        case .answered:
            return "ping from the \(pair.pingFrom.rawValue) (frame \(frame)): "
                + (timing.roundTrip.map { "pong after " + format3($0 * 1000) + " ms" } ?? "answered") + differs
        case .unanswered:
            return "ping from the \(pair.pingFrom.rawValue) (frame \(frame)): no pong in the \(after) s of capture after it "
                + C.cross + " (unanswered: at least 1 s and 10 × the longest round trip)"
        case .tooSoonToTell:
            return "ping from the \(pair.pingFrom.rawValue) (frame \(frame)): no pong yet; the capture shows only \(after) s of the connection after it, too soon to tell"
        case .unsolicitedPong:
            return "unsolicited pong from the \(pair.pingFrom.opposite.rawValue) (frame \(pair.pongFrameIndex.map(String.init) ?? "?")), answering no ping"
        }
    }

    /// Symbols replaced by `Style.asciiSafe` at the end when `--ascii` is set.
    private enum C {
        static let check = "✓"
        static let cross = "✗"
        static let rightArrow = "→"
        static let leftArrow = "←"
    }

    private static func safe(_ text: String) -> String { TerminalSafe.escape(text) }

    static func format3(_ value: Double) -> String {
        let scaled = Int64((value * 1000).rounded())
        let fraction = String(abs(scaled) % 1000)
        return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

