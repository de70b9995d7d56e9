public import Analysis
import HTTPUpgrade
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes

/// The per-connection summary as text.
public enum SummaryView {
    public static func render(_ report: ConnectionReport, ascii: Bool) -> String {
        let check = ascii ? "ok" : "✓"
        let cross = ascii ? "WRONG" : "✗"
        var lines: [String] = []
        let identity = report.identity
        lines.append("Connection \(identity.number): client \(identity.client) \(ascii ? "->" : "→") server \(identity.server)"
                     + (identity.roleBasis.isGuess ? " (roles guessed from the ports)" : ""))
        if let record = report.handshake {
            let handshake = record.handshake
            lines.append("  Handshake (packets \(record.requestPacket.map(String.init) ?? "?") and \(record.responsePacket.map(String.init) ?? "?"))")
            lines.append("    request   \(safe(handshake.method)) \(safe(handshake.target))   Host: \(safe(handshake.host ?? "(missing)"))")
            lines.append("    key       \(safe(handshake.key ?? "(missing)"))")
            let acceptMark = handshake.acceptValid ? check : cross + " expected " + safe(handshake.expectedAccept ?? "?")
            lines.append("    accept    \(safe(handshake.accept ?? "(missing)")) \(acceptMark)")
            lines.append("    status    \(handshake.status.map(String.init) ?? "(no response)")   version \(safe(handshake.version ?? "(missing)"))")
            if !handshake.offeredSubprotocols.isEmpty || handshake.subprotocol != nil {
                lines.append("    subprotocol \(safe(handshake.subprotocol ?? "(none chosen)")) of offered: \(safe(handshake.offeredSubprotocols.joined(separator: ", ")))")
            }
            if !handshake.offeredExtensions.isEmpty {
                lines.append("    extensions offered:  \(safe(handshake.offeredExtensions.map(\.description).joined(separator: ", ")))")
                lines.append("    extensions accepted: \(handshake.extensions.isEmpty ? "none" : safe(handshake.extensions.map(\.description).joined(separator: ", ")))")
            }
        } else if report.isWebSocketByHeuristic {
            lines.append("  Handshake not in the capture: WebSocket recognised from its framing")
        }
        if report.isWebSocket {
            for peer in [Peer.client, .server] {
                guard let counts = report.counts(from: peer) else { continue }
                lines.append("  from \(peer.rawValue): \(counts.frames) frames (\(counts.dataFrames) data, \(counts.controlFrames) control), \(counts.messages) messages, \(counts.headerBytes) header bytes, \(counts.payloadBytes) payload bytes")
            }
            if let close = report.close {
                if let first = close.first {
                    let code = first.code?.label ?? "no status code"
                    let reason = first.reasonText.flatMap { $0.isEmpty ? nil : " \"\(safe($0))\"" } ?? ""
                    lines.append("  close: \(first.from.rawValue) closed first with \(code)\(reason); "
                                 + (close.isHandshakeComplete ? "the other side answered" : "no answer seen"))
                } else if close.endedWithoutCloseFrame {
                    lines.append("  close: the TCP connection ended without a close frame (reported as 1006 Abnormal Closure)")
                }
            }
            for timing in report.pingPongs.prefix(5) {
                let rtt = timing.roundTrip.map { String(format3($0 * 1000)) + " ms" } ?? "no pong"
                lines.append("  ping from \(timing.pair.pingFrom.rawValue) (frame \(timing.pair.pingFrameIndex.map(String.init) ?? "?")): \(rtt)"
                             + (timing.pair.payloadMatches || timing.pair.pongFrameIndex == nil ? "" : ", pong payload differs"))
            }
        }
        if report.findingCounts.isEmpty {
            lines.append("  findings: none")
        } else {
            lines.append("  findings: " + report.findingCounts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func safe(_ text: String) -> String { TerminalSafe.escape(text) }

    static func format3(_ value: Double) -> String {
        let scaled = Int64((value * 1000).rounded())
        let fraction = String(abs(scaled) % 1000)
        return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// The `check` report as text: findings grouped by connection, then a verdict.
public enum CheckView {
    public static func render(_ findings: [FindingRecord], report: AnalysisReport, connection: Int?) -> String {
        var lines: [String] = []
        let grouped = Dictionary(grouping: findings) { $0.connection?.number ?? 0 }
        for number in grouped.keys.sorted() {
            let records = grouped[number]!
            if let identity = records.first?.connection {
                lines.append("Connection \(number): \(identity.client) → \(identity.server)")
            } else {
                lines.append("The capture itself")
            }
            for record in records { lines.append(TextViews.finding(record)) }
            lines.append("")
        }
        let errors = findings.filter { $0.rule.severity == .error }.count
        let warnings = findings.filter { $0.rule.severity == .warning }.count
        let connections = report.connections.filter { $0.isWebSocket && (connection == nil || $0.number == connection) }.count
        let verdict = errors == 0
            ? "PASS: \(connections) WebSocket connection\(connections == 1 ? "" : "s") checked, no rule of error severity broken"
            : "FAIL: \(errors) error\(errors == 1 ? "" : "s")"
        lines.append(verdict + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "") + ".")
        return lines.joined(separator: "\n")
    }
}
