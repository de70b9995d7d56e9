public import Analysis
public import PacketCapture
import PacketDecoding
public import TCPReassembly
public import WebSocketWire
import WireBytes

/// Text output for the listing commands. Every value from the capture is escaped before it is
/// placed in a cell (`TerminalSafe`), so a hostile payload cannot drive the terminal.
public enum TextViews {
    // MARK: streams

    public static func streams(_ connections: [ConnectionStatistics], markdown: Bool, ascii: Bool) -> String {
        var table = TextTable(columns: [
            .init("#", .right), .init("client"), .init("server"), .init("roles"),
            .init("pkts c→s", .right), .init("bytes c→s", .right), .init("pkts s→c", .right), .init("bytes s→c", .right),
            .init("gaps"), .init("retrans", .right), .init("packets"),
        ])
        for statistics in connections {
            let client = statistics.fromClient
            let server = statistics.fromServer
            let gapSizes = client.gapSizes + server.gapSizes
            let gaps = gapSizes.isEmpty ? "0" : "\(client.gapCount + server.gapCount) (" + gapSizes.map { "\($0) B" }.joined(separator: ", ") + ")"
            table.append([
                "\(statistics.connection)", statistics.client.description, statistics.server.description,
                statistics.roleBasis.isGuess ? "guess" : statistics.roleBasis.rawValue,
                "\(client.packets)", "\(client.wirePayloadBytes)", "\(server.packets)", "\(server.wirePayloadBytes)",
                gaps, "\(client.retransmittedPackets + server.retransmittedPackets)",
                "\(statistics.firstPacket.map(String.init) ?? "-")–\(statistics.lastPacket.map(String.init) ?? "-")",
            ])
        }
        var text = markdown ? table.renderMarkdown() : table.render(ascii: ascii)
        if ascii { text = text.replacingAll("→", with: "->").replacingAll("–", with: "-") }
        return text
    }

    // MARK: frames

    /// The column titles of `frames` (one row per frame follows, printed as frames are decoded).
    public static func frameHeader(ascii: Bool) -> String {
        let line = pad("#", 5, right: true) + "  " + pad("conn", 4, right: true) + "  " + pad("packets", 11) + "  "
            + pad("time", 10, right: true) + "  " + pad("dir", 3) + "  FIN RSV  " + pad("opcode", 12) + "  MASK  "
            + pad("length", 8, right: true) + "  " + pad("key", 8) + "  payload"
        return line + "\n" + String(repeating: ascii ? "-" : "─", count: line.count + 16)
    }

    public static func frameRow(_ record: FrameRecord, start: CaptureTimestamp, ascii: Bool) -> String {
        let frame = record.frame
        let header = frame.header
        let packets: String
        if let first = record.firstPacket, let last = record.lastPacket {
            packets = first == last ? "\(first)" : "\(first)-\(last)"
        } else {
            packets = "-"
        }
        let arrow = frame.from == .client ? (ascii ? "->" : "→") : (ascii ? "<-" : "←")
        let rsv = (header.rsv1 ? "1" : "0") + (header.rsv2 ? "1" : "0") + (header.rsv3 ? "1" : "0")
        return pad("\(frame.index)", 5, right: true) + "  " + pad("\(record.connection.number)", 4, right: true) + "  "
            + pad(packets, 11) + "  " + pad(seconds(record.time - start), 10, right: true) + "  " + pad(arrow, 3) + "  "
            + (header.fin ? " 1 " : " 0 ") + " " + rsv + "  " + pad(header.opcode.name, 12) + "  "
            + (header.isMasked ? " yes" : "  no") + "  " + pad("\(header.payloadLength)", 8, right: true) + "  "
            + pad(header.maskingKey?.description ?? "-", 8) + "  " + preview(frame) + flags(frame)
    }

    // MARK: messages

    public static func messageRow(_ record: MessageRecord, start: CaptureTimestamp, ascii: Bool) -> String {
        let message = record.message
        let arrow = message.from == .client ? (ascii ? "->" : "→") : (ascii ? "<-" : "←")
        let content: String
        if let text = message.text {
            content = "\"" + TerminalSafe.escape(String(text.prefix(60))) + (text.count > 60 ? "…\"" : "\"")
        } else {
            content = message.data.prefix(24).hexString + (message.data.count > 24 ? "…" : "")
        }
        return pad("\(message.index)", 5, right: true) + "  " + pad("\(record.connection.number)", 4, right: true) + "  "
            + pad(seconds(record.time - start), 10, right: true) + "  " + pad(arrow, 3) + "  " + pad(message.opcode.name, 7) + "  "
            + pad("\(message.frameIndices.count)", 6, right: true) + "  " + (message.isCompressed ? "deflate " : "        ")
            + pad("\(message.wireLength)", 8, right: true) + "  " + pad("\(message.length)", 8, right: true) + "  " + content
    }

    public static func messageHeader(ascii: Bool) -> String {
        let line = pad("#", 5, right: true) + "  " + pad("conn", 4, right: true) + "  " + pad("time", 10, right: true) + "  "
            + pad("dir", 3) + "  " + pad("type", 7) + "  " + pad("frames", 6, right: true) + "  " + "        "
            + pad("wire", 8, right: true) + "  " + pad("length", 8, right: true) + "  content"
        return line + "\n" + String(repeating: ascii ? "-" : "─", count: line.count + 16)
    }

    // MARK: check

    public static func finding(_ record: FindingRecord) -> String {
        let where_ = [record.from.map { "from \($0.rawValue)" }, record.frameIndex.map { "frame \($0)" },
                      record.packet.map { "packet \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return "  [\(record.rule.severity.rawValue)] \(record.rule.id)"
            + (record.rule.rfcSection.map { " (RFC \($0))" } ?? "") + (where_.isEmpty ? "" : " — " + where_) + "\n"
            + "      " + TerminalSafe.escape(record.finding.message)
    }

    // MARK: Helpers

    static func preview(_ frame: DecodedFrame) -> String {
        if let code = frame.closeCode {
            let reason = frame.closeReasonText.flatMap { $0.isEmpty ? nil : " \"" + TerminalSafe.escape($0) + "\"" } ?? ""
            return code.label + reason
        }
        guard !frame.payload.isEmpty else { return frame.payloadLength == 0 ? "" : "(\(frame.payloadLength) bytes)" }
        let head = Array(frame.payload.prefix(40))
        if frame.opcode == .text || frame.opcode == .continuation || frame.opcode == .ping || frame.opcode == .pong,
           !frame.header.rsv1, let text = String(validating: head, as: UTF8.self) {
            return "\"" + TerminalSafe.escape(text) + (frame.payload.count > 40 ? "…\"" : "\"")
        }
        return head.prefix(16).hexString + (frame.payload.count > 16 ? "…" : "")
    }

    private static func flags(_ frame: DecodedFrame) -> String {
        var notes: [String] = []
        if !frame.isComplete { notes.append("incomplete") }
        if !frame.ruleIDs.isEmpty { notes.append(frame.ruleIDs.joined(separator: ",")) }
        return notes.isEmpty ? "" : "  [" + notes.joined(separator: "; ") + "]"
    }

    static func seconds(_ value: Double) -> String {
        let millis = Int64((value * 1000).rounded())
        let sign = millis < 0 ? "-" : ""
        let magnitude = abs(millis)
        let fraction = String(magnitude % 1000)
        return sign + "\(magnitude / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
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
