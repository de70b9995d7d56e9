public import Analysis
public import PacketCapture
import PacketDecoding
public import TCPReassembly
public import WebSocketWire
import WireBytes

/// Text and Markdown output for the listing commands. Every value from the capture is escaped
/// before it is placed in a cell (`TerminalSafe`), so a hostile payload cannot drive the terminal.
public enum TextViews {
    // MARK: streams

    public static func streams(_ connections: [ConnectionStatistics], style: Style, markdown: Bool = false) -> String {
        if connections.isEmpty { return style.tr("streams.none") }
        var table = TextTable(columns: [
            .init("#", .right), .init(style.tr("table.column.client")), .init(style.tr("table.column.server")),
            .init(style.tr("table.column.roles"), optional: true),
            .init(style.tr("table.column.pktsCS"), .right), .init(style.tr("table.column.bytesCS"), .right),
            .init(style.tr("table.column.pktsSC"), .right), .init(style.tr("table.column.bytesSC"), .right),
            .init(style.tr("table.column.gaps")), .init(style.tr("table.column.retrans"), .right, optional: true),
            .init(style.tr("table.column.packets"), optional: true),
        ])
        for statistics in connections {
            let client = statistics.fromClient
            let server = statistics.fromServer
            let gapSizes = client.gapSizes + server.gapSizes
            let gaps = gapSizes.isEmpty ? "0" : "\(client.gapCount + server.gapCount) (" + gapSizes.map { "\($0) B" }.joined(separator: ", ") + ")"
            table.append([
                "\(statistics.connection)", statistics.client.description, statistics.server.description,
                statistics.roleBasis.isGuess ? style.tr("streams.roleGuess") : statistics.roleBasis.rawValue,
                "\(client.packets)", "\(client.wirePayloadBytes)", "\(server.packets)", "\(server.wirePayloadBytes)",
                gaps, "\(client.retransmittedPackets + server.retransmittedPackets)",
                "\(statistics.firstPacket.map(String.init) ?? "-")–\(statistics.lastPacket.map(String.init) ?? "-")",
            ])
        }
        let legend = style.tr("streams.legend")
        if markdown { return style.asciiSafe(table.renderMarkdown() + "\n\n" + legend) }
        return style.fit(table.render(style: style) + "\n" + style.asciiSafe(legend))
    }

    // MARK: frames

    /// The frames table for `style`'s width: the full column titles from 130 columns, compact
    /// below (one space between columns, short titles, the key without spaces).
    static func frameTable(style: Style) -> StreamingTable {
        let wide = style.width >= 130
        let dir = style.ascii ? 4 : 3
        typealias C = StreamingTable.Column
        let t = Titles(style: style)
        let columns: [C] = wide
            ? [C("#", 4, .right), C(t.conn, 4, .right), C(t.packets, 9), C(t.time, 8, .right), C(t.dir, 4), C("FIN", 3),
               C("RSV", 3), C(t.opcode, 12), C("MASK", 4), C(t.length, 7, .right), C(t.maskingKey, 11)]
            : [C("#", 4, .right), C(t.conn, 4, .right, drop: 3), C(t.packets, 9, drop: 1), C(t.time, 7, .right, drop: 2),
               C(t.dir, dir), C("FIN", 3), C("RSV", 3), C(t.opcode, 6), C("MASK", 4), C(t.length, 6, .right),
               C(t.key, 8, drop: 4)]
        return StreamingTable(columns: columns, freeTitle: t.payload, separator: wide ? 2 : 1, width: style.width)
    }

    static func frameTitles(_ style: Style) -> [String] {
        let t = Titles(style: style)
        return ["#", t.conn, t.packets, t.time, t.dir, "FIN", "RSV", t.opcode, "MASK", t.length, t.maskingKey, t.payload]
    }

    /// The column titles of `frames` and `messages` in the style's language.
    struct Titles {
        let conn, packets, time, dir, opcode, length, maskingKey, key, payload: String
        let frames, type, deflate, wire, content: String

        init(style: Style) {
            conn = style.tr("table.column.conn")
            packets = style.tr("table.column.packets")
            time = style.tr("table.column.time")
            dir = style.tr("table.column.dir")
            opcode = style.tr("table.column.opcode")
            length = style.tr("table.column.length")
            maskingKey = style.tr("table.column.maskingKey")
            key = style.tr("table.column.key")
            payload = style.tr("table.column.payload")
            frames = style.tr("table.column.frames")
            type = style.tr("table.column.type")
            deflate = style.tr("table.column.deflate")
            wire = style.tr("table.column.wire")
            content = style.tr("table.column.content")
        }
    }

    /// The column titles of `frames` (one row per frame follows, printed as frames are decoded).
    public static func frameHeader(style: Style, markdown: Bool = false) -> String {
        markdown ? markdownHeader(frameTitles(style), right: [0, 1, 3, 9]) : style.asciiSafe(frameTable(style: style).header(style: style))
    }

    public static func frameRow(_ record: FrameRecord, start: CaptureTimestamp, style: Style, markdown: Bool = false) -> String {
        let frame = record.frame
        let header = frame.header
        let rsv = (header.rsv1 ? "1" : "0") + (header.rsv2 ? "1" : "0") + (header.rsv3 ? "1" : "0")
        let table = frameTable(style: style)
        let wide = markdown || table.separator.count > 1
        let cells = [
            "\(frame.index)", "\(record.connection.number)", packetRange(record.firstPacket, record.lastPacket),
            seconds(record.time - start), direction(frame.from, style: style), header.fin ? "1" : "0", rsv,
            wide ? OpcodeWords.name(header.opcode, style: style) : header.opcode.shortName, header.isMasked ? "1" : "0", "\(header.payloadLength)",
            header.maskingKey.map { key in (0..<4).map { key[$0].hex2 }.joined(separator: wide ? " " : "") } ?? "-",
        ]
        let payload = preview(frame, style: style) + flags(frame, style: style, markdown: markdown)
        if markdown { return markdownRow(cells + [payload]) }
        return table.row(cells.map(style.asciiSafe), free: payload)
    }

    // MARK: messages

    /// The messages table for `style`'s width (compact below 130 columns, as `frameTable`).
    static func messageTable(style: Style) -> StreamingTable {
        let wide = style.width >= 130
        typealias C = StreamingTable.Column
        let t = Titles(style: style)
        let columns: [C] = [
            C("#", 4, .right), C(t.conn, 4, .right, drop: 3), C(t.frames, 9, drop: 1), C(t.time, wide ? 8 : 7, .right, drop: 2),
            C(t.dir, wide || style.ascii ? 4 : 3), C(t.type, 6), C(t.deflate, 7, drop: 4), C(t.wire, wide ? 7 : 6, .right),
            C(t.length, wide ? 7 : 6, .right),
        ]
        return StreamingTable(columns: columns, freeTitle: t.content, separator: wide ? 2 : 1, width: style.width)
    }

    static func messageTitles(_ style: Style) -> [String] {
        let t = Titles(style: style)
        return ["#", t.conn, t.frames, t.time, t.dir, t.type, t.deflate, t.wire, t.length, t.content]
    }

    public static func messageHeader(style: Style, markdown: Bool = false) -> String {
        markdown ? markdownHeader(messageTitles(style), right: [0, 1, 3, 7, 8]) : style.asciiSafe(messageTable(style: style).header(style: style))
    }

    public static func messageRow(_ record: MessageRecord, start: CaptureTimestamp, style: Style, markdown: Bool = false) -> String {
        let message = record.message
        let content: String
        if let text = message.text {
            content = style.quoted(String(text.prefix(60))) + (text.count > 60 ? style.ellipsis : "")
        } else {
            content = message.data.prefix(24).hexString + (message.data.count > 24 ? style.ellipsis : "")
        }
        var notes: [String] = []
        if message.isValidUTF8 == false { notes.append(style.tr("table.note.invalidUTF8")) }
        if message.refersToMissingBytes {
            notes.append(style.tr("table.note.cannotInflate"))
        } else if message.inflateFailed {
            notes.append(style.tr("table.note.inflateFailed"))
        }
        if message.missingBytes > 0 {
            notes.append(style.tr("table.note.incompleteBytes", message.missingBytes))
        } else if !message.isComplete, !message.refersToMissingBytes {
            notes.append(style.tr("word.incomplete"))
        }
        let indices = message.frameIndices
        let frames = indices.isEmpty ? "-" : indices.count == 1 ? "\(indices[0])"
            : "\(indices.first!)-\(indices.last!) (\(indices.count))"
        let cells = [
            "\(message.index)", "\(record.connection.number)", frames, seconds(record.time - start),
            direction(message.from, style: style), OpcodeWords.name(message.opcode, style: style),
            style.tr(message.isCompressed ? "word.yes" : "word.no"),
            "\(message.wireLength)", "\(message.length)",
        ]
        let text = content + (notes.isEmpty ? "" : "  [" + notes.joined(separator: ", ") + "]")
        if markdown { return markdownRow(cells + [text]) }
        return messageTable(style: style).row(cells.map(style.asciiSafe), free: text)
    }

    // MARK: check

    /// One finding: severity, rule id, RFC section, where, what happened, and the rule in words.
    public static func finding(_ record: FindingRecord) -> String { finding(record, style: .plain) }

    public static func finding(_ record: FindingRecord, style: Style) -> String {
        let where_ = [record.from.map { style.tr($0 == .client ? "check.where.fromClient" : "check.where.fromServer") },
                      record.frameIndex.map { style.tr("check.where.frame", $0) },
                      record.packet.map { style.tr("word.packet", $0) }].compactMap { $0 }.joined(separator: ", ")
        return "  [\(style.severity(record.rule.severity.rawValue))] \(record.rule.id)"
            + (record.rule.rfcSection.map { " (RFC \($0))" } ?? "") + (where_.isEmpty ? "" : " – " + where_) + "\n"
            + "      " + FindingWords.message(record.finding, style: style) + "\n"
            + "      " + style.tr("check.rulePrefix") + " " + FindingWords.summary(record.rule, style: style)
    }

    // MARK: Helpers

    static func direction(_ peer: Peer, style: Style) -> String {
        peer == .client ? "C" + style.rightArrow + "S" : "S" + style.rightArrow + "C"
    }

    static func packetRange(_ first: UInt64?, _ last: UInt64?) -> String {
        guard let first, let last else { return "-" }
        return first == last ? "\(first)" : "\(first)-\(last)"
    }

    private static func markdownHeader(_ titles: [String], right: Set<Int>) -> String {
        "| " + titles.joined(separator: " | ") + " |\n|" + titles.indices.map { right.contains($0) ? "---:|" : "---|" }.joined()
    }

    private static func markdownRow(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingAll("|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    static func preview(_ frame: DecodedFrame) -> String { preview(frame, style: .plain) }

    static func preview(_ frame: DecodedFrame, style: Style) -> String {
        if let code = frame.closeCode {
            let reason = frame.closeReason.flatMap { $0.isEmpty ? nil : " " + style.quoted(bytes: $0) } ?? ""
            return CloseCodeWords.label(code, style: style) + reason
        }
        guard !frame.payload.isEmpty else { return frame.payloadLength == 0 ? "" : style.tr("table.payloadBytes", frame.payloadLength) }
        if showsAsText(frame) {
            let cut = frame.payload.count > 40 || frame.isPayloadTruncated
            return style.quoted(bytes: textPrefix(frame.payload, limit: 40)) + (cut ? style.ellipsis : "")
        }
        return frame.payload.prefix(16).hexString + (frame.payload.count > 16 || frame.isPayloadTruncated ? style.ellipsis : "")
    }

    /// One rule per message: every frame of an uncompressed text message as text (bytes that are
    /// not UTF-8 as `\xNN`), every frame of a binary or compressed message as hex. A control frame
    /// shows its payload as text when it is UTF-8; a frame of no message as hex.
    static func showsAsText(_ frame: DecodedFrame) -> Bool {
        if let message = frame.message { return message.opcode == .text && !message.isCompressed }
        guard frame.opcode == .ping || frame.opcode == .pong else { return false }
        return String(validating: frame.payload, as: UTF8.self) != nil
    }

    /// The first `limit` bytes, without a character that the cut itself would split.
    static func textPrefix(_ bytes: [UInt8], limit: Int) -> ArraySlice<UInt8> {
        guard bytes.count > limit else { return bytes[...] }
        var end = limit
        // Back up over the lead byte and continuation bytes of a sequence the cut would split.
        var back = 0
        while back < 3, end - back - 1 >= 0, bytes[end - back - 1] & 0xc0 == 0x80 { back += 1 }
        let lead = end - back - 1
        if lead >= 0 {
            let needed = bytes[lead] >= 0xf0 ? 4 : bytes[lead] >= 0xe0 ? 3 : bytes[lead] >= 0xc0 ? 2 : 1
            if needed > back + 1 { end = lead }
        }
        return bytes[..<end]
    }

    private static func flags(_ frame: DecodedFrame, style: Style, markdown: Bool) -> String {
        var notes: [String] = []
        if frame.message?.isCompressed == true { notes.append(style.tr("table.note.compressed")) }
        if frame.missingPayloadBytes > 0 {
            notes.append(style.tr("table.note.incompleteBytes", frame.missingPayloadBytes))
        } else if !frame.isComplete {
            notes.append(style.tr("word.incomplete"))
        }
        notes.append(contentsOf: frame.ruleIDs)
        guard !notes.isEmpty else { return "" }
        let text = "  [" + notes.joined(separator: "; ") + "]"
        return frame.ruleIDs.isEmpty || markdown ? text : style.warn(text)
    }

    static func seconds(_ value: Double) -> String {
        let millis = Int64((value * 1000).rounded())
        let sign = millis < 0 ? "-" : ""
        let magnitude = abs(millis)
        let fraction = String(magnitude % 1000)
        return sign + "\(magnitude / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - TextWidth.columns(text)))
        return right ? fill + text : text + fill
    }
}

extension WebSocketCloseCode {
    /// "1000 Normal Closure", or the range for codes without a registered name ("4000 application-defined").
    public var label: String {
        if let name { return "\(rawValue) \(name)" }
        switch range {
        case .applicationPrivate: return "\(rawValue) (private use, 4000-4999)"
        case .registered: return "\(rawValue) (registered with IANA, 3000-3999)"
        case .reservedForProtocol: return "\(rawValue) (reserved for the protocol, 1000-2999)"
        case .invalidBelow1000, .invalidAbove4999: return "\(rawValue) (invalid)"
        case .defined, .reservedNotOnWire: return "\(rawValue)"
        }
    }
}

extension WebSocketOpcode {
    /// The opcode's name in at most six columns, for narrow tables ("cont" for continuation).
    var shortName: String {
        switch rawValue {
        case 0x0: return "cont"
        case 0x1...0x2, 0x8...0xa: return name
        default: return "0x" + String(rawValue, radix: 16)
        }
    }
}
