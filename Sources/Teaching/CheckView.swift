public import Analysis
import WireBytes

/// What `check` concludes: how many WebSocket connections it checked, which connections it could
/// not check and why, the findings by severity, and the verdict. Nothing checked is never a pass.
public struct CheckVerdict: Sendable {
    public enum Outcome: String, Sendable {
        case pass
        case fail
        /// No WebSocket connection, so no rule about WebSocket could be checked.
        case nothingChecked = "nothing checked"
    }

    /// WebSocket connections checked.
    public let checked: Int
    /// Connections that carried payload but are not WebSocket (not checked), in order.
    public let notChecked: [ConnectionReport]
    public let errors: Int
    public let warnings: Int
    public let infos: Int

    /// - Parameters:
    ///   - findings: the findings listed (at or above the chosen severity).
    ///   - includes: whether a connection number is selected (`--connection`).
    public init(findings: [FindingRecord], report: AnalysisReport, includes: (Int) -> Bool) {
        let selected = report.connections.filter { includes($0.number) }
        checked = selected.filter(\.isWebSocket).count
        notChecked = selected.filter { !$0.isWebSocket && $0.carriedPayload }
        errors = findings.filter { $0.rule.severity == .error }.count
        warnings = findings.filter { $0.rule.severity == .warning }.count
        infos = findings.count - errors - warnings
    }

    /// A broken rule of error severity fails the capture even where nothing was WebSocket.
    public var outcome: Outcome { errors > 0 ? .fail : checked == 0 ? .nothingChecked : .pass }
}

/// The `check` report: findings grouped by connection (rule id, RFC section, packet, frame, what
/// happened, the rule in words), what was not checked and why, then a verdict line.
public enum CheckView {
    public static func render(_ findings: [FindingRecord], verdict: CheckVerdict, file: String) -> String {
        render(findings, verdict: verdict, file: file, style: .plain)
    }

    public static func render(_ findings: [FindingRecord], verdict: CheckVerdict, file: String, style: Style,
                              markdown: Bool = false) -> String {
        var out = SectionWriter(markdown: markdown, style: style)
        let grouped = Dictionary(grouping: findings) { $0.connection?.number ?? 0 }
        for number in grouped.keys.sorted() {
            let records = grouped[number]!
            let errors = records.filter { $0.rule.severity == .error }.count
            let title: String
            if let identity = records.first?.connection {
                title = "Connection \(number): \(identity.client) → \(identity.server)"
            } else {
                title = "The capture itself"
            }
            out.heading(title + " – \(records.count) finding\(records.count == 1 ? "" : "s")"
                        + (errors > 0 ? ", \(errors) error\(errors == 1 ? "" : "s")" : ""), level: 3)
            if markdown {
                var table = TextTable(columns: [.init("severity"), .init("rule"), .init("RFC"), .init("from"), .init("frame", .right),
                                                .init("packet", .right), .init("what happened"), .init("rule in words")])
                for record in records {
                    table.append([record.rule.severity.rawValue, "`\(record.rule.id)`", record.rule.rfcSection ?? "",
                                  record.from?.rawValue ?? "", record.frameIndex.map(String.init) ?? "",
                                  record.packet.map(String.init) ?? "", TerminalSafe.escape(record.finding.message),
                                  record.rule.summary])
                }
                out.table(table)
            } else {
                for record in records { out.raw(TextViews.finding(record, style: style)) }
            }
            out.blank()
        }
        if !verdict.notChecked.isEmpty {
            out.heading("Not checked: \(verdict.notChecked.count) connection\(verdict.notChecked.count == 1 ? "" : "s") without WebSocket", level: 3)
            var lines: [String] = []
            for report in verdict.notChecked.prefix(notCheckedLimit) {
                lines.append("connection \(report.number) (\(report.identity.client) → \(report.identity.server)): "
                             + TerminalSafe.escape(report.notWebSocketReason.map(NotWebSocketView.line) ?? "not WebSocket"))
            }
            if verdict.notChecked.count > notCheckedLimit {
                lines.append("… and \(verdict.notChecked.count - notCheckedLimit) more (`wslens summary` lists every one)")
            }
            if markdown {
                for line in lines { out.line("- " + line) }
            } else {
                for line in lines { out.line("  " + line) }
            }
            out.blank()
        }
        var counts = [verdict.errors == 1 ? "1 error" : "\(verdict.errors) errors"]
        if verdict.warnings > 0 { counts.append(verdict.warnings == 1 ? "1 warning" : "\(verdict.warnings) warnings") }
        if verdict.infos > 0 { counts.append(verdict.infos == 1 ? "1 note" : "\(verdict.infos) notes") }
        let checked = "\(verdict.checked) WebSocket connection\(verdict.checked == 1 ? "" : "s") checked"
        let line: String
        switch verdict.outcome {
        case .pass:
            line = style.good("✓ PASS") + ": \(checked), no rule of error severity broken (" + counts.joined(separator: ", ") + ")."
        case .fail:
            line = style.bad("✗ FAIL") + ": \(checked), " + counts.joined(separator: ", ") + "."
        case .nothingChecked:
            line = style.warn("? NOTHING CHECKED") + ": \(TerminalSafe.escape(file)) has no WebSocket connection"
                + (verdict.notChecked.isEmpty ? "" : " (why: above)") + ", so no WebSocket rule could be checked ("
                + counts.joined(separator: ", ") + ")."
        }
        out.line(markdown ? "**" + line + "**" : line)
        return out.finish()
    }

    static let notCheckedLimit = 20
}
