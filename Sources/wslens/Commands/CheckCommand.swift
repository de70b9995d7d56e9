import Analysis
import ArgumentParser
import Teaching
import WireBytes

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "RFC 6455 / 7692 conformance report; exits 1 when a rule of error severity is broken, 4 when nothing was checked.",
        discussion: """
            PASS needs at least one WebSocket connection: a capture without one is reported as \
            NOTHING CHECKED (exit 4), with the reason for each connection (a refused Upgrade, plain \
            HTTP, TLS, ...). With --format json the last line is always one verdict object.

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
        let report = try AnalysisRunner.run(capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.check)) { event in
            guard case .finding(let record) = event, capture.includes(record.connection?.number ?? capture.connection),
                  record.rule.severity >= severity.severity else { return }
            findings.append(record)
            if output.format == .json { Output.line(JSONContract.finding(record).serialized()) }
        }
        try AnalysisRunner.requireConnection(report, capture)
        let verdict = CheckVerdict(findings: findings, report: report, includes: { capture.includes($0) })
        let status: Int32
        switch verdict.outcome {
        case _ where report.captureError != nil: status = ExitStatus.unreadableCapture
        case .pass: status = ExitStatus.success
        case .fail: status = ExitStatus.findings
        case .nothingChecked: status = ExitStatus.nothingChecked
        }
        if output.format == .json {
            Output.line(JSONContract.verdict(verdict, exitCode: Int(status)).serialized())
        } else {
            Output.line(CheckView.render(findings, verdict: verdict, file: capture.file, style: output.style,
                                         markdown: output.format == .markdown))
        }
        try AnalysisRunner.finish(report, capture, language: output.language)
        switch verdict.outcome {
        case .pass:
            return
        case .fail:
            let style = output.style
            throw CommandFailure(message: style.tr("cli.check.fail", style.tr("check.count.errors", verdict.errors),
                                                   style.tr("check.count.warnings", verdict.warnings), capture.file),
                                 status: ExitStatus.findings)
        case .nothingChecked:
            let style = output.style
            throw CommandFailure(message: capture.connection.map { style.tr("cli.check.nothingCheckedNumbered", capture.file, $0) }
                                    ?? style.tr("cli.check.nothingChecked", capture.file), status: ExitStatus.nothingChecked)
        }
    }
}

enum SeverityChoice: String, ExpressibleByArgument, CaseIterable {
    case info, warning, error
    var severity: Severity { Severity(rawValue: rawValue)! }
}
