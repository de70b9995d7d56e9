public import Analysis
import PacketDecoding
import TCPReassembly
public import WebSocketWire
import WireBytes

/// One frame in full, like the thesis' figures 2-4: the bytes in hex and bits with every field
/// named, the masking table, the payload, close code, compression, the packets that carried it and
/// the findings on it.
public struct FrameExplanation: Sendable {
    public var record: FrameRecord
    /// The data message this frame belongs to (nil for control frames or a message that never completed).
    public var message: MessageRecord?
    /// The frames of that message, in order (for the compressed bytes of a compressed message).
    public var messageFrames: [FrameRecord]
    /// The findings the analysis tied to this frame.
    public var findings: [FindingRecord]

    public init(record: FrameRecord, message: MessageRecord? = nil, messageFrames: [FrameRecord] = [],
                findings: [FindingRecord] = []) {
        self.record = record
        self.message = message
        self.messageFrames = messageFrames
        self.findings = findings
    }
}

public enum ExplainView {
    /// Payload bytes shown in the masking table and on the wire line unless `showAll`.
    public static let defaultLimit = 64
    /// Payload bytes shown in the hex dump / text unless `showAll`.
    public static let defaultDumpLimit = 1024

    public static func render(_ input: FrameExplanation, showAll: Bool = false, style: Style = .plain,
                              markdown: Bool = false) -> String {
        var out = SectionWriter(markdown: markdown, style: style)
        let record = input.record
        let frame = record.frame
        let header = frame.header
        let identity = record.connection
        let direction = frame.from == .client ? "client → server" : "server → client"
        let limit = showAll ? Int.max : defaultLimit

        // Title
        out.heading("Frame \(frame.index) of connection \(identity.number): \(frame.opcode.name), \(direction)", level: 2)
        let packets = record.packets
        let packetText = packets.isEmpty ? "no packet recorded"
            : (packets.count == 1 ? "packet \(packets[0])" : "packets " + runs(packets))
        out.line("client \(identity.client) → server \(identity.server); "
                 + "\(header.headerLength) header + \(frame.payloadLength) payload bytes = \(UInt64(header.headerLength) + frame.payloadLength) bytes on the wire, in \(packetText)")
        if !frame.isComplete {
            out.line(style.warn("incomplete") + ": \(frame.missingPayloadBytes) payload bytes are missing from the capture")
        }
        out.blank()

        // The bytes, as the thesis' figures show them.
        out.heading("On the wire (masking key in parentheses, as in the thesis' figures)")
        let keyStart = 2 + header.lengthEncoding.extendedByteCount
        let headerBytes = header.bytes
        let wirePayload = Array(frame.maskedPayload.prefix(showAll ? Int.max : 16))
        var hexParts: [String] = []
        var binaryParts: [String] = []
        func group(_ range: Range<Int>, parenthesised: Bool) {
            guard !range.isEmpty else { return }
            let hex = range.map { headerBytes[$0].hex2 }.joined(separator: " ")
            let bits = range.map { MaskingTable.binary(headerBytes[$0]) }.joined(separator: " ")
            hexParts.append(parenthesised ? "(" + hex + ")" : hex)
            binaryParts.append(parenthesised ? "(" + bits + ")" : bits)
        }
        group(0..<min(keyStart, headerBytes.count), parenthesised: false)
        if header.isMasked { group(keyStart..<(keyStart + 4), parenthesised: true) }
        if !wirePayload.isEmpty {
            hexParts.append(wirePayload.map(\.hex2).joined(separator: " "))
            binaryParts.append(wirePayload.prefix(showAll ? Int.max : 8).map { MaskingTable.binary($0) }.joined(separator: " "))
        }
        let more = frame.payload.count > wirePayload.count || frame.isPayloadTruncated
            ? " " + style.ellipsis + " (\(frame.payloadLength - UInt64(wirePayload.count)) more payload bytes)" : ""
        var detail = ["FIN = \(header.fin ? 1 : 0)"]
        detail.append(header.reservedBits == 0 ? "RSV not set"
                      : "RSV1-3 = \(header.rsv1 ? 1 : 0)\(header.rsv2 ? 1 : 0)\(header.rsv3 ? 1 : 0)")
        detail.append("opcode = 0x" + String(header.opcode.rawValue, radix: 16, uppercase: true) + " (\(header.opcode.name))")
        detail.append("MASK = \(header.isMasked ? 1 : 0)")
        detail.append("payload length = \(frame.payloadLength)")
        out.code([
            "bytes   " + hexParts.joined(separator: " ") + more,
            "binary  " + binaryParts.joined(separator: " ") + (more.isEmpty && (showAll || wirePayload.count <= 8) ? "" : " " + style.ellipsis),
            "detail  " + detail.joined(separator: ", "),
        ])
        out.blank()

        // The header fields.
        out.heading("Header fields (bit 0 = the most significant bit of the first byte)")
        out.code(bitDiagram(header))
        out.blank()
        var table = TextTable(columns: [.init("bits"), .init("binary"), .init("field"), .init("value"), .init("meaning")])
        for field in header.layout {
            let value = header.value(of: field) ?? 0
            let range = field.bitRange.count == 1 ? "\(field.bitRange.lowerBound)"
                : "\(field.bitRange.lowerBound)-\(field.bitRange.upperBound)"
            table.append([range, bits(of: field, in: header), field.name, valueText(field, value, header),
                          meaning(field, value, header, from: frame.from)])
        }
        out.table(table)
        out.blank()
        out.line("Payload length: " + lengthExplanation(header, style: style))
        out.blank()

        // Masking table.
        if let key = header.maskingKey {
            out.heading("Unmasking (key \(key.description), RFC 6455 §5.3)")
            if frame.payload.isEmpty {
                out.line(frame.payloadLength == 0 ? "The payload is empty: the key is sent but masks nothing."
                         : "The payload was not retained, so there is nothing to unmask here.")
            } else {
                out.line(MaskingTable.formula(.unmask))
                let shown = Array(frame.maskedPayload.prefix(limit))
                let characters = TextViews.showsAsText(frame)
                if markdown {
                    out.blank()
                    out.raw(MaskingTable.render(shown, key: key, direction: .unmask, style: style, markdown: true,
                                                showsCharacters: characters))
                    out.blank()
                } else {
                    out.code(MaskingTable.render(shown, key: key, direction: .unmask, style: style, showsCharacters: characters)
                        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                }
                if !characters {
                    out.line(frame.message?.isCompressed == true ? "(no character row: these are compressed bytes, not text)"
                             : "(no character row: the payload is binary data, not text)")
                }
                if frame.payload.count > shown.count {
                    out.line("(first \(shown.count) of \(frame.payloadLength) bytes; --all shows every byte)")
                }
            }
            out.blank()
        } else if frame.from == .server {
            out.line("Not masked: a server never masks its frames (RFC 6455 §5.1), so the payload is sent as is.")
            out.blank()
        } else {
            out.line(style.bad("Not masked") + ": a client must mask every frame (RFC 6455 §5.1).")
            out.blank()
        }

        // Close code.
        if frame.opcode == .connectionClose {
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

        // Payload.
        out.heading("Payload" + (header.isMasked ? " (unmasked)" : "") + ", \(frame.payloadLength) bytes")
        payload(frame, into: &out, limit: showAll ? Int.max : defaultDumpLimit, style: style)
        out.blank()

        // Message membership and compression.
        if let message = input.message?.message {
            messageSection(message, input: input, into: &out, limit: showAll ? Int.max : defaultDumpLimit, style: style)
            out.blank()
        } else if frame.message != nil {
            out.line("This frame is part of a message that did not complete in the capture.")
            out.blank()
        }

        // Provenance.
        out.heading("Packets that carried this frame")
        if record.pieces.isEmpty {
            out.line("none recorded")
        } else {
            var pieces = TextTable(columns: [.init("packet", .right), .init("TCP payload bytes"), .init("frame bytes"),
                                             .init("holds")])
            let headerLength = UInt64(header.headerLength)
            for piece in record.pieces {
                let lower = piece.streamRange.lowerBound &- frame.startOffset
                let upper = piece.streamRange.upperBound &- frame.startOffset
                var holds: [String] = []
                if lower < headerLength { holds.append("header \(lower)-\(min(upper, headerLength) - 1)") }
                if upper > headerLength {
                    let start = max(lower, headerLength) - headerLength
                    holds.append("payload \(start)-\(upper - headerLength - 1)")
                }
                pieces.append(["\(piece.packet)",
                               "\(piece.payloadRange.lowerBound)-\(piece.payloadRange.upperBound - 1) (\(piece.payloadRange.count) bytes)",
                               "\(lower)-\(upper - 1)", holds.joined(separator: ", ")])
            }
            out.table(pieces)
        }
        out.blank()

        // Findings.
        out.heading("Findings on this frame")
        if input.findings.isEmpty {
            out.line(style.good(style.check) + " none: this frame follows every rule wslens checks")
        } else {
            for finding in input.findings {
                let rfc = finding.rule.rfcSection.map { " (RFC \($0))" } ?? ""
                out.line("[\(style.severity(finding.rule.severity.rawValue))] \(finding.rule.id)\(rfc)"
                         + (finding.packet.map { ", packet \($0)" } ?? ""))
                out.line("    " + TerminalSafe.escape(finding.finding.message))
                out.line("    rule: " + finding.rule.summary)
            }
        }
        return out.finish()
    }

    // MARK: Sections

    private static func payload(_ frame: DecodedFrame, into out: inout SectionWriter, limit: Int, style: Style) {
        if frame.payload.isEmpty {
            out.line(frame.payloadLength == 0 ? "(empty)" : "(not retained)")
            return
        }
        let shown = Array(frame.payload.prefix(limit))
        if TextViews.showsAsText(frame) {
            out.line("as text: " + TerminalSafe.quoted(bytes: TextViews.textPrefix(frame.payload, limit: limit)))
        } else if frame.message?.isCompressed == true {
            out.line("compressed: these bytes are DEFLATE data, not text (the message below shows them inflated)")
        }
        out.code(hexDump(shown, style: style))
        if frame.payload.count > shown.count || frame.isPayloadTruncated {
            out.line("(first \(shown.count) of \(frame.payloadLength) bytes" + (limit == Int.max ? ")" : "; --all shows every byte)"))
        }
    }

    private static func messageSection(_ message: DecodedMessage, input: FrameExplanation, into out: inout SectionWriter,
                                       limit: Int, style: Style) {
        let frame = input.record.frame
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
                    out.code(hexDump(Array(compressed.prefix(limit)), style: style))
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
                    out.code(hexDump(Array(message.data.prefix(limit)), style: style))
                }
            }
        } else if message.frameIndices.count > 1 {
            out.line("whole message (\(message.length) bytes): " + (message.text.map {
                TerminalSafe.quoted(String($0.prefix(limit)))
            } ?? message.data.prefix(min(limit, 64)).map(\.hex2).joined(separator: " ")))
        }
    }

    /// The first two header bytes drawn like RFC 6455 §5.2's figure, with this frame's bits
    /// under the field names.
    static func bitDiagram(_ header: WebSocketFrameHeader) -> [String] {
        func bits(_ byte: UInt8, _ range: ClosedRange<Int>) -> String {
            range.map { (byte >> UInt8(7 - $0)) & 1 == 1 ? "1" : "0" }.joined(separator: " ")
        }
        let first = header[0]
        let second = header[1]
        let border = "+-+-+-+-+-------+-+-------------+"
        let values = "|" + [bits(first, 0...0), bits(first, 1...1), bits(first, 2...2), bits(first, 3...3),
                            bits(first, 4...7), bits(second, 0...0), bits(second, 1...7)].joined(separator: "|") + "|"
        return [
            " 0                   1",
            " 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5",
            border,
            "|F|R|R|R| opcode|M| Payload len |",
            "|I|S|S|S|  (4)  |A|     (7)     |",
            "|N|V|V|V|       |S|             |",
            "| |1|2|3|       |K|             |",
            border,
            values,
            border,
        ]
    }

    /// "3, 5-9, 12": consecutive packet numbers as ranges.
    static func runs(_ numbers: [UInt64]) -> String {
        var parts: [String] = []
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count && numbers[end + 1] == numbers[end] + 1 { end += 1 }
            parts.append(end == index ? "\(numbers[index])" : "\(numbers[index])-\(numbers[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }

    // MARK: Field helpers

    static func bits(of field: WebSocketFrameHeader.Field, in header: WebSocketFrameHeader) -> String {
        guard field.bitRange.upperBound < header.headerLength * 8 else { return "" }
        var text = ""
        for (offset, bit) in field.bitRange.enumerated() {
            if offset > 0 && bit % 8 == 0 { text += " " }
            text += (header[bit / 8] >> (7 - UInt8(bit % 8))) & 1 == 1 ? "1" : "0"
        }
        return text
    }

    static func valueText(_ field: WebSocketFrameHeader.Field, _ value: UInt64, _ header: WebSocketFrameHeader) -> String {
        switch field.key {
        case "opcode": return "0x" + String(value, radix: 16, uppercase: true) + " " + header.opcode.name
        case "maskingKey": return header.maskingKey.map { key in (0..<4).map { key[$0].hex2 }.joined(separator: " ") } ?? ""
        default: return "\(value)"
        }
    }

    static func meaning(_ field: WebSocketFrameHeader.Field, _ value: UInt64, _ header: WebSocketFrameHeader,
                        from peer: Peer) -> String {
        switch field.key {
        case "fin": return value == 1 ? "final (or only) frame of its message" : "more fragments of this message follow"
        case "rsv1":
            if value == 0 { return "not set" }
            return header.opcode.isControl || header.opcode == .continuation
                ? "set: not allowed here (RSV1 only marks a message's first frame)"
                : "set: compressed message (permessage-deflate)"
        case "rsv2", "rsv3": return value == 0 ? "not set" : "set: no known extension uses it"
        case "opcode": return header.opcode.meaning
        case "mask":
            if value == 1 { return peer == .client ? "masked, as every client frame must be" : "masked: a server must not mask" }
            return peer == .server ? "not masked, as a server frame must be" : "not masked: a client must mask"
        case "payloadLength":
            switch header.lengthEncoding {
            case .sevenBit: return "the payload length itself (0-125)"
            case .sixteenBit: return "126: the length is in the next 16 bits"
            case .sixtyFourBit: return "127: the length is in the next 64 bits"
            }
        case "extendedLength": return "payload length \(header.payloadLength) (big-endian)"
        case "maskingKey": return "XORed over the payload, byte i with key byte i mod 4"
        default: return field.meaning
        }
    }

    static func lengthExplanation(_ header: WebSocketFrameHeader, style: Style) -> String {
        let length = header.payloadLength
        let minimal = style.good(style.check + " minimal")
        let notMinimal = style.bad(style.cross + " not minimal")
        switch header.lengthEncoding {
        case .sevenBit:
            return "\(length) fits in the 7-bit field (0-125), so no extended length follows: \(minimal)."
        case .sixteenBit:
            return header.isMinimalLengthEncoding
                ? "\(length) does not fit in 7 bits (over 125), so the field says 126 and 16 bits carry the length (126-65535): \(minimal)."
                : "\(length) would fit in the 7-bit field, yet the field says 126 and 16 bits carry it: \(notMinimal) (RFC 6455 §5.2: the minimal number of bytes MUST be used)."
        case .sixtyFourBit:
            let top = header.hasLengthTopBitSet ? " The top bit is set, which RFC 6455 §5.2 forbids." : ""
            return (header.isMinimalLengthEncoding
                ? "\(length) does not fit in 16 bits (over 65535), so the field says 127 and 64 bits carry the length: \(minimal)."
                : "\(length) would fit in \(length <= 125 ? "the 7-bit field" : "16 bits"), yet the field says 127 and 64 bits carry it: \(notMinimal) (RFC 6455 §5.2).") + top
        }
    }

    static func rangeText(_ code: WebSocketCloseCode) -> String {
        switch code.range {
        case .invalidBelow1000: return "0-999: not used, never valid on the wire"
        case .defined: return "1000-2999: defined by the RFC (or registered with IANA); may be sent"
        case .reservedNotOnWire: return "1000-2999: defined by RFC 6455 but must never be sent in a close frame"
        case .reservedForProtocol: return "1000-2999: reserved for the protocol; must not be sent"
        case .registered: return "3000-3999: registered with IANA for libraries and frameworks"
        case .applicationPrivate: return "4000-4999: private use by applications (no registration)"
        case .invalidAbove4999: return "5000 and above: outside every range, never valid"
        }
    }

    /// Offset, 16 hex bytes, and the printable ASCII (anything else as `.`), safe for any terminal.
    public static func hexDump(_ bytes: [UInt8], style: Style = .plain) -> [String] {
        var lines: [String] = []
        var offset = 0
        while offset < bytes.count {
            let row = bytes[offset..<min(offset + 16, bytes.count)]
            var hex = row.map(\.hex2).joined(separator: " ")
            hex += String(repeating: " ", count: 47 - hex.count)
            let text = String(row.map { $0 >= 0x20 && $0 < 0x7f ? Character(UnicodeScalar($0)) : "." })
            let position = String(offset, radix: 16)
            lines.append(String(repeating: "0", count: max(0, 4 - position.count)) + position + "  " + hex + "  |" + text + "|")
            offset += 16
        }
        return lines
    }
}

/// Builds text or Markdown line by line.
struct SectionWriter {
    let markdown: Bool
    let style: Style
    private var lines: [String] = []

    init(markdown: Bool, style: Style) {
        self.markdown = markdown
        self.style = style
    }

    mutating func heading(_ text: String, level: Int = 3) {
        if markdown {
            blank()
            lines.append(String(repeating: "#", count: level) + " " + text)
            lines.append("")
        } else {
            lines.append(style.heading(text))
        }
    }

    mutating func line(_ text: String) {
        lines.append(markdown ? text.replacingAll("|", with: "\\|") + "  " : text)
    }

    mutating func raw(_ text: String) { lines.append(text) }

    mutating func blank() {
        if let last = lines.last, last != "" { lines.append("") }
    }

    /// Pre-formatted lines: indented in text, a fenced block in Markdown.
    mutating func code(_ block: [String]) {
        if markdown {
            lines.append("```")
            lines.append(contentsOf: block)
            lines.append("```")
        } else {
            lines.append(contentsOf: block.map { "  " + $0 })
        }
    }

    mutating func table(_ table: TextTable) {
        if markdown {
            blank()
            lines.append(table.renderMarkdown())
            lines.append("")
        } else {
            lines.append(contentsOf: table.render(ascii: style.ascii).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 })
        }
    }

    func finish() -> String {
        var result = lines
        while result.last == "" { result.removeLast() }
        return style.asciiSafe(result.joined(separator: "\n"))
    }
}
