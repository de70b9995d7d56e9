import PacketCapture
public import Analysis
import PacketDecoding
import TCPReassembly
import WireBytes

extension JSONContract {
    /// One `{"type": "connection"}` object of `overhead --format json`.
    public static func overhead(_ connection: OverheadAnalysis.Connection) -> JSONValue {
        let report = connection.report
        var fields: [(String, JSONValue)] = [
            ("type", .string("connection")),
            ("connection", .number(report.number)),
            ("client", .string(report.identity.client.description)),
            ("server", .string(report.identity.server.description)),
            ("websocket", .bool(report.isWebSocket)),
        ]
        fields += layerFields(report.layers.client + report.layers.server,
                              http: [report.http.client, report.http.server],
                              webSocket: [report.webSocket.client, report.webSocket.server],
                              retransmittedBytes: report.tcp.fromClient.retransmittedBytes + report.tcp.fromServer.retransmittedBytes)
        fields.append(("fromClient", .object(layerFields(report.layers.client, http: [report.http.client],
                                                         webSocket: [report.webSocket.client],
                                                         retransmittedBytes: report.tcp.fromClient.retransmittedBytes))))
        fields.append(("fromServer", .object(layerFields(report.layers.server, http: [report.http.server],
                                                         webSocket: [report.webSocket.server],
                                                         retransmittedBytes: report.tcp.fromServer.retransmittedBytes))))
        fields.append(("httpExchanges", .unsigned(report.http.client.messages)))
        fields.append(("exchanges", .array(report.httpExchanges.map { exchange in
            .object([
                ("method", .string(exchange.method)),
                ("target", .string(exchange.target)),
                ("status", .optional(exchange.status)),
                ("requestHeadBytes", .unsigned(exchange.requestHeadBytes)),
                ("requestBodyBytes", .unsigned(exchange.requestBodyBytes)),
                ("responseHeadBytes", .unsigned(exchange.responseHeadBytes)),
                ("responseBodyBytes", .unsigned(exchange.responseBodyBytes)),
                ("packets", .number(exchange.requestPackets + exchange.responsePackets)),
                ("firstPacket", .optional(exchange.firstPacket)),
                ("requestTime", exchange.requestTime.map { .double($0.epochSeconds) } ?? .null),
                ("responseTime", exchange.responseTime.map { .double($0.epochSeconds) } ?? .null),
            ])
        })))
        fields.append(("messages", .number(connection.messageCount)))
        fields.append(("http", .array(connection.comparisons.map(comparison))))
        if let phases = connection.phases {
            var plain = [report.http.client, report.http.server]
            for index in plain.indices { plain[index].handshakeBytes = 0 }
            var handshake = [HTTPBytes(), HTTPBytes()]
            handshake[0].handshakeBytes = report.http.client.handshakeBytes
            handshake[1].handshakeBytes = report.http.server.handshakeBytes
            func phase(_ name: String, _ layers: PerPeer<LayerBytes>, http: [HTTPBytes], webSocket: [WebSocketBytes]) -> JSONValue {
                // Retransmissions are counted per connection, not per phase: left out here.
                let bytes = layerFields(layers.client + layers.server, http: http, webSocket: webSocket, retransmittedBytes: 0)
                    .filter { $0.0 != "retransmittedBytes" }
                return .object([("phase", .string(name)), ("upgradePacket", .optional(phases.upgradePacket)),
                                ("exactSplit", .bool(phases.isExact))] + bytes)
            }
            fields.append(("phases", .array([
                phase("http", phases.http, http: plain, webSocket: []),
                phase("websocket", phases.webSocket, http: handshake, webSocket: [report.webSocket.client, report.webSocket.server]),
            ])))
        }
        return .object(fields)
    }

    /// The `{"type": "totals"}` object: the whole capture.
    public static func overheadTotals(_ report: AnalysisReport, connections: [OverheadAnalysis.Connection]) -> JSONValue {
        let reports = connections.map(\.report)
        var fields: [(String, JSONValue)] = [("type", .string("totals"))]
        fields += layerFields(report.totals, http: reports.flatMap { [$0.http.client, $0.http.server] },
                              webSocket: reports.flatMap { [$0.webSocket.client, $0.webSocket.server] },
                              retransmittedBytes: reports.reduce(0) { $0 + $1.tcp.fromClient.retransmittedBytes + $1.tcp.fromServer.retransmittedBytes })
        fields.append(("connections", .number(reports.count)))
        fields.append(("nonTCPPackets", .unsigned(report.otherPackets.totalPackets)))
        fields.append(("nonTCPBytes", .unsigned(report.otherPackets.totalBytes)))
        fields.append(("nonTCP", .object(report.otherPackets.packets.keys.sorted().map { kind in
            (kind, .object([("packets", .unsigned(report.otherPackets.packets[kind]!)), ("bytes", .unsigned(report.otherPackets.bytes[kind]!))]))
        })))
        return .object(fields)
    }

    private static func layerFields(_ bytes: LayerBytes, http: [HTTPBytes], webSocket: [WebSocketBytes],
                                    retransmittedBytes: UInt64) -> [(String, JSONValue)] {
        let handshake = http.reduce(UInt64(0)) { $0 + $1.handshakeBytes }
        let httpHeaders = http.reduce(UInt64(0)) { $0 + $1.headerBytes }
        let httpBodies = http.reduce(UInt64(0)) { $0 + $1.bodyBytes }
        return [
            ("packets", .unsigned(bytes.packets)),
            ("payloadPackets", .unsigned(bytes.payloadPackets)),
            ("pureAckPackets", .unsigned(bytes.pureAckPackets)),
            ("capturedBytes", .unsigned(bytes.capturedBytes)),
            ("linkHeaderBytes", .unsigned(bytes.linkHeaderBytes)),
            ("linkTrailerBytes", .unsigned(bytes.linkTrailerBytes)),
            ("ipHeaderBytes", .unsigned(bytes.ipHeaderBytes)),
            ("tcpHeaderBytes", .unsigned(bytes.tcpHeaderBytes)),
            ("tcpPayloadBytes", .unsigned(bytes.tcpPayloadBytes)),
            ("retransmittedBytes", .unsigned(retransmittedBytes)),
            ("handshakeBytes", .unsigned(handshake)),
            ("wsFrames", .unsigned(webSocket.reduce(0) { $0 + $1.frames })),
            ("wsHeaderBytes", .unsigned(webSocket.reduce(0) { $0 + $1.headerBytes })),
            ("wsBaseHeaderBytes", .unsigned(webSocket.reduce(0) { $0 + $1.baseHeaderBytes })),
            ("wsExtendedLengthBytes", .unsigned(webSocket.reduce(0) { $0 + $1.extendedLengthBytes })),
            ("wsMaskingKeyBytes", .unsigned(webSocket.reduce(0) { $0 + $1.maskingKeyBytes })),
            ("wsPayloadBytes", .unsigned(webSocket.reduce(0) { $0 + $1.payloadBytes })),
            ("httpHeaderBytes", .unsigned(httpHeaders)),
            ("httpBodyBytes", .unsigned(httpBodies)),
        ]
    }

    private static func comparison(_ comparison: HTTPComparison) -> JSONValue {
        let perMessage = comparison.messages == 0 ? 0 : Double(comparison.httpHeaderBytes) / Double(comparison.messages)
        let wsPerMessage = comparison.messages == 0 ? 0 : Double(comparison.webSocketHeaderBytes) / Double(comparison.messages)
        return .object([
            ("model", .string(comparison.model.kind.rawValue)),
            ("messages", .number(comparison.messages)),
            ("payloadBytes", .unsigned(comparison.payloadBytes)),
            ("bytes", .unsigned(comparison.httpHeaderBytes)),
            ("perMessage", .double(perMessage)),
            ("pollingRequestBytes", .number(comparison.model.pollingRequestBytes)),
            ("wsHeaderBytes", .unsigned(comparison.webSocketHeaderBytes)),
            ("wsPerMessage", .double(wsPerMessage)),
            ("wsHandshakeBytes", .unsigned(comparison.handshakeBytes)),
            ("httpRatio", .double(comparison.httpRatio)),
            ("wsRatio", .double(comparison.webSocketRatio)),
            ("breakEven", .optional(comparison.breakEvenMessages)),
            ("breakEvenProjected", .bool(comparison.breakEvenProjected)),
        ])
    }
}
