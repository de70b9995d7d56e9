import Analysis
import WireBytes

/// The findings the analysis tied to the frame, with their RFC sections and rules in words.
enum FindingsSection {
    static func render(_ findings: [FindingRecord], into out: inout SectionWriter) {
        let style = out.style
        out.heading("Findings on this frame")
        guard !findings.isEmpty else {
            out.line(style.good(style.check) + " none: this frame follows every rule wslens checks")
            return
        }
        for finding in findings {
            let rfc = finding.rule.rfcSection.map { " (RFC \($0))" } ?? ""
            out.line("[\(style.severity(finding.rule.severity.rawValue))] \(finding.rule.id)\(rfc)"
                     + (finding.packet.map { ", packet \($0)" } ?? ""))
            out.line("    " + TerminalSafe.escape(finding.finding.message))
            out.line("    rule: " + finding.rule.summary)
        }
    }
}
