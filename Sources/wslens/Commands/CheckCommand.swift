import Analysis
import ArgumentParser
import Teaching
import WireBytes

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "RFC 6455 / 7692 conformance report; exits 1 when a rule of error severity is broken.",
        discussion: """
            Examples:
              wslens check Captures/seed-examples.pcap
              wslens check student-chat.pcapng --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Lowest severity to list: info, warning or error.")
    var severity: SeverityChoice = .info

    func run() throws {
        var findings: [FindingRecord] = []
        let report = try AnalysisRunner.run(capture, options: capture.analysisOptions(.applicationLayer)) { event in
            guard case .finding(let record) = event, capture.includes(record.connection?.number ?? capture.connection),
                  record.rule.severity >= severity.severity else { return }
            findings.append(record)
            if output.format == .json { Output.line(JSONContract.finding(record).serialized()) }
        }
        let errors = findings.filter { $0.rule.severity == .error }.count
        let warnings = findings.filter { $0.rule.severity == .warning }.count
        if output.format != .json {
            Output.line(CheckView.render(findings, report: report, connection: capture.connection, style: output.style,
                                         markdown: output.format == .markdown))
        }
        try AnalysisRunner.finish(report)
        if errors > 0 {
            throw CommandFailure(message: "\(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s") in \(capture.file)",
                                 status: ExitStatus.findings)
        }
    }
}

enum SeverityChoice: String, ExpressibleByArgument, CaseIterable {
    case info, warning, error
    var severity: Severity { Severity(rawValue: rawValue)! }
}
