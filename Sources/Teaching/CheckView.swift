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
                title = style.tr("check.connection", number, "\(identity.client)", "\(identity.server)")
            } else {
                title = style.tr("check.captureItself")
            }
            out.heading(title + " – " + style.tr("check.count.findings", records.count)
                        + (errors > 0 ? ", " + style.tr("check.count.errors", errors) : ""), level: 3)
            if markdown {
                let columns = ["severity", "rule", "rfc", "from", "frame", "packet", "whatHappened", "ruleInWords"]
                    .map { style.tr("check.column." + $0) }
                var table = TextTable(columns: columns.indices.map { .init(columns[$0], $0 == 4 || $0 == 5 ? .right : .left) })
                for record in records {
                    table.append([style.tr("severity." + record.rule.severity.rawValue), "`\(record.rule.id)`", record.rule.rfcSection ?? "",
                                  record.from.map { style.tr("peer." + $0.rawValue) } ?? "", record.frameIndex.map(String.init) ?? "",
                                  record.packet.map(String.init) ?? "", FindingWords.message(record.finding, style: style),
                                  FindingWords.summary(record.rule, style: style)])
                }
                out.table(table)
            } else {
                for record in records { out.raw(TextViews.finding(record, style: style)) }
            }
            out.blank()
        }
        if !verdict.notChecked.isEmpty {
            out.heading(style.tr("check.notChecked", verdict.notChecked.count), level: 3)
            var lines: [String] = []
            for report in verdict.notChecked.prefix(notCheckedLimit) {
                lines.append(style.tr("check.notCheckedConnection", report.number, "\(report.identity.client)", "\(report.identity.server)") + " "
                             + TerminalSafe.escape(report.notWebSocketReason.map { NotWebSocketView.line($0, style: style) }
                                                   ?? style.tr("check.notWebSocket")))
            }
            if verdict.notChecked.count > notCheckedLimit {
                lines.append(style.tr("check.notCheckedMore", verdict.notChecked.count - notCheckedLimit))
            }
            if markdown {
                for line in lines { out.line("- " + line) }
            } else {
                for line in lines { out.line("  " + line) }
            }
            out.blank()
        }
        var counts = [style.tr("check.count.errors", verdict.errors)]
        if verdict.warnings > 0 { counts.append(style.tr("check.count.warnings", verdict.warnings)) }
        if verdict.infos > 0 { counts.append(style.tr("check.count.notes", verdict.infos)) }
        let checked = style.tr("check.count.checked", verdict.checked)
        let countText = counts.joined(separator: ", ")
        let line: String
        switch verdict.outcome {
        case .pass:
            line = style.good("✓ " + style.tr("check.verdict.pass")) + ": " + style.tr("check.verdict.passDetail", checked, countText)
        case .fail:
            line = style.bad("✗ " + style.tr("check.verdict.fail")) + ": \(checked), " + countText + "."
        case .nothingChecked:
            line = style.warn("? " + style.tr("check.verdict.nothingChecked")) + ": "
                + style.tr(verdict.notChecked.isEmpty ? "check.verdict.nothingCheckedDetail" : "check.verdict.nothingCheckedDetailWhy",
                           TerminalSafe.escape(file), countText)
        }
        out.line(markdown ? "**" + line + "**" : line)
        return out.finish()
    }

    static let notCheckedLimit = 20
}
