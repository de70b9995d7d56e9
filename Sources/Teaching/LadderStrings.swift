import Analysis
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes

/// Every word the ladder shows (labels between the lanes, comments, headings), in one place so
/// that the string catalog can take them over. Labels are ASCII and short; comments may be long.
enum LadderStrings {
    // MARK: Headings

    static func title(_ number: Int, client: String, server: String) -> String {
        "Connection \(number): client \(client) ⇄ server \(server)"
    }

    static let client = "client"
    static let server = "server"
    static let timeHeading = "time"
    static let packetHeading = "pkt"

    static func phase(_ phase: LadderRow.Phase) -> String {
        switch phase {
        case .opening: "opening handshake"
        case .data: "data transfer"
        case .closing: "closing handshake"
        }
    }

    static func noConnections(_ file: String) -> String { "No WebSocket connections in \(file)." }
    static func noSuchConnection(_ number: Int, _ file: String) -> String { "No connection \(number) in \(file)." }

    static func timeLegend(_ mode: LadderTimeMode) -> String {
        switch mode {
        case .relative: "time: seconds since the connection's first packet"
        case .absolute: "time: UTC clock time of each packet"
        case .delta: "time: seconds since the row above"
        }
    }

    // MARK: TLS (wss)

    static let tlsAlertLabel = "TLS alert"

    /// Between the lanes: the first step's name, and how many more went with it.
    static func tlsLabel(_ kinds: [TLSHandshakeStep.Kind]) -> String {
        let first: String
        switch kinds[0] {
        case .message(let name): first = tlsMessageName(name)
        case .changeCipherSpec: first = "ChangeCipherSpec"
        case .alert: return tlsAlertLabel
        }
        return kinds.count == 1 ? first : "\(first) +\(kinds.count - 1)"
    }

    /// The comment: every step, clear or encrypted.
    static func tlsDetail(_ steps: [(TLSHandshakeStep.Kind, Bool)]) -> String {
        "TLS " + steps.map { kind, encrypted in
            let name: String
            switch kind {
            case .message(let message): name = tlsMessageName(message)
            case .changeCipherSpec: name = "ChangeCipherSpec"
            case .alert(let level, let description):
                name = level.map { "alert \($0) \(description ?? "?")" } ?? "alert (encrypted, not decrypted)"
            }
            return name + (encrypted ? " (encrypted)" : "")
        }.joined(separator: ", ")
    }

    /// RFC 8446's names as the RFC's prose writes them: "client_hello" -> "ClientHello".
    static func tlsMessageName(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func tlsSession(version: String?, suite: String?, serverName: String?) -> String {
        var parts: [String] = []
        if let version { parts.append(version) }
        if let suite { parts.append(suite) }
        if let serverName { parts.append("SNI " + serverName) }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    static func tlsApplicationData(client: Int, server: Int) -> String {
        "; then \(client) + \(server) TLS application data records carry what follows (decrypted)"
    }

    // MARK: TCP

    static let syn = "SYN"
    static let synAck = "SYN-ACK"
    static let ack = "ACK"
    static let fin = "FIN"
    static let rst = "RST"

    static func synDetail(seq: UInt32) -> String { "the client opens TCP (initial sequence number \(seq))" }
    static func synAckDetail(seq: UInt32) -> String { "the server accepts (its initial sequence number \(seq))" }
    static let ackDetail = "the client acknowledges: TCP is open (three-way handshake done)"
    static func finDetail(_ sender: String, payload: Int) -> String {
        "the \(sender) has nothing more to send" + (payload > 0 ? " (the segment also carries \(payload) bytes)" : "")
    }
    static func finalAckDetail(_ sender: String) -> String { "the \(sender) acknowledges the last FIN: TCP is closed" }
    static func rstDetail(_ sender: String) -> String { "the \(sender) resets the connection: it ends at once, unacknowledged data is lost" }
    static let withoutCloseFrame = "; TCP ends without a WebSocket close frame (1006 Abnormal Closure)"
    static let repeated = " (again: a retransmission)"

    // MARK: HTTP

    static func requestDetail(method: String, target: String, version: String, host: String?, key: String?,
                              extensions: [String], subprotocols: [String]) -> String {
        var parts = ["\(method) \(target) \(version)"]
        if let host { parts.append("Host: \(host)") }
        if let key { parts.append("Sec-WebSocket-Key: \(key)") }
        if !subprotocols.isEmpty { parts.append("offers subprotocols " + subprotocols.joined(separator: ", ")) }
        if !extensions.isEmpty { parts.append("offers " + extensions.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    static let requestNotKept = "the upgrade request (its head is not in the capture)"

    static func responseDetail(statusLine: String, acceptValid: Bool?, established: Bool, extensions: [String],
                               subprotocol: String?) -> String {
        var parts = [statusLine]
        if established {
            switch acceptValid {
            case true?: parts.append("Sec-WebSocket-Accept ✓ matches the key")
            case false?: parts.append("Sec-WebSocket-Accept ✗ does not match the key")
            case nil: parts.append("accept key not checked (not in the capture)")
            }
            if let subprotocol { parts.append("subprotocol " + subprotocol) }
            if !extensions.isEmpty { parts.append("accepts " + extensions.joined(separator: ", ")) }
            parts.append("from here on both sides speak WebSocket")
        } else {
            parts.append("the upgrade is refused: the connection stays HTTP")
        }
        return parts.joined(separator: "; ")
    }

    static func exchangeDetail(method: String, target: String, status: Int?, requestBytes: UInt64, responseBytes: UInt64) -> String {
        "\(method) \(target) answered " + (status.map { "\($0)" } ?? "(no response in the capture)")
            + "; request \(size(requestBytes)), response \(size(responseBytes)) (heads and bodies)"
    }

    // MARK: Frames

    static func frameLabel(opcode: WebSocketOpcode, payloadLength: UInt64, closeCode: WebSocketCloseCode?) -> String {
        switch opcode {
        case .connectionClose: return closeCode.map { "close \($0.rawValue)" } ?? "close"
        case .ping, .pong: return payloadLength == 0 ? opcode.name : "\(opcode.name) \(size(payloadLength))"
        case .continuation: return "cont. \(size(payloadLength))"
        case .text, .binary: return "\(opcode.name) \(size(payloadLength))"
        default: return "opcode 0x" + String(opcode.rawValue, radix: 16)
        }
    }

    static func frameFacts(index: Int, fin: Bool, rsv: String, key: String?, compressed: Bool) -> String {
        "frame \(index), FIN=\(fin ? 1 : 0)" + (rsv == "000" ? "" : ", RSV=\(rsv)")
            + (key.map { ", masked with \($0)" } ?? ", not masked") + (compressed ? " [compressed]" : "")
    }

    static func closeDetail(code: WebSocketCloseCode?, reason: String?) -> String {
        guard let code else { return "close without a status code (1005 No Status Received)" }
        return code.label + (reason.map { $0.isEmpty ? "" : " \"\($0)\"" } ?? "")
    }

    static func closesFirst(_ sender: String) -> String { "the \(sender) starts the closing handshake" }
    static func answersClose(_ sender: String) -> String { "the \(sender) answers the close: the closing handshake is complete" }
    static let closeUnanswered = "no answering close frame in the capture"
    static func pingAnswered(by frame: Int, after rtt: String?) -> String {
        "answered by the pong in frame \(frame)" + (rtt.map { " after \($0)" } ?? "")
    }
    static let pingUnanswered = "no pong in the capture"
    static func pongAnswers(_ frame: Int, after rtt: String?) -> String {
        "answers the ping of frame \(frame)" + (rtt.map { ", round trip \($0)" } ?? "")
    }
    static let pongPayloadDiffers = "; its payload differs from the ping's"
    static let pongUnsolicited = "unsolicited (a heartbeat: no ping before it)"
    static func missing(_ count: UInt64) -> String { "incomplete: \(count) bytes are not in the capture" }
    static let incomplete = "incomplete"
    static func messageEnds(_ index: Int, frames: Int, length: UInt64, inflatedFrom: UInt64?, preview: String?) -> String {
        "ends message \(index) (\(frames) frame\(frames == 1 ? "" : "s"), \(size(length))"
            + (inflatedFrom.map { ", inflated from \(size($0))" } ?? "") + ")" + (preview.map { ": " + $0 } ?? "")
    }
    static let previewCut = "…"
    static func previewOf(_ shown: Int, _ total: UInt64) -> String { " (first \(shown) of \(total) bytes)" }

    // MARK: Folds, gaps, findings, end

    static func foldLabel(_ count: Int) -> String { "… \(count) frames …" }

    static func foldDetail(count: Int, bytes: UInt64, fromClient: Int, fromServer: Int, opcodes: [(String, Int)]) -> String {
        let kinds = opcodes.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        return "\(count) data frames (\(kinds)), \(size(bytes)) of payload; \(fromClient) client → server, "
            + "\(fromServer) server → client; --all draws every one"
    }

    static func gapLabel(_ length: UInt64) -> String { "gap \(size(length))" }

    static func gapDetail(_ length: UInt64, sender: String, reason: GapReason) -> String {
        let why = switch reason {
        case .lost: "lost: never captured"
        case .notCaptured: "cut off by the snapshot length"
        case .bufferCap: "given up: the out-of-order buffer was full"
        }
        return "\(length) bytes of the \(sender)'s stream are not in the capture (\(why)); decoding resumes after them"
    }

    static let findingLabel = "finding"
    static func findingDetail(rule: String, rfc: String?, message: String) -> String {
        "[\(rule)\(rfc.map { ", RFC \($0)" } ?? "")] \(message)"
    }

    static let endLabel = "capture ends"
    static let endDetail = "the capture ends with the connection still open: what came after is not in it"

    static func sender(_ peer: Peer) -> String { peer == .client ? client : server }

    /// "11 B", "1.5 KB", "42 KB", "3.2 MB" (1 KB = 1000 bytes).
    static func size(_ bytes: UInt64) -> String {
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
        return text + " " + units[unit]
    }

    /// "0.107 ms", "2.000 ms", "1.250 s".
    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? SummaryView.format3(seconds * 1000) + " ms" : SummaryView.format3(seconds) + " s"
    }
}
