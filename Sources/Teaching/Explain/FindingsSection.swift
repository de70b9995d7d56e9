import Analysis
import WireBytes

/// The findings the analysis tied to the frame, with their RFC sections and rules in words.
enum FindingsSection {
    static func render(_ findings: [FindingRecord], into out: inout SectionWriter) {
        let style = out.style
        out.heading(style.tr("explain.findings.heading"))
        guard !findings.isEmpty else {
            out.line(style.good(style.check) + " " + style.tr("explain.findings.none"))
            return
        }
        for finding in findings {
            let rfc = finding.rule.rfcSection.map { " (RFC \($0))" } ?? ""
            out.line("[\(style.severity(finding.rule.severity.rawValue))] \(finding.rule.id)\(rfc)"
                     + (finding.packet.map { ", " + style.tr("word.packet", $0) } ?? ""))
            out.line("    " + FindingWords.message(finding.finding, style: style))
            out.line("    " + style.tr("check.rulePrefix") + " " + FindingWords.summary(finding.rule, style: style))
        }
    }
}
