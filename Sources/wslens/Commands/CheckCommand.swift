import Analysis
import ArgumentParser
import Foundation
import PacketCapture
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

            Grading: several files or a folder (its capture files, subfolders included, sorted by \
            name) are checked each on its own, on every core, and reported in that order; a table \
            ends the report: file, WebSocket connections, errors, warnings, verdict. --format json \
            gives the findings and one verdict object per capture (each with `file`), --format csv one \
            row per capture (file,connections,errors,warnings,infos,verdict,exitCode,problem). A \
            capture that cannot be read is UNREADABLE and the others are still checked. The exit \
            code is the worst of the captures' in the order 3 (unreadable) > 1 (errors) > 4 \
            (nothing checked) > 0.

            With -i, the report is printed when the capture ends (Ctrl-C, --duration, --count), with \
            the same exit codes as for a file.

            Examples:
              wslens check Captures/seed-examples.pcap
              wslens check student-chat.pcapng --format json
              wslens check submissions/ --format csv > grades.csv
              sudo wslens check -i lo --duration 60
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: CheckOutputOptions

    @Option(help: "Lowest severity to list: info, warning or error.")
    var severity: SeverityChoice = .info

    @Option(help: ArgumentHelp("Captures checked at the same time (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    private var settings: CheckSettings {
        CheckSettings(severity: severity.severity, connection: capture.connection, format: output.format, style: output.style,
                      filter: capture.filter, packetLimit: capture.live.count)
    }

    func run() throws {
        let expanded = try capture.sources()
        guard expanded.isBatch else {
            guard let source = expanded.sources.first else { return }
            try checkOne(source)
            return
        }
        try checkAll(expanded.sources)
    }

    // MARK: One capture

    /// One capture: findings streamed as they are found (JSON), the report at the end.
    private func checkOne(_ source: CaptureSource) throws {
        var check = CapturedCheck(settings: settings)
        let report = try AnalysisRunner.run(source, capture, language: output.language,
                                            options: capture.analysisOptions(AnalysisNeeds.check)) { check.consume($0) }
        try AnalysisRunner.requireConnection(report, source, capture)
        let result = check.conclude(report, source: source, tags: JSONTags(source: source, several: false))
        if output.format == .csv { Output.line(BatchCheckView.csvHeader) }
        for line in result.lines { Output.line(line) }
        if output.format == .csv { Output.line(BatchCheckView.csvRow(result.row)) }
        try AnalysisRunner.finish(report, source, capture, language: output.language)
        let row = result.row
        let style = output.style
        switch row.verdict {
        case "fail":
            throw CommandFailure(message: style.tr("cli.check.fail", style.tr("check.count.errors", row.errors),
                                                   style.tr("check.count.warnings", row.warnings), source.name),
                                 status: ExitStatus.findings)
        case "nothing checked":
            throw CommandFailure(message: capture.connection.map { style.tr("cli.check.nothingCheckedNumbered", source.name, $0) }
                                    ?? style.tr("cli.check.nothingChecked", source.name), status: ExitStatus.nothingChecked)
        default:
            return
        }
    }

    // MARK: Several captures

    /// Each capture on its own, `--jobs` at a time; the output in argument order, each capture's as
    /// a whole, as soon as it and those before it are done; then the table.
    private func checkAll(_ sources: [CaptureSource]) throws {
        try capture.checkRanges()
        var options = capture.analysisOptions(AnalysisNeeds.check)
        options.keyLog = try capture.loadKeyLog(language: output.language)
        let job = CheckJob(settings: settings, options: options)
        let width = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, sources.count)
        var rows: [BatchCheckRow] = []
        if output.format == .csv { Output.line(BatchCheckView.csvHeader) }
        OrderedParallel.run(count: sources.count, width: max(1, width), work: { index in job.run(sources[index]) }) { index, result in
            if output.format == .text || output.format == .markdown {
                if index > 0 { Output.line("") }
                Output.line(CaptureHeading.render(sources[index].name, style: output.style, markdown: output.format == .markdown))
            }
            for line in result.lines { Output.line(line) }
            for note in result.notes { Output.problem("wslens: " + TerminalSafe.escape(note)) }
            if output.format == .csv { Output.line(BatchCheckView.csvRow(result.row)) }
            rows.append(result.row)
        }
        if output.format == .text || output.format == .markdown {
            Output.line("")
            Output.line(BatchCheckView.table(rows, style: output.style, markdown: output.format == .markdown))
        }
        Output.flush()
        let status = ExitStatus.worst(rows.map { Int32($0.exitCode) })
        if status != ExitStatus.success {
            let counts = Dictionary(grouping: rows, by: \.verdict).mapValues(\.count)
            let parts = ["fail", "nothing checked", "unreadable"].compactMap { verdict in counts[verdict].map { "\($0) \(verdict)" } }
            throw CommandFailure(message: "\(rows.count) captures checked: " + parts.joined(separator: ", "), status: status)
        }
    }
}

/// What checking needs, apart from the command line (sent to the worker threads).
struct CheckSettings: Sendable {
    var severity: Severity
    var connection: Int?
    var format: CheckOutputOptions.Format
    var style: Style
    var filter: String?
    var packetLimit: UInt64?

    func includes(_ number: Int?) -> Bool { connection == nil || number == connection }
}

/// One capture's check in a run over several: read, analysed and rendered on a worker thread, into
/// lines that the main thread prints in argument order.
struct CheckJob: Sendable {
    let settings: CheckSettings
    let options: AnalysisOptions

    struct Result: Sendable {
        var lines: [String]
        var notes: [String]
        var row: BatchCheckRow
    }

    func run(_ source: CaptureSource) -> Result {
        let tags = JSONTags(source: source, several: true)
        var check = CapturedCheck(settings: settings)
        let report: AnalysisReport
        do {
            let reader = switch source.kind {
            case .merged(let paths, _): try CaptureReader(paths: paths, filter: settings.filter, allowingMixedLinkTypes: true)
            case .file(let path): try CaptureReader(path: path, filter: settings.filter)
            case .standardInput, .interface: throw CaptureError(kind: .unreadable, path: source.name, reason: "read on its own only")
            }
            reader.limits = CaptureLimits(packets: settings.packetLimit)
            report = try CaptureAnalyzer(options: options).analyze(reader: reader) { check.consume($0) }
        } catch let error as CaptureError {
            let status = Int(ExitStatus.of(error))
            let row = BatchCheckRow(file: source.jsonName, connections: 0, errors: 0, warnings: 0, infos: 0, verdict: "unreadable",
                                    exitCode: status, problem: error.description)
            let json = settings.format == .json
                ? [tags.whole(JSONContract.unreadableVerdict(exitCode: status, problem: error.description)).serialized()] : []
            let said = settings.style.bad(settings.style.cross + " UNREADABLE") + ": " + TerminalSafe.escape(error.description)
            let text = settings.format == .text ? [settings.style.fit(said)] : settings.format == .markdown ? [said] : []
            return Result(lines: json + text, notes: [error.description], row: row)
        } catch {
            preconditionFailure("only capture errors are thrown here: \(error)")
        }
        return check.conclude(report, source: source, tags: tags)
    }
}

/// The check of one capture from its events: findings at or above the severity (JSON lines as they
/// come), then the verdict and the report.
struct CapturedCheck {
    let settings: CheckSettings
    private var findings: [FindingRecord] = []

    init(settings: CheckSettings) { self.settings = settings }

    mutating func consume(_ event: AnalysisEvent) {
        guard case .finding(let record) = event, settings.includes(record.connection?.number ?? settings.connection),
              record.rule.severity >= settings.severity else { return }
        findings.append(record)
    }

    /// The verdict, its exit code, and the lines of the report (findings and verdict as JSON lines,
    /// or the text report).
    func conclude(_ report: AnalysisReport, source: CaptureSource, tags: JSONTags) -> CheckJob.Result {
        let verdict = CheckVerdict(findings: findings, report: report, includes: { settings.includes($0) })
        var status: Int32 = switch verdict.outcome {
        case .pass: ExitStatus.success
        case .fail: ExitStatus.findings
        case .nothingChecked: ExitStatus.nothingChecked
        }
        var notes: [String] = []
        var problem = report.captureError?.description
        if report.captureError != nil { status = ExitStatus.unreadableCapture }
        if let missing = settings.connection.flatMap({ wanted in report.connections.contains { $0.number == wanted } ? nil : wanted }) {
            problem = "there is no connection \(missing) in \(source.name)"
            status = ExitStatus.usage
            notes.append(problem!)
        }
        if let error = report.captureError { notes.append(error.description) }
        var lines: [String] = []
        switch settings.format {
        case .json:
            lines = findings.map { tags.row(JSONContract.finding($0), origin: $0.origin).serialized() }
            lines.append(tags.whole(JSONContract.withProblem(JSONContract.verdict(verdict, exitCode: Int(status)), problem)).serialized())
        case .text, .markdown:
            lines = [CheckView.render(findings, verdict: verdict, file: source.name, style: settings.style,
                                      markdown: settings.format == .markdown)]
        case .csv:
            break
        }
        let row = BatchCheckRow(file: source.jsonName, connections: verdict.checked, errors: verdict.errors, warnings: verdict.warnings,
                                infos: verdict.infos, verdict: verdict.outcome.rawValue, exitCode: Int(status), problem: problem)
        return CheckJob.Result(lines: lines, notes: notes, row: row)
    }
}

enum SeverityChoice: String, ExpressibleByArgument, CaseIterable {
    case info, warning, error
    var severity: Severity { Severity(rawValue: rawValue)! }
}
