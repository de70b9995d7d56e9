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
    private static func cutLine(_ cut: HeadTruncation, style: Style) -> String {
        let what = cut.brokenLine.map { style.tr("summary.cutInLine", "\"" + safe($0) + "…\"") } ?? style.tr("summary.cut")
        return "    … " + what + ": " + style.tr("summary.cutDetail", cut.visibleLength, cut.missingLength)
    }

    /// Why the accept key was not checked (the analysis says it in English for JSON).
    private static func acceptNotChecked(_ record: HandshakeRecord, style: Style) -> String {
        let handshake = record.handshake
        if handshake.status != 101 {
            return handshake.status.map { style.tr("summary.accept.notChecked.status", $0) } ?? style.tr("summary.accept.notChecked.noResponse")
        }
        return style.tr(handshake.expectedAccept != nil ? "summary.accept.notChecked.cut" : "summary.accept.notChecked.noKey")
    }

    public static func render(_ report: ConnectionReport, style: Style, markdown: Bool = false) -> String {
        var out = SectionWriter(markdown: markdown, style: style)
        let identity = report.identity
        out.heading(style.tr("summary.connection", identity.number, "\(identity.client)", "\(identity.server)")
                    + (identity.roleBasis.isGuess ? " " + style.tr("summary.rolesGuessed") : ""), level: 2)
        if let tls = report.tls {
            out.line(TLSView.line(tls, style: style))
        }
        if let reason = report.notWebSocketReason {
            out.line(style.tr("summary.notWebSocket", safe(NotWebSocketView.line(reason, style: style))))
            out.blank()
        } else if report.tls != nil {
            out.blank()
        }
        if let record = report.handshake {
            let handshake = record.handshake
            out.heading(style.tr("summary.handshake", record.requestPacket.map(String.init) ?? "?", record.responsePacket.map(String.init) ?? "?"))
            var lines: [String] = []
            if let request = record.requestHead {
                lines.append(C.rightArrow + " " + safe("\(request.method) \(request.target) \(request.version)"))
                for name in ["Host", "Origin", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                             "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"] {
                    for value in request.headers.values(for: name) { lines.append("    \(name): " + safe(value)) }
                }
                if let cut = request.truncation { lines.append(cutLine(cut, style: style)) }
            } else {
                lines.append(C.rightArrow + " " + safe("\(handshake.method) \(handshake.target)") + " " + style.tr("summary.requestNotKept"))
            }
            let response = record.responseHead
            lines.append(C.leftArrow + " " + safe("\(response.version) \(response.status) \(response.reason)"))
            for name in ["Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"] {
                for value in response.headers.values(for: name) {
                    var line = "    \(name): " + safe(value)
                    if name == "Sec-WebSocket-Accept" {
                        switch record.acceptCheck {
                        case true?: line += "  " + C.check + " " + style.tr("summary.accept.matches")
                        case false?: line += "  " + C.cross + " " + style.tr("summary.accept.expected", safe(handshake.expectedAccept ?? "?"))
                        case nil: line += "  " + style.tr("summary.accept.notCheckedParenthesis", acceptNotChecked(record, style: style))
                        }
                    }
                    lines.append(line)
                }
            }
            if let cut = response.truncation {
                lines.append(cutLine(cut, style: style))
            } else if handshake.accept == nil, handshake.status == 101 {
                lines.append("    " + style.tr("summary.accept.missing") + "  " + C.cross)
            }
            out.code(lines)
            var facts: [String] = []
            let accept = record.acceptCheck.map { $0 ? C.check + " " + style.tr("summary.accept.valid") : C.cross + " " + style.tr("summary.accept.wrong") }
                ?? style.tr("summary.accept.notChecked", acceptNotChecked(record, style: style))
            facts.append(style.tr("summary.accept.label") + " " + accept
                         + (handshake.key.map { "  " + style.tr("summary.accept.howTo", "`wslens accept \(safe($0))`") } ?? ""))
            if !handshake.notChecked.isEmpty {
                facts.append(style.tr("summary.notCheckedCut", safe(handshake.notChecked.joined(separator: ", "))))
            }
            facts.append(style.tr("summary.version", safe(handshake.version ?? style.tr(record.requestHead?.truncation != nil ? "summary.cutOff" : "summary.missing")),
                                  handshake.status.map(String.init) ?? style.tr("summary.noResponse")))
            if !handshake.offeredSubprotocols.isEmpty || handshake.subprotocol != nil {
                facts.append(style.tr("summary.subprotocolOffered", safe(handshake.subprotocol ?? style.tr("summary.subprotocolNoneChosen")),
                                      safe(handshake.offeredSubprotocols.joined(separator: ", "))))
            } else {
                facts.append(style.tr("summary.subprotocolNone"))
            }
            if handshake.offeredExtensions.isEmpty {
                facts.append(style.tr("summary.extensionsNone"))
            } else {
                facts.append(style.tr("summary.extensionsOffered",
                                      handshake.extensions.isEmpty ? style.tr("summary.extensionsNoneAccepted")
                                        : safe(handshake.extensions.map(\.description).joined(separator: ", ")),
                                      safe(handshake.offeredExtensions.map(\.description).joined(separator: ", "))))
            }
            if report.isWebSocket, report.http.client.messages > 0 {
                let requests = report.http.client.messages, responses = report.http.server.messages
                facts.append(style.tr("summary.beforeUpgrade", style.tr("summary.plainRequests", requests), style.tr("notWebSocket.responses", responses)))
            }
            for fact in facts { out.line(fact) }
            out.blank()
        } else if report.isWebSocketByHeuristic {
            out.line(style.tr("summary.handshakeNotCaptured"))
            out.blank()
        }
        if report.isWebSocket {
            out.heading(style.tr("summary.traffic"))
            let columns = ["from", "frames", "data", "control", "messages", "headerBytes", "payloadBytes"].map { style.tr("summary.column." + $0) }
            var table = TextTable(columns: columns.indices.map { .init(columns[$0], $0 == 0 ? .left : .right) })
            for peer in [Peer.client, .server] {
                let counts = report.frameCounts[peer]
                table.append([style.tr("peer." + peer.rawValue), "\(counts?.frames ?? 0)", "\(counts?.dataFrames ?? 0)", "\(counts?.controlFrames ?? 0)",
                              "\(counts?.messages ?? 0)", "\(counts?.headerBytes ?? 0)", "\(counts?.payloadBytes ?? 0)"])
            }
            out.table(table)
            if let close = report.close { out.line(endLine(close, style: style)) }
            for timing in report.pingPongs.prefix(5) { out.line(pingLine(timing, style: style)) }
        }
        if report.findingCounts.isEmpty {
            out.line(style.tr("summary.findingsNone") + " " + C.check)
        } else {
            out.line(style.tr("summary.findings", report.findingCounts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")))
        }
        return out.finish() + "\n"
    }

    /// How the connection ended, in words (`close.end`).
    static func endLine(_ close: WebSocketCloseSummary, style: Style = .plain) -> String {
        func describe(_ info: WebSocketCloseFrameInfo) -> String {
            let code = info.code.map { CloseCodeWords.label($0, style: style) } ?? style.tr("summary.close.noCode")
            return code + (info.reason.isEmpty ? "" : " " + style.quoted(bytes: info.reason))
        }
        func peer(_ peer: Peer) -> String { style.tr("peer." + peer.rawValue) }
        let tcp = style.tr(close.transport == .reset ? "summary.close.tcpReset" : "summary.close.tcpClosed")
        guard let end = close.end else { return style.tr("summary.close.notKnown") }
        switch end {
        case .closeHandshake:
            guard let first = close.first, let reply = close.reply else { return style.tr("summary.close.both") + " " + C.check }
            let same = reply.code == first.code
            return style.tr("summary.close.answered", peer(first.from), describe(first), peer(reply.from), describe(reply))
                + (same ? " " + C.check : " " + style.tr("summary.close.anotherCode"))
        case .closeNotAnswered:
            guard let first = close.first else { return style.tr("summary.close.notAnswered") }
            return style.tr("summary.close.neverAnswered", peer(first.from), describe(first), peer(first.from.opposite), tcp) + " " + C.cross
        case .closingAtCaptureEnd:
            guard let first = close.first else { return style.tr("summary.close.endedWhileClosing") }
            return style.tr("summary.close.captureEndedBeforeAnswer", peer(first.from), describe(first), peer(first.from.opposite))
        case .tcpClosedWithoutClose:
            return style.tr("summary.close.withoutCloseFrame", tcp)
        case .openAtCaptureEnd:
            return style.tr("summary.close.open")
        }
    }

    /// One ping and what became of it.
    static func pingLine(_ timing: PingPongTiming, style: Style = .plain) -> String {
        let pair = timing.pair
        let frame = pair.pingFrameIndex.map(String.init) ?? "?"
        let differs = pair.payloadMatches || pair.pongFrameIndex == nil ? "" : ", " + style.tr("summary.ping.payloadDiffers")
        let after = timing.observedAfter.map { style.decimal(format3($0)) } ?? "?"
        let pinger = style.tr("peer." + pair.pingFrom.rawValue)
        switch timing.outcome {
        case .answered:
            return style.tr("summary.ping.from", pinger, frame) + " "
                + (timing.roundTrip.map { style.tr("summary.ping.pongAfter", style.decimal(format3($0 * 1000))) } ?? style.tr("summary.ping.answered")) + differs
        case .unanswered:
            return style.tr("summary.ping.from", pinger, frame) + " " + style.tr("summary.ping.noPong", after, C.cross)
        case .tooSoonToTell:
            return style.tr("summary.ping.from", pinger, frame) + " " + style.tr("summary.ping.tooSoon", after)
        case .unsolicitedPong:
            return style.tr("summary.ping.unsolicited", style.tr("peer." + pair.pingFrom.opposite.rawValue),
                            pair.pongFrameIndex.map(String.init) ?? "?")
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

