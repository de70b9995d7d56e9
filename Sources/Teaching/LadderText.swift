import Analysis
import WebSocketWire
import WireBytes

/// Turns capture values into ladder labels and comments: escaped so that nothing reaches a
/// terminal raw, and narrowed so that one character is one terminal column (the diagram is laid
/// out by counting characters).
enum LadderText {
    /// Terminal-safe, and every scalar that might not be exactly one column wide (combining marks,
    /// East Asian wide characters, emoji) as `\u{…}`.
    static func narrow(_ text: String) -> String {
        var out = ""
        for scalar in TerminalSafe.escape(text).unicodeScalars {
            if isOneColumn(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }

    /// ASCII, Latin-1 and Latin Extended letters, Greek, Cyrillic, and the symbols wslens draws with.
    static func isOneColumn(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7e, 0xa0...0x2ff, 0x370...0x482, 0x48a...0x52f: return true
        default: return ownSymbols.contains(scalar)
        }
    }

    private static let ownSymbols: Set<Unicode.Scalar> = ["→", "←", "⇄", "✓", "✗", "…", "·", "─", "│", "–"]

    /// "GET /chat" when the target is short plain ASCII, else the method alone (the comment has it all).
    static func requestLabel(_ method: String, _ target: String, words: LadderStrings) -> String {
        let plainMethod = method.count <= 10 && method.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f }
        guard plainMethod else { return words.requestLabel }
        let plainTarget = target.count <= 12 && target.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f && $0 != "\\" }
        return plainTarget ? method + " " + target : method
    }

    /// A text preview in quotes, at most `limit` characters, saying when it is cut.
    static func quoted(_ text: String, total: UInt64, limit: Int = 32, words: LadderStrings) -> String {
        let shown = String(text.prefix(limit))
        if UInt64(shown.utf8.count) >= total { return "\"" + narrow(shown) + "\"" }
        return "\"" + narrow(shown) + words.previewCut + "\"" + words.previewOf(shown.utf8.count, total)
    }

    static func frameRow(_ record: FrameRecord, words: LadderStrings) -> LadderRow {
        let frame = record.frame
        let header = frame.header
        let rsv = (header.rsv1 ? "1" : "0") + (header.rsv2 ? "1" : "0") + (header.rsv3 ? "1" : "0")
        let compressed = header.rsv1 && !frame.opcode.isControl && frame.opcode != .continuation
        var parts = [words.frameFacts(index: frame.index, fin: header.fin, rsv: rsv,
                                              key: header.maskingKey?.description, compressed: compressed)]
        if frame.opcode == .connectionClose {
            parts.append(words.closeDetail(code: frame.closeCode, reason: frame.closeReasonText.map(narrow)))
        } else if let preview = preview(frame, compressed: compressed, words: words) {
            parts.append(preview)
        }
        if frame.missingPayloadBytes > 0 {
            parts.append(words.missing(frame.missingPayloadBytes))
        } else if !frame.isComplete {
            parts.append(words.incomplete)
        }
        var row = LadderRow(kind: .frame, from: frame.from, firstPacket: record.firstPacket, lastPacket: record.lastPacket,
                            time: record.time,
                            label: words.frameLabel(opcode: frame.opcode, payloadLength: frame.payloadLength,
                                                            closeCode: frame.closeCode),
                            detail: parts.joined(separator: ": "))
        row.frame = frame.index
        row.opcodeName = frame.opcode.name
        row.fin = header.fin
        row.findings = frame.ruleIDs
        return row
    }

    /// What the payload says: quoted text, or the first bytes in hex; nil when empty or compressed.
    private static func preview(_ frame: DecodedFrame, compressed: Bool, words: LadderStrings) -> String? {
        guard !frame.payload.isEmpty, !compressed else { return nil }
        let textual = frame.opcode == .text || frame.opcode == .continuation || frame.opcode == .ping || frame.opcode == .pong
        if textual, !frame.header.rsv1 {
            // The prefix may end inside a character: try cutting it one to three bytes earlier.
            let prefix = frame.payload.prefix(128)
            for drop in 0...min(3, prefix.count - 1) {
                if let text = String(validating: prefix.dropLast(drop), as: UTF8.self) { return quoted(text, total: frame.payloadLength, words: words) }
            }
        }
        let shown = frame.payload.prefix(12)
        return shown.hexString + (frame.payloadLength > UInt64(shown.count)
                                  ? words.previewCut + words.previewOf(shown.count, frame.payloadLength) : "")
    }

    /// A finding joins a row: its rule id, and its message in the comment.
    static func attach(_ record: FindingRecord, to row: inout LadderRow, words: LadderStrings) {
        if !row.findings.contains(record.rule.id) { row.findings.append(record.rule.id) }
        // After a finding's sentence (it ends in a period) the next one follows as a sentence does.
        row.detail += (row.detail.hasSuffix(".") ? " " : "; ") + words.findingDetail(rule: record.rule.id, rfc: record.rule.rfcSection,
                                                 message: narrow(FindingWords.rawMessage(record.finding, style: words.style)))
    }
}
