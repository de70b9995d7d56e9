public import Analysis
public import HTTPUpgrade
import PacketCapture
import PacketDecoding
public import TCPReassembly
public import WebSocketWire
import WireBytes

/// The `--format json` output: every field name of the public contract (DESIGN.md) is written
/// here and nowhere else. Fields may be added; never rename one.
public enum JSONContract {
    /// The frame JSON names the header's fields by the field table's keys.
    private typealias FieldKey = WebSocketFrameHeader.FieldKey

    // MARK: streams

    public static func stream(_ statistics: ConnectionStatistics, gapsFromClient: [UInt64] = [], gapsFromServer: [UInt64] = []) -> JSONValue {
        func direction(_ stats: DirectionStatistics) -> JSONValue {
            .object([
                ("packets", .unsigned(stats.packets)),
                ("payloadPackets", .unsigned(stats.payloadPackets)),
                ("bytes", .unsigned(stats.wirePayloadBytes)),
                ("deliveredBytes", .unsigned(stats.deliveredBytes)),
                ("retransmittedPackets", .unsigned(stats.retransmittedPackets)),
                ("retransmittedBytes", .unsigned(stats.retransmittedBytes)),
                ("gaps", .unsigned(stats.gapCount)),
                ("gapBytes", .unsigned(stats.gapBytes)),
                ("gapSizes", .array(stats.gapSizes.map(JSONValue.unsigned))),
            ])
        }
        let client = statistics.fromClient
        let server = statistics.fromServer
        return .object([
            ("type", .string("stream")),
            ("connection", .number(statistics.connection)),
            ("client", .string(statistics.client.description)),
            ("server", .string(statistics.server.description)),
            ("roles", .string(statistics.roleBasis.rawValue)),
            ("packets", .unsigned(statistics.packets)),
            ("fromClient", direction(client)),
            ("fromServer", direction(server)),
            ("gaps", .unsigned(client.gapCount + server.gapCount)),
            ("gapBytes", .unsigned(client.gapBytes + server.gapBytes)),
            ("retransmissions", .unsigned(client.retransmittedPackets + server.retransmittedPackets)),
            ("firstPacket", .optional(statistics.firstPacket)),
            ("lastPacket", .optional(statistics.lastPacket)),
            ("closed", .optional(statistics.closedHow?.rawValue)),
        ])
    }

    // MARK: frames

    public static func frame(_ record: FrameRecord) -> JSONValue {
        let frame = record.frame
        let header = frame.header
        return .object(connectionFields(record.connection) + [
            ("from", .string(frame.from.rawValue)),
            ("index", .number(frame.index)),
            ("packets", .array([.optional(record.firstPacket), .optional(record.lastPacket)])),
            ("time", .double(record.time.epochSeconds)),
            (FieldKey.fin.rawValue, .bool(header.fin)),
            (FieldKey.rsv1.rawValue, .bool(header.rsv1)),
            (FieldKey.rsv2.rawValue, .bool(header.rsv2)),
            (FieldKey.rsv3.rawValue, .bool(header.rsv3)),
            (FieldKey.opcode.rawValue, .number(Int(header.opcode.rawValue))),
            ("opcodeName", .string(header.opcode.name)),
            (FieldKey.masked.rawValue, .bool(header.isMasked)),
            (FieldKey.maskingKey.rawValue, .optional(header.maskingKey.map(\.description))),
            (FieldKey.payloadLength.rawValue, .unsigned(header.payloadLength)),
            ("headerLength", .number(header.headerLength)),
            ("payload", .string(frame.payload.hexString)),
            ("payloadTruncated", .bool(frame.isPayloadTruncated)),
            ("missingBytes", .unsigned(frame.missingPayloadBytes)),
            ("complete", .bool(frame.isComplete)),
            ("closeCode", frame.closeCode.map { .number(Int($0.rawValue)) } ?? .null),
            ("closeReason", .optional(frame.closeReasonText)),
            ("findings", .array(frame.ruleIDs.map(JSONValue.string))),
        ] + (record.tlsRecords.isEmpty ? [] : [("tlsRecords", tlsRecords(record.tlsRecords))]))
    }

    // MARK: messages

    public static func message(_ record: MessageRecord) -> JSONValue {
        let message = record.message
        var fields = connectionFields(record.connection) + [
            ("from", .string(message.from.rawValue)),
            ("index", .number(message.index)),
            ("opcode", .number(Int(message.opcode.rawValue))),
            ("opcodeName", .string(message.opcode.name)),
            ("frames", .number(message.frameIndices.count)),
            ("frameIndices", .array(message.frameIndices.map { .number($0) })),
            ("packets", .array([.optional(record.firstPacket), .optional(record.lastPacket)])),
            ("time", .double(record.time.epochSeconds)),
            ("compressed", .bool(message.isCompressed)),
            ("wireLength", .unsigned(message.wireLength)),
            ("length", .unsigned(message.length)),
            ("data", .string(message.data.hexString)),
            ("dataTruncated", .bool(message.isDataTruncated)),
            ("missingBytes", .unsigned(message.missingBytes)),
            ("refersToMissingBytes", .bool(message.refersToMissingBytes)),
            ("complete", .bool(message.isComplete)),
        ]
        if let text = message.text { fields.append(("text", .string(text))) }
        if let valid = message.isValidUTF8 { fields.append(("validUTF8", .bool(valid))) }
        return .object(fields)
    }

    // MARK: summary

    public static func summary(_ report: ConnectionReport) -> JSONValue {
        var fields = connectionFields(report.identity)
        fields.append(("websocket", .bool(report.isWebSocket)))
        fields.append(("protocol", .string(report.protocolName)))
        fields.append(("whyNotWebSocket", .optional(report.notWebSocketReason.map(NotWebSocketView.line))))
        fields.append(("tls", report.tls.map(TLSView.json) ?? .null))
        fields.append(("handshakeSeen", .bool(report.handshake != nil)))
        if let record = report.handshake {
            let handshake = record.handshake
            fields.append(("handshake", .object([
                ("method", .string(handshake.method)),
                ("target", .string(handshake.target)),
                ("host", .optional(handshake.host)),
                ("key", .optional(handshake.key)),
                ("accept", .optional(handshake.accept)),
                ("expectedAccept", .optional(handshake.expectedAccept)),
                ("acceptValid", record.acceptCheck.map(JSONValue.bool) ?? .null),
                ("version", .optional(handshake.version)),
                ("subprotocol", .optional(handshake.subprotocol)),
                ("offeredSubprotocols", .array(handshake.offeredSubprotocols.map(JSONValue.string))),
                ("extensions", .array(handshake.extensions.map { .string($0.description) })),
                ("offeredExtensions", .array(handshake.offeredExtensions.map { .string($0.description) })),
                ("status", .optional(handshake.status)),
                ("requestPacket", .optional(record.requestPacket)),
                ("responsePacket", .optional(record.responsePacket)),
                ("requestCut", .optional(record.requestHead?.truncation?.visibleLength)),
                ("responseCut", .optional(record.responseHead.truncation?.visibleLength)),
                ("notChecked", .array(handshake.notChecked.map(JSONValue.string))),
            ])))
        } else {
            fields.append(("handshake", .null))
        }
        for peer in [Peer.client, .server] {
            let counts = report.frameCounts[peer]
            fields.append((peer == .client ? "fromClient" : "fromServer", .object([
                ("frames", .number(counts?.frames ?? 0)),
                ("dataFrames", .number(counts?.dataFrames ?? 0)),
                ("controlFrames", .number(counts?.controlFrames ?? 0)),
                ("messages", .number(counts?.messages ?? 0)),
                ("headerBytes", .unsigned(counts?.headerBytes ?? 0)),
                ("payloadBytes", .unsigned(counts?.payloadBytes ?? 0)),
                ("tcpPayloadBytes", .unsigned(report.tcp.direction(peer).wirePayloadBytes)),
            ])))
        }
        fields.append(("close", closeValue(report.close)))
        fields.append(("end", .optional(report.close?.end?.rawValue)))
        fields.append(("pings", .array(report.pingPongs.map { timing in
            .object([
                ("from", .string(timing.pair.pingFrom.rawValue)),
                ("pingFrame", .optional(timing.pair.pingFrameIndex)),
                ("pongFrame", .optional(timing.pair.pongFrameIndex)),
                ("payloadMatches", .bool(timing.pair.payloadMatches)),
                ("roundTrip", timing.roundTrip.map(JSONValue.double) ?? .null),
                ("outcome", .string(timing.outcome.rawValue)),
                ("observedAfter", timing.observedAfter.map(JSONValue.double) ?? .null),
            ])
        })))
        fields.append(("httpRequests", .number(report.httpRequests)))
        fields.append(("findings", .array(report.findings.map { .string($0.rule.id) })))
        fields.append(("findingCounts", .object(report.findingCounts.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })))
        return .object(fields)
    }

    private static func closeValue(_ close: WebSocketCloseSummary?) -> JSONValue {
        guard let close, let first = close.first else {
            if let close, close.endedWithoutCloseFrame {
                return .object([("from", .null), ("code", .number(1006)), ("reason", .null), ("completed", .bool(false)),
                                ("onWire", .bool(false))])
            }
            return .null
        }
        return .object([
            ("from", .string(first.from.rawValue)),
            ("code", first.code.map { .number(Int($0.rawValue)) } ?? .null),
            ("reason", .optional(first.reasonText)),
            ("completed", .bool(close.isHandshakeComplete)),
            ("replyCode", close.reply?.code.map { .number(Int($0.rawValue)) } ?? .null),
            ("onWire", .bool(true)),
        ])
    }

    // MARK: check

    public static func finding(_ record: FindingRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("rule", .string(record.rule.id)),
            ("rfc", .optional(record.rule.rfcSection)),
            ("severity", .string(record.rule.severity.rawValue)),
            ("connection", .optional(record.connection?.number)),
            ("from", .optional(record.from?.rawValue)),
            ("frame", .optional(record.frameIndex)),
            ("packet", .optional(record.packet)),
            ("message", .string(record.finding.message)),
        ]
        if let connection = record.connection {
            fields.append(("client", .string(connection.client.description)))
            fields.append(("server", .string(connection.server.description)))
        }
        return .object(fields)
    }

    /// The last line of `check --format json`: what was checked and the verdict, so a script can
    /// tell a clean capture from one where nothing was checked.
    public static func verdict(_ verdict: CheckVerdict, exitCode: Int) -> JSONValue {
        .object([
            ("type", .string("verdict")),
            ("connections", .number(verdict.checked)),
            ("notChecked", .array(verdict.notChecked.map { report in
                .object([
                    ("connection", .number(report.number)),
                    ("protocol", .string(report.protocolName)),
                    ("whyNotWebSocket", .optional(report.notWebSocketReason.map(NotWebSocketView.line))),
                ])
            })),
            ("errors", .number(verdict.errors)),
            ("warnings", .number(verdict.warnings)),
            ("infos", .number(verdict.infos)),
            ("verdict", .string(verdict.outcome.rawValue)),
            ("exitCode", .number(exitCode)),
        ])
    }

    private static func connectionFields(_ identity: ConnectionIdentity) -> [(String, JSONValue)] {
        [("connection", .number(identity.number)),
         ("client", .string(identity.client.description)),
         ("server", .string(identity.server.description))]
    }
}

// MARK: teaching commands (mask, unmask, accept)

extension JSONContract {
    /// `mask` / `unmask`: the key, the input and the result as lowercase hex.
    public static func masking(direction: MaskingTable.Direction, key: WebSocketMaskingKey, data: [UInt8], masked: [UInt8]) -> JSONValue {
        .object([
            ("type", .string(direction == .mask ? "mask" : "unmask")),
            ("maskingKey", .string(key.description)),
            ("data", .string(data.hexString)),
            ("masked", .string(masked.hexString)),
            ("length", .number(data.count)),
        ])
    }

    /// `accept`: each step of the Sec-WebSocket-Accept derivation.
    public static func accept(_ derivation: WebSocketAccept.Derivation, expected: String?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("type", .string("accept")),
            ("key", .string(derivation.key)),
            ("keyWithGUID", .string(derivation.keyWithGUID)),
            ("sha1", .string(derivation.sha1Digest.hexString)),
            ("accept", .string(derivation.accept)),
        ]
        if let expected {
            fields.append(("expected", .string(expected)))
            fields.append(("matches", .bool(AcceptView.matches(derivation, expected: expected))))
        }
        return .object(fields)
    }
}
