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
        let kind = connection.phases != nil ? style.tr("overhead.kind.httpThenWebSocket")
            : report.isWebSocket ? "WebSocket" : report.http.client.messages > 0 ? "HTTP" : "TCP"
        var lines = [heading(style.tr("overhead.connection", report.number, report.identity.client.description, arrow,
                                      report.identity.server.description, kind), markdown)]
        let retransmitted = (report.tcp.fromClient.retransmittedBytes, report.tcp.fromServer.retransmittedBytes)
        let hc = report.http.client, hs = report.http.server
        if let phases = connection.phases {
            let upgrade = phases.upgradePacket.map { style.tr("overhead.upgradePacket", $0) } ?? style.tr("overhead.upgradeRequest")
            lines.append("")
            lines.append(style.tr("overhead.phases", upgrade) + (phases.isExact ? "" : style.tr("overhead.phases.inexact")))
            lines.append("")
            lines.append(subheading(style.tr("overhead.phase1", upgrade), markdown))
            lines.append("")
            var plain = PerPeer(client: hc, server: hs)
            plain.client.handshakeBytes = 0
            plain.server.handshakeBytes = 0
            lines.append(layerTable(rows(layers: phases.http, http: plain, webSocket: PerPeer(repeating: WebSocketBytes()),
                                         retransmitted: nil, style: style), markdown: markdown, style: style))
            lines.append("")
            lines.append(contentsOf: exchangeLines(connection, layers: phases.http, markdown: markdown, style: style, all: allMessages))
            lines.append("")
            lines.append(subheading(style.tr("overhead.phase2", upgrade), markdown))
            lines.append("")
            var handshake = PerPeer(repeating: HTTPBytes())
            handshake.client.handshakeBytes = hc.handshakeBytes
            handshake.server.handshakeBytes = hs.handshakeBytes
            lines.append(layerTable(rows(layers: phases.webSocket, http: handshake, webSocket: report.webSocket,
                                         retransmitted: nil, style: style), markdown: markdown, style: style))
            if retransmitted.0 + retransmitted.1 > 0 {
                lines.append(style.tr("overhead.retransmittedWhole", retransmitted.0, retransmitted.1))
            }
            lines.append("")
            lines.append(style.tr("overhead.oneSavesOverTwo"))
        } else {
            lines.append("")
            lines.append(layerTable(rows(layers: report.layers, http: report.http, webSocket: report.webSocket,
                                         retransmitted: retransmitted, style: style), markdown: markdown, style: style))
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
        let scope = style.tr(connection.phases == nil ? "overhead.scope.connection" : "overhead.scope.phase")
        return [exchangeTable(connection, markdown: markdown, style: style, all: all),
                style.tr("overhead.exchanges", exchanges, style.decimal(average(headers, exchanges)),
                         style.decimal(average(bodies, exchanges)), style.decimal(average(tcpip, exchanges)), scope)]
    }

    private static func subheading(_ text: String, _ markdown: Bool) -> String { markdown ? "#### " + text : text }

    private struct Row {
        var label: String
        var client: UInt64?
        var server: UInt64?
        var indent = 0
    }

    private static func rows(layers: PerPeer<LayerBytes>, http: PerPeer<HTTPBytes>, webSocket: PerPeer<WebSocketBytes>,
                             retransmitted: (UInt64, UInt64)?, style: Style) -> [Row] {
        func w(_ name: String) -> String { style.tr("overhead.row." + name) }
        let c = layers.client, s = layers.server
        let hc = http.client, hs = http.server
        let wc = webSocket.client, ws = webSocket.server
        var rows = [
            Row(label: w("packets"), client: c.packets, server: s.packets),
            Row(label: w("withPayload"), client: c.payloadPackets, server: s.payloadPackets, indent: 1),
            Row(label: w("pureAcks"), client: c.pureAckPackets, server: s.pureAckPackets, indent: 1),
            Row(label: w("capturedBytes"), client: c.capturedBytes, server: s.capturedBytes),
            Row(label: w("linkHeaders"), client: c.linkHeaderBytes, server: s.linkHeaderBytes, indent: 1),
            Row(label: w("ipHeaders"), client: c.ipHeaderBytes, server: s.ipHeaderBytes, indent: 1),
            Row(label: w("tcpHeaders"), client: c.tcpHeaderBytes, server: s.tcpHeaderBytes, indent: 1),
            Row(label: w("tcpPayload"), client: c.tcpPayloadBytes, server: s.tcpPayloadBytes, indent: 1),
        ]
        if hc.handshakeBytes + hs.handshakeBytes > 0 {
            rows.append(Row(label: w("httpHandshake"), client: hc.handshakeBytes, server: hs.handshakeBytes, indent: 2))
        }
        if hc.headerBytes + hs.headerBytes > 0 {
            rows.append(Row(label: w("httpHeaders"), client: hc.headerBytes, server: hs.headerBytes, indent: 2))
            rows.append(Row(label: w("httpBodies"), client: hc.bodyBytes, server: hs.bodyBytes, indent: 2))
        }
        if wc.frames + ws.frames > 0 {
            rows.append(Row(label: w("webSocketHeaders"), client: wc.headerBytes, server: ws.headerBytes, indent: 2))
            rows.append(Row(label: w("baseHeader"), client: wc.baseHeaderBytes, server: ws.baseHeaderBytes, indent: 3))
            rows.append(Row(label: w("extendedLength"), client: wc.extendedLengthBytes, server: ws.extendedLengthBytes, indent: 3))
            rows.append(Row(label: w("maskingKeys"), client: wc.maskingKeyBytes, server: ws.maskingKeyBytes, indent: 3))
            rows.append(Row(label: w("webSocketPayload"), client: wc.payloadBytes, server: ws.payloadBytes, indent: 2))
        }
        if let retransmitted, retransmitted.0 + retransmitted.1 > 0 {
            rows.append(Row(label: w("retransmitted"), client: retransmitted.0, server: retransmitted.1, indent: 2))
        }
        if c.linkTrailerBytes + s.linkTrailerBytes > 0 {
            rows.append(Row(label: w("linkPadding"), client: c.linkTrailerBytes, server: s.linkTrailerBytes, indent: 1))
        }
        return rows
    }

    private static func layerTable(_ rows: [Row], markdown: Bool, style: Style) -> String {
        let arrow = style.ascii ? "->" : "→"
        var table = TextTable(columns: [.init(style.tr("overhead.column.where")), .init(style.tr("overhead.column.clientToServer", arrow), .right),
                                        .init(style.tr("overhead.column.serverToClient", arrow), .right),
                                        .init(style.tr("overhead.column.total"), .right)])
        for row in rows {
            let indent = markdown ? String(repeating: "· ", count: row.indent) : String(repeating: "  ", count: row.indent)
            let total = (row.client ?? 0) + (row.server ?? 0)
            table.append([indent + row.label, row.client.map(String.init) ?? "", row.server.map(String.init) ?? "", "\(total)"])
        }
        return markdown ? table.renderMarkdown() : table.render(style: style)
    }

    private static func comparisonTable(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style) -> String {
        guard let first = connection.comparisons.first else { return "" }
        var columns: [TextTable.Column] = [.init(style.tr("overhead.column.sameMessages", first.messages)), .init("WebSocket", .right)]
        for comparison in connection.comparisons { columns.append(.init(modelName(comparison.model.kind, style: style), .right)) }
        var table = TextTable(columns: columns)
        table.append([style.tr("overhead.compare.handshakeBytes"), "\(first.handshakeBytes)"] + connection.comparisons.map { _ in "0" })
        table.append([style.tr("overhead.compare.headerPerMessage"), style.decimal(perMessage(first.webSocketHeaderBytes, first.messages))]
                     + connection.comparisons.map { style.decimal(perMessage($0.httpHeaderBytes, $0.messages)) })
        table.append([style.tr("overhead.compare.allHeaders"), "\(first.webSocketTotal)"] + connection.comparisons.map { "\($0.httpHeaderBytes)" })
        table.append([style.tr("overhead.compare.payload"), "\(first.payloadBytes)"] + connection.comparisons.map { "\($0.payloadBytes)" })
        table.append([style.tr("overhead.compare.ratio"), style.decimal(ratio(first.webSocketRatio))]
                     + connection.comparisons.map { style.decimal(ratio($0.httpRatio)) })
        var text = markdown ? table.renderMarkdown() : table.render(style: style)
        if !markdown {
            let widest = max(first.webSocketTotal, connection.comparisons.map(\.httpHeaderBytes).max() ?? 0)
            text += "\n\n" + bar("WebSocket", first.webSocketTotal, of: widest, style: style)
            for comparison in connection.comparisons {
                text += "\n" + bar(modelName(comparison.model.kind, style: style), comparison.httpHeaderBytes, of: widest, style: style)
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
                lines.append(style.tr("overhead.note.minimal", model.pollingRequestBytes, style.quoted("GET \(model.target) HTTP/1.1"),
                                      style.quoted("Host: " + model.host)))
            case .realistic:
                let responses = model.observedResponseHeadBytes.map { style.tr("overhead.note.observedResponses", $0) }
                    ?? style.tr("overhead.note.minimalResponses")
                lines.append(style.tr("overhead.note.realistic", model.pollingRequestBytes, responses))
            }
            if let breakEven = comparison.breakEvenMessages {
                lines.append("  " + style.tr("overhead.breakEven", modelName(model.kind, style: style), comparison.handshakeBytes,
                                             style.tr("overhead.messageCount", breakEven))
                             + (comparison.breakEvenProjected ? style.tr("overhead.breakEven.projected") : "."))
            } else {
                lines.append("  " + style.tr("overhead.breakEven.never", modelName(model.kind, style: style)))
            }
        }
        return lines
    }

    private static func exchangeTable(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style, all: Bool) -> String {
        let report = connection.report
        var table = TextTable(columns: [.init("#", .right), .init(style.tr("overhead.column.request")),
                                        .init(style.tr("overhead.column.status"), .right),
                                        .init(style.tr("overhead.column.reqHead"), .right), .init(style.tr("overhead.column.reqBody"), .right),
                                        .init(style.tr("overhead.column.respHead"), .right), .init(style.tr("overhead.column.respBody"), .right),
                                        .init(style.tr("overhead.row.packets"), .right), .init("TCP/IP ≈", .right)])
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
            text += "\n" + style.tr("overhead.firstExchanges", shown.count, report.httpExchanges.count)
        }
        text += "\n" + style.tr("overhead.tcpipExchange")
        return style.ascii ? text.replacingAll("≈", with: "~") : text
    }

    private static func messageTable(_ connection: OverheadAnalysis.Connection, markdown: Bool, style: Style, all: Bool) -> String {
        let arrow = style.ascii ? "->" : "→", back = style.ascii ? "<-" : "←"
        var columns: [TextTable.Column] = [.init(style.tr("overhead.column.msg"), .right), .init(style.tr("table.column.dir")),
                                           .init(style.tr("table.column.payload"), .right), .init(style.tr("overhead.column.wsHeader"), .right),
                                           .init(style.tr("overhead.row.packets"), .right), .init("TCP/IP ≈", .right)]
        for comparison in connection.comparisons { columns.append(.init(modelName(comparison.model.kind, style: style), .right)) }
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
            text += "\n" + style.tr("overhead.firstMessages", connection.messages.count, connection.messageCount)
        }
        text += "\n" + style.tr("overhead.tcpipMessage")
        return style.ascii ? text.replacingAll("≈", with: "~") : text
    }

    // MARK: The whole capture

    static func renderTotals(_ report: AnalysisReport, connections: [OverheadAnalysis.Connection], markdown: Bool, style: Style) -> String {
        let totals = report.totals
        let tcpCaptured = connections.reduce(UInt64(0)) { $0 + $1.report.layers.client.capturedBytes + $1.report.layers.server.capturedBytes }
        var table = TextTable(columns: [.init(style.tr("overhead.column.wholeCapture")), .init(style.tr("overhead.column.bytes"), .right),
                                        .init(style.tr("overhead.column.share"), .right)])
        func add(_ label: String, _ value: UInt64) {
            table.append([label, "\(value)", style.decimal(percent(value, of: totals.capturedBytes))])
        }
        add(style.tr("overhead.total.captured", totals.packets), totals.capturedBytes)
        add("  " + style.tr("overhead.row.linkHeaders"), totals.linkHeaderBytes)
        add("  " + style.tr("overhead.row.ipHeaders"), totals.ipHeaderBytes)
        add("  " + style.tr("overhead.row.tcpHeaders"), totals.tcpHeaderBytes)
        add("  " + style.tr("overhead.row.tcpPayload"), totals.tcpPayloadBytes)
        if totals.linkTrailerBytes > 0 { add("  " + style.tr("overhead.row.linkPadding"), totals.linkTrailerBytes) }
        for kind in report.otherPackets.bytes.keys.sorted() {
            add("  " + style.tr("overhead.total.notTCP", kind, report.otherPackets.packets[kind]!), report.otherPackets.bytes[kind]!)
        }
        var text = heading(style.tr("overhead.total.heading", connections.count), markdown) + "\n\n"
        text += markdown ? table.renderMarkdown() : table.render(style: style)
        let accounted = totals.linkHeaderBytes + totals.ipHeaderBytes + totals.tcpHeaderBytes + totals.tcpPayloadBytes
            + totals.linkTrailerBytes + report.otherPackets.totalBytes
        text += "\n" + (tcpCaptured + report.otherPackets.totalBytes == totals.capturedBytes
            ? style.tr("overhead.total.accounted", accounted, totals.capturedBytes)
            : style.tr("overhead.total.accountedTCP", accounted, totals.capturedBytes, tcpCaptured))
        return text
    }

    // MARK: Helpers

    private static func heading(_ text: String, _ markdown: Bool) -> String { markdown ? "### " + text : text }

    /// "HTTP minimal", "HTTP realistic" in the style's language.
    private static func modelName(_ kind: HTTPCostModel.Kind, style: Style) -> String {
        style.tr("overhead.model." + kind.rawValue)
    }

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
