public import Analysis
import PacketDecoding
import TCPReassembly
import WireBytes

/// `wslens overhead` as text or Markdown: where every captured byte went, per layer, and what the
/// same WebSocket messages would cost over HTTP/1.1.
public enum OverheadView {
    public static func render(_ connections: [OverheadAnalysis.Connection], report: AnalysisReport,
                              style: Style, markdown: Bool, allMessages: Bool) -> String {
        var blocks: [String] = []
        for connection in connections {
            blocks.append(renderConnection(connection, markdown: markdown, style: style, allMessages: allMessages))
        }
        blocks.append(renderTotals(report, connections: connections, markdown: markdown, style: style))
        let text = blocks.joined(separator: "\n\n")
        return markdown ? text : style.fit(text)
    }

    // MARK: One connection

    static func renderConnection(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style, allMessages: Bool) -> String {
        let report = connection.report
        let arrow = style.ascii ? "->" : "→"
        let kind = connection.phases != nil ? "HTTP, then WebSocket"
            : report.isWebSocket ? "WebSocket" : report.http.client.messages > 0 ? "HTTP" : "TCP"
        var lines = [heading("Connection \(report.number): \(report.identity.client) \(arrow) \(report.identity.server) (\(kind))", markdown)]
        let retransmitted = (report.tcp.fromClient.retransmittedBytes, report.tcp.fromServer.retransmittedBytes)
        let hc = report.http.client, hs = report.http.server
        if let phases = connection.phases {
            let upgrade = phases.upgradePacket.map { "packet \($0)" } ?? "the Upgrade request"
            lines.append("")
            lines.append("Two phases on one keep-alive connection, each counted like a connection of its own; the WebSocket phase "
                         + "starts with \(upgrade), which carries the Upgrade request."
                         + (phases.isExact ? "" : " (The request's head was completed by a later packet than its first: "
                            + "the packets in between are counted in the HTTP phase.)"))
            lines.append("")
            lines.append(subheading("Phase 1: HTTP, the packets before \(upgrade)", markdown))
            lines.append("")
            var plain = PerPeer(client: hc, server: hs)
            plain.client.handshakeBytes = 0
            plain.server.handshakeBytes = 0
            lines.append(layerTable(rows(layers: phases.http, http: plain, webSocket: PerPeer(repeating: WebSocketBytes()),
                                         retransmitted: nil), markdown: markdown, style: style))
            lines.append("")
            lines.append(contentsOf: exchangeLines(connection, layers: phases.http, markdown: markdown, style: style, all: allMessages))
            lines.append("")
            lines.append(subheading("Phase 2: WebSocket, from \(upgrade) on", markdown))
            lines.append("")
            var handshake = PerPeer(repeating: HTTPBytes())
            handshake.client.handshakeBytes = hc.handshakeBytes
            handshake.server.handshakeBytes = hs.handshakeBytes
            lines.append(layerTable(rows(layers: phases.webSocket, http: handshake, webSocket: report.webSocket,
                                         retransmitted: nil), markdown: markdown, style: style))
            if retransmitted.0 + retransmitted.1 > 0 {
                lines.append("Retransmitted TCP payload (the whole connection, not split by phase): \(retransmitted.0) bytes from the client, \(retransmitted.1) from the server.")
            }
            lines.append("")
            lines.append("What one connection saves over two: the WebSocket phase opens no TCP connection of its own (no SYN, SYN-ACK, ACK) "
                         + "and the HTTP phase closes none (no FINs); the messages, the handshake's bytes and the header bytes per message, "
                         + "which the break-even below is computed from, are the same either way.")
        } else {
            lines.append("")
            lines.append(layerTable(rows(layers: report.layers, http: report.http, webSocket: report.webSocket,
                                         retransmitted: retransmitted), markdown: markdown, style: style))
            if report.http.client.messages > 0, !report.isWebSocket {
                lines.append("")
                lines.append(contentsOf: exchangeLines(connection, layers: report.layers, markdown: markdown, style: style, all: allMessages))
            }
        }

        if !connection.comparisons.isEmpty {
            lines.append("")
            lines.append(comparisonTable(connection, markdown: markdown, style: style))
            lines.append("")
            lines.append(contentsOf: notes(connection, style: style))
            lines.append("")
            lines.append(messageTable(connection, markdown: markdown, style: style, all: allMessages))
        }
        return lines.joined(separator: "\n")
    }

    /// The exchange table and its summary line, for the packets counted in `layers`.
    private static func exchangeLines(_ connection: OverheadAnalysis.Connection, layers: PerPeer<LayerBytes>,
                                      markdown: Bool, style: Style, all: Bool) -> [String] {
        let report = connection.report
        let exchanges = report.http.client.messages
        let tcpip = layers.client.linkHeaderBytes + layers.client.ipHeaderBytes + layers.client.tcpHeaderBytes
            + layers.server.linkHeaderBytes + layers.server.ipHeaderBytes + layers.server.tcpHeaderBytes
        let headers = report.http.client.headerBytes + report.http.server.headerBytes
        let bodies = report.http.client.bodyBytes + report.http.server.bodyBytes
        let scope = connection.phases == nil ? "all packets of the connection" : "all packets of this phase"
        return [exchangeTable(connection, markdown: markdown, style: style, all: all),
                "HTTP/1.1 exchanges: \(exchanges); per exchange on average \(average(headers, exchanges)) header bytes, "
                + "\(average(bodies, exchanges)) body bytes and \(average(tcpip, exchanges)) TCP/IP header bytes "
                + "(\(scope), ACKs included)."]
    }

    private static func subheading(_ text: String, _ markdown: Bool) -> String { markdown ? "#### " + text : text }

    private struct Row {
        var label: String
        var client: UInt64?
        var server: UInt64?
        var indent = 0
    }

    private static func rows(layers: PerPeer<LayerBytes>, http: PerPeer<HTTPBytes>, webSocket: PerPeer<WebSocketBytes>,
                             retransmitted: (UInt64, UInt64)?) -> [Row] {
        let c = layers.client, s = layers.server
        let hc = http.client, hs = http.server
        let wc = webSocket.client, ws = webSocket.server
        var rows = [
            Row(label: "packets", client: c.packets, server: s.packets),
            Row(label: "with payload", client: c.payloadPackets, server: s.payloadPackets, indent: 1),
            Row(label: "pure ACKs", client: c.pureAckPackets, server: s.pureAckPackets, indent: 1),
            Row(label: "captured bytes", client: c.capturedBytes, server: s.capturedBytes),
            Row(label: "link headers", client: c.linkHeaderBytes, server: s.linkHeaderBytes, indent: 1),
            Row(label: "IP headers", client: c.ipHeaderBytes, server: s.ipHeaderBytes, indent: 1),
            Row(label: "TCP headers", client: c.tcpHeaderBytes, server: s.tcpHeaderBytes, indent: 1),
            Row(label: "TCP payload", client: c.tcpPayloadBytes, server: s.tcpPayloadBytes, indent: 1),
        ]
        if hc.handshakeBytes + hs.handshakeBytes > 0 {
            rows.append(Row(label: "HTTP handshake", client: hc.handshakeBytes, server: hs.handshakeBytes, indent: 2))
        }
        if hc.headerBytes + hs.headerBytes > 0 {
            rows.append(Row(label: "HTTP headers", client: hc.headerBytes, server: hs.headerBytes, indent: 2))
            rows.append(Row(label: "HTTP bodies", client: hc.bodyBytes, server: hs.bodyBytes, indent: 2))
        }
        if wc.frames + ws.frames > 0 {
            rows.append(Row(label: "WebSocket headers", client: wc.headerBytes, server: ws.headerBytes, indent: 2))
            rows.append(Row(label: "2-byte base", client: wc.baseHeaderBytes, server: ws.baseHeaderBytes, indent: 3))
            rows.append(Row(label: "extended length", client: wc.extendedLengthBytes, server: ws.extendedLengthBytes, indent: 3))
            rows.append(Row(label: "masking keys", client: wc.maskingKeyBytes, server: ws.maskingKeyBytes, indent: 3))
            rows.append(Row(label: "WebSocket payload", client: wc.payloadBytes, server: ws.payloadBytes, indent: 2))
        }
        if let retransmitted, retransmitted.0 + retransmitted.1 > 0 {
            rows.append(Row(label: "retransmitted", client: retransmitted.0, server: retransmitted.1, indent: 2))
        }
        if c.linkTrailerBytes + s.linkTrailerBytes > 0 {
            rows.append(Row(label: "link padding", client: c.linkTrailerBytes, server: s.linkTrailerBytes, indent: 1))
        }
        return rows
    }

    private static func layerTable(_ rows: [Row], markdown: Bool, style: Style) -> String {
        let arrow = style.ascii ? "->" : "→"
        var table = TextTable(columns: [.init("where the bytes went"), .init("client \(arrow) server", .right),
                                        .init("server \(arrow) client", .right), .init("total", .right)])
        for row in rows {
            let indent = markdown ? String(repeating: "· ", count: row.indent) : String(repeating: "  ", count: row.indent)
            let total = (row.client ?? 0) + (row.server ?? 0)
            table.append([indent + row.label, row.client.map(String.init) ?? "", row.server.map(String.init) ?? "", "\(total)"])
        }
        return markdown ? table.renderMarkdown() : table.render(style: style)
    }

    private static func comparisonTable(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style) -> String {
        guard let first = connection.comparisons.first else { return "" }
        var columns: [TextTable.Column] = [.init("the same \(first.messages) messages"), .init("WebSocket", .right)]
        for comparison in connection.comparisons { columns.append(.init("HTTP \(comparison.model.kind.rawValue)", .right)) }
        var table = TextTable(columns: columns)
        table.append(["handshake bytes", "\(first.handshakeBytes)"] + connection.comparisons.map { _ in "0" })
        table.append(["header bytes per message", perMessage(first.webSocketHeaderBytes, first.messages)]
                     + connection.comparisons.map { perMessage($0.httpHeaderBytes, $0.messages) })
        table.append(["all header bytes", "\(first.webSocketTotal)"] + connection.comparisons.map { "\($0.httpHeaderBytes)" })
        table.append(["payload bytes (the same)", "\(first.payloadBytes)"] + connection.comparisons.map { "\($0.payloadBytes)" })
        table.append(["headers / payload", ratio(first.webSocketRatio)] + connection.comparisons.map { ratio($0.httpRatio) })
        var text = markdown ? table.renderMarkdown() : table.render(style: style)
        if !markdown {
            let widest = max(first.webSocketTotal, connection.comparisons.map(\.httpHeaderBytes).max() ?? 0)
            text += "\n\n" + bar("WebSocket", first.webSocketTotal, of: widest, style: style)
            for comparison in connection.comparisons {
                text += "\n" + bar("HTTP \(comparison.model.kind.rawValue)", comparison.httpHeaderBytes, of: widest, style: style)
            }
        }
        return text
    }

    private static func notes(_ connection: OverheadAnalysis.Connection, style: Style) -> [String] {
        var lines: [String] = []
        for comparison in connection.comparisons {
            let model = comparison.model
            switch model.kind {
            case .minimal:
                lines.append("HTTP minimal: every server message costs one polling request (\(model.pollingRequestBytes) bytes: "
                             + "\"GET \(model.target) HTTP/1.1\" and \"Host: \(TerminalSafe.escape(model.host))\") and a 200 OK with Content-Length; "
                             + "every client message a POST with Content-Length and an empty 200 OK.")
            case .realistic:
                let responses = model.observedResponseHeadBytes.map { "\($0)-byte responses as this capture's own HTTP responses" }
                    ?? "minimal 200 OK responses (the capture has no plain HTTP responses)"
                lines.append("HTTP realistic: the headers this client sent in its handshake (WebSocket headers removed, "
                             + "\(model.pollingRequestBytes) bytes per polling request) and \(responses).")
            }
            if let breakEven = comparison.breakEvenMessages {
                lines.append("  Against HTTP \(model.kind.rawValue), the \(comparison.handshakeBytes)-byte handshake has paid for itself after "
                             + "\(breakEven) message\(breakEven == 1 ? "" : "s")" + (comparison.breakEvenProjected ? " (projected beyond this capture)." : "."))
            } else {
                lines.append("  Against HTTP \(model.kind.rawValue), the handshake never pays for itself here.")
            }
        }
        return lines
    }

    private static func exchangeTable(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style, all: Bool) -> String {
        let report = connection.report
        var table = TextTable(columns: [.init("#", .right), .init("request"), .init("status", .right),
                                        .init("req. head", .right), .init("req. body", .right),
                                        .init("resp. head", .right), .init("resp. body", .right),
                                        .init("packets", .right), .init("TCP/IP ≈", .right)])
        let shown = all ? report.httpExchanges : Array(report.httpExchanges.prefix(10))
        for (number, exchange) in shown.enumerated() {
            let tcpip = Double(exchange.requestPackets) * connection.httpHeaderBytesPerPacket(from: .client)
                + Double(exchange.responsePackets) * connection.httpHeaderBytesPerPacket(from: .server)
            let request = TerminalSafe.escape(exchange.method + " " + String(exchange.target.prefix(40)))
            table.append(["\(number)", request, exchange.status.map(String.init) ?? "-",
                          "\(exchange.requestHeadBytes)", "\(exchange.requestBodyBytes)",
                          "\(exchange.responseHeadBytes)", "\(exchange.responseBodyBytes)",
                          "\(exchange.requestPackets + exchange.responsePackets)", "\(Int(tcpip.rounded()))"])
        }
        var text = markdown ? table.renderMarkdown() : table.render(style: style)
        if report.httpExchanges.count > shown.count {
            text += "\n(first \(shown.count) of \(report.httpExchanges.count) exchanges; --all shows every one)"
        }
        text += "\nTCP/IP ≈: the exchange's packets times the average link + IP + TCP header bytes per packet of each direction."
        return style.ascii ? text.replacingAll("≈", with: "~") : text
    }

    private static func messageTable(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style, all: Bool) -> String {
        let arrow = style.ascii ? "->" : "→", back = style.ascii ? "<-" : "←"
        var columns: [TextTable.Column] = [.init("msg", .right), .init("dir"), .init("payload", .right), .init("WS header", .right),
                                           .init("packets", .right), .init("TCP/IP ≈", .right)]
        for comparison in connection.comparisons { columns.append(.init("HTTP \(comparison.model.kind.rawValue)", .right)) }
        var table = TextTable(columns: columns)
        for message in connection.messages {
            let tcpip = Double(message.packets) * connection.headerBytesPerPacket(from: message.from)
            table.append(["\(message.index)", message.from == .client ? arrow : back, "\(message.payloadBytes)",
                          "\(message.webSocketHeaderBytes)", "\(message.packets)", "\(Int(tcpip.rounded()))"]
                         + connection.comparisons.map { "\($0.model.headerBytes(forMessageFrom: message.from, length: message.payloadBytes))" })
        }
        var text = markdown ? table.renderMarkdown() : table.render(style: style)
        if style.ascii { text = text.replacingAll("≈", with: "~") }
        if connection.messageCount > connection.messages.count {
            text += "\n(first \(connection.messages.count) of \(connection.messageCount) messages; --all shows every one)"
        }
        text += "\nTCP/IP ≈: the message's packets times this direction's average link + IP + TCP header bytes per packet."
        return style.ascii ? text.replacingAll("≈", with: "~") : text
    }

    // MARK: The whole capture

    static func renderTotals(_ report: AnalysisReport, connections: [OverheadAnalysis.Connection], markdown: Bool, style: Style) -> String {
        let totals = report.totals
        let tcpCaptured = connections.reduce(UInt64(0)) { $0 + $1.report.layers.client.capturedBytes + $1.report.layers.server.capturedBytes }
        var table = TextTable(columns: [.init("the whole capture"), .init("bytes", .right), .init("share", .right)])
        func add(_ label: String, _ value: UInt64) {
            table.append([label, "\(value)", percent(value, of: totals.capturedBytes)])
        }
        add("captured bytes (\(totals.packets) packets)", totals.capturedBytes)
        add("  link headers", totals.linkHeaderBytes)
        add("  IP headers", totals.ipHeaderBytes)
        add("  TCP headers", totals.tcpHeaderBytes)
        add("  TCP payload", totals.tcpPayloadBytes)
        if totals.linkTrailerBytes > 0 { add("  link padding", totals.linkTrailerBytes) }
        for kind in report.otherPackets.bytes.keys.sorted() {
            add("  not TCP: \(kind) (\(report.otherPackets.packets[kind]!) packets)", report.otherPackets.bytes[kind]!)
        }
        var text = heading("All \(connections.count) TCP connection\(connections.count == 1 ? "" : "s")", markdown) + "\n\n"
        text += markdown ? table.renderMarkdown() : table.render(style: style)
        let accounted = totals.linkHeaderBytes + totals.ipHeaderBytes + totals.tcpHeaderBytes + totals.tcpPayloadBytes
            + totals.linkTrailerBytes + report.otherPackets.totalBytes
        text += "\nEvery captured byte is counted once: \(accounted) of \(totals.capturedBytes) bytes accounted for"
            + (tcpCaptured + report.otherPackets.totalBytes == totals.capturedBytes ? "." : " (\(tcpCaptured) in TCP connections).")
        return text
    }

    // MARK: Helpers

    private static func heading(_ text: String, _ markdown: Bool) -> String { markdown ? "### " + text : text }

    private static func bar(_ label: String, _ value: UInt64, of widest: UInt64, style: Style) -> String {
        // The bar leaves room for the label and the figure after it.
        let width = max(10, min(40, style.width - 30))
        let eighths = widest == 0 ? 0 : Int((Double(value) / Double(widest) * Double(width * 8)).rounded())
        let blocks: String
        if style.ascii {
            blocks = String(repeating: "#", count: eighths / 8)
        } else {
            let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
            blocks = String(repeating: "█", count: eighths / 8) + partial
        }
        return TextViews.pad(label, 16) + " " + TextViews.pad(blocks, width) + " \(value) B"
    }

    private static func perMessage(_ total: UInt64, _ count: Int) -> String {
        count == 0 ? "-" : SummaryView.format3(Double(total) / Double(count)).dropLastZeros()
    }

    private static func average(_ total: UInt64, _ count: UInt64) -> String {
        count == 0 ? "0" : SummaryView.format3(Double(total) / Double(count)).dropLastZeros()
    }

    private static func ratio(_ value: Double) -> String { SummaryView.format3(value).dropLastZeros() }

    private static func percent(_ value: UInt64, of total: UInt64) -> String {
        guard total > 0 else { return "-" }
        let tenths = Int((Double(value) / Double(total) * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}

extension String {
    /// "12.500" -> "12.5", "3.000" -> "3".
    func dropLastZeros() -> String {
        guard contains(".") else { return self }
        var text = self
        while text.last == "0" { text.removeLast() }
        if text.last == "." { text.removeLast() }
        return text
    }
}
