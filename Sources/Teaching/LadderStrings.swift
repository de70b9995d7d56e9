import Localization
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes

/// Every word the ladder shows (labels between the lanes, comments, headings), from the string
/// catalog in the style's language. Labels are short (and ASCII in English); comments may be long.
struct LadderStrings: Sendable {
    let style: Style

    init(style: Style = .plain) { self.style = style }
    init(language: Language) { self.style = Style(language: language) }

    private func tr(_ key: String, _ arguments: any CatalogArgumentConvertible...) -> String {
        style.tr(key, arguments: arguments.map(\.catalogArgument))
    }

    // MARK: Headings

    func title(_ number: Int, client: String, server: String) -> String { tr("ladder.title", number, client, server) }

    var client: String { tr("ladder.client") }
    var server: String { tr("ladder.server") }
    var timeHeading: String { tr("ladder.timeHeading") }
    var packetHeading: String { tr("ladder.packetHeading") }

    func phase(_ phase: LadderRow.Phase) -> String {
        switch phase {
        case .opening: tr("ladder.phase.opening")
        case .data: tr("ladder.phase.data")
        case .closing: tr("ladder.phase.closing")
        }
    }

    func noConnections(_ file: String) -> String { tr("ladder.noConnections", file) }
    func noSuchConnection(_ number: Int, _ file: String) -> String { tr("ladder.noSuchConnection", number, file) }

    func timeLegend(_ mode: LadderTimeMode) -> String { tr("ladder.timeLegend." + mode.rawValue) }

    // MARK: TCP

    var syn: String { "SYN" }
    var synAck: String { "SYN-ACK" }
    var ack: String { "ACK" }
    var fin: String { "FIN" }
    var rst: String { "RST" }

    func synDetail(seq: UInt32) -> String { tr("ladder.synDetail", "\(seq)") }
    func synAckDetail(seq: UInt32) -> String { tr("ladder.synAckDetail", "\(seq)") }
    var ackDetail: String { tr("ladder.ackDetail") }
    func finDetail(_ sender: String, payload: Int) -> String {
        tr("ladder.finDetail", sender) + (payload > 0 ? " " + tr("ladder.finDetailPayload", payload) : "")
    }
    func finalAckDetail(_ sender: String) -> String { tr("ladder.finalAckDetail", sender) }
    func rstDetail(_ sender: String) -> String { tr("ladder.rstDetail", sender) }
    var withoutCloseFrame: String { "; " + tr("ladder.withoutCloseFrame") }
    var repeated: String { " " + tr("ladder.repeated") }

    // MARK: HTTP

    func requestDetail(method: String, target: String, version: String, host: String?, key: String?,
                       extensions: [String], subprotocols: [String]) -> String {
        var parts = ["\(method) \(target) \(version)"]
        if let host { parts.append("Host: \(host)") }
        if let key { parts.append("Sec-WebSocket-Key: \(key)") }
        if !subprotocols.isEmpty { parts.append(tr("ladder.offersSubprotocols", subprotocols.joined(separator: ", "))) }
        if !extensions.isEmpty { parts.append(tr("ladder.offers", extensions.joined(separator: ", "))) }
        return parts.joined(separator: "; ")
    }

    var requestNotKept: String { tr("ladder.requestNotKept") }
    var requestLabel: String { tr("ladder.requestLabel") }

    func responseDetail(statusLine: String, acceptValid: Bool?, established: Bool, extensions: [String],
                        subprotocol: String?) -> String {
        var parts = [statusLine]
        if established {
            switch acceptValid {
            case true?: parts.append("Sec-WebSocket-Accept ✓ " + tr("ladder.acceptMatches"))
            case false?: parts.append("Sec-WebSocket-Accept ✗ " + tr("ladder.acceptDiffers"))
            case nil: parts.append(tr("ladder.acceptNotChecked"))
            }
            if let subprotocol { parts.append(tr("ladder.subprotocol", subprotocol)) }
            if !extensions.isEmpty { parts.append(tr("ladder.accepts", extensions.joined(separator: ", "))) }
            parts.append(tr("ladder.established"))
        } else {
            parts.append(tr("ladder.refused"))
        }
        return parts.joined(separator: "; ")
    }

    func exchangeDetail(method: String, target: String, status: Int?, requestBytes: UInt64, responseBytes: UInt64,
                        answeredAfter: Double? = nil) -> String {
        let answer = status.map { status in answeredAfter.map { tr("ladder.answeredAfter", status, duration($0)) } ?? "\(status)" }
        return tr("ladder.exchange", "\(method) \(target)", answer ?? tr("ladder.noResponse"), size(requestBytes), size(responseBytes))
    }

    // MARK: Frames

    func frameLabel(opcode: WebSocketOpcode, payloadLength: UInt64, closeCode: WebSocketCloseCode?) -> String {
        let name = opcodeName(opcode.name)
        switch opcode {
        case .connectionClose: return closeCode.map { name + " \($0.rawValue)" } ?? name
        case .ping, .pong: return payloadLength == 0 ? name : name + " " + size(payloadLength)
        case .continuation: return tr("ladder.continuationLabel") + " " + size(payloadLength)
        case .text, .binary: return name + " " + size(payloadLength)
        default: return "opcode 0x" + String(opcode.rawValue, radix: 16)
        }
    }

    /// An opcode's short name ("text") in the language; names of reserved opcodes as they are.
    func opcodeName(_ englishName: String) -> String {
        ["continuation", "text", "binary", "close", "ping", "pong"].contains(englishName) ? tr("opcode.name." + englishName) : englishName
    }

    func frameFacts(index: Int, fin: Bool, rsv: String, key: String?, compressed: Bool) -> String {
        tr("ladder.frameFacts", index, fin ? 1 : 0) + (rsv == "000" ? "" : ", RSV=\(rsv)")
            + ", " + (key.map { tr("ladder.maskedWith", $0) } ?? tr("ladder.notMasked"))
            + (compressed ? " [" + tr("ladder.compressed") + "]" : "")
    }

    func closeDetail(code: WebSocketCloseCode?, reason: String?) -> String {
        guard let code else { return tr("ladder.closeWithoutCode") }
        return CloseCodeWords.label(code, style: style) + (reason.map { $0.isEmpty ? "" : " \"\($0)\"" } ?? "")
    }

    func closesFirst(_ sender: String) -> String { tr("ladder.closesFirst", sender) }
    func answersClose(_ sender: String) -> String { tr("ladder.answersClose", sender) }
    var closeUnanswered: String { tr("ladder.closeUnanswered") }
    func pingAnswered(by frame: Int, after rtt: String?) -> String {
        rtt.map { tr("ladder.pingAnsweredAfter", frame, $0) } ?? tr("ladder.pingAnswered", frame)
    }
    var pingUnanswered: String { tr("ladder.pingUnanswered") }
    func pongAnswers(_ frame: Int, after rtt: String?) -> String {
        rtt.map { tr("ladder.pongAnswersAfter", frame, $0) } ?? tr("ladder.pongAnswers", frame)
    }
    var pongPayloadDiffers: String { "; " + tr("ladder.pongPayloadDiffers") }
    var pongUnsolicited: String { tr("ladder.pongUnsolicited") }
    func missing(_ count: UInt64) -> String { tr("ladder.missing", count) }
    var incomplete: String { tr("word.incomplete") }
    func messageEnds(_ index: Int, frames: Int, length: UInt64, inflatedFrom: UInt64?, preview: String?) -> String {
        tr("ladder.messageEnds", index, tr("ladder.frames", frames) + ", " + size(length)
            + (inflatedFrom.map { ", " + tr("ladder.inflatedFrom", size($0)) } ?? ""))
            + (preview.map { ": " + $0 } ?? "")
    }
    var previewCut: String { "…" }
    func previewOf(_ shown: Int, _ total: UInt64) -> String { " " + tr("ladder.previewOf", shown, total) }

    // MARK: Folds, gaps, findings, end

    func foldLabel(_ count: Int) -> String { "… " + tr("ladder.frames", count) + " …" }

    func foldDetail(count: Int, bytes: UInt64, fromClient: Int, fromServer: Int, opcodes: [(String, Int)]) -> String {
        let kinds = opcodes.map { "\($0.1) " + opcodeName($0.0) }.joined(separator: ", ")
        return tr("ladder.foldDetail", count, kinds, size(bytes), fromClient, fromServer)
    }

    func gapLabel(_ length: UInt64) -> String { tr("ladder.gapLabel", size(length)) }

    func gapDetail(_ length: UInt64, sender: String, reason: GapReason) -> String {
        let why = switch reason {
        case .lost: tr("ladder.gap.lost")
        case .notCaptured: tr("ladder.gap.notCaptured")
        case .bufferCap: tr("ladder.gap.bufferCap")
        }
        return tr("ladder.gapDetail", length, sender, why)
    }

    var findingLabel: String { tr("ladder.findingLabel") }
    func findingDetail(rule: String, rfc: String?, message: String) -> String {
        "[\(rule)\(rfc.map { ", RFC \($0)" } ?? "")] \(message)"
    }

    var endLabel: String { tr("ladder.endLabel") }
    var endDetail: String { tr("ladder.endDetail") }

    func sender(_ peer: Peer) -> String { peer == .client ? client : server }

    /// "11 B", "1.5 KB", "42 KB", "3.2 MB" (1 KB = 1000 bytes; German "1,5 KB").
    func size(_ bytes: UInt64) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        let text = tenths >= 100 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        return style.decimal(text) + " " + units[unit]
    }

    /// "0.107 ms", "2.000 ms", "1.250 s" (German with a decimal comma).
    func duration(_ seconds: Double) -> String {
        style.decimal(seconds < 1 ? SummaryView.format3(seconds * 1000) + " ms" : SummaryView.format3(seconds) + " s")
    }
}
