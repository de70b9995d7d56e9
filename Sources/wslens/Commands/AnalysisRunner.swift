import Analysis
import PacketCapture
import Teaching

/// Runs the analysis for a command and turns a cut-off capture into exit code 3 after the output.
enum AnalysisRunner {
    static func run(_ capture: CaptureOptions, options: AnalysisOptions,
                    onEvent: (AnalysisEvent) -> Void = { _ in }) throws -> AnalysisReport {
        var options = options
        options.keyLog = try capture.loadKeyLog()
        return try CaptureAnalyzer(options: options).analyze(path: capture.file, onEvent: onEvent)
    }

    /// Call after printing: a capture that ended in a read error still fails the command.
    static func finish(_ report: AnalysisReport) throws {
        Output.flush()
        if let error = report.captureError {
            throw CommandFailure(message: error.description, status: ExitStatus.unreadableCapture)
        }
    }
}

extension AnalysisRunner {
    /// Prints one row per selected record as the analysis produces it (frames, messages), so the
    /// output starts at once and memory stays flat however large the capture.
    static func streamRows<Record>(_ capture: CaptureOptions, _ output: OutputOptions, noun: String, needs: AnalysisNeeds,
                                   select: (AnalysisEvent) -> Record?, connection: (Record) -> Int,
                                   time: (Record) -> CaptureTimestamp, json: (Record) -> JSONValue,
                                   header: () -> String, row: (Record, CaptureTimestamp) -> String) throws {
        var start: CaptureTimestamp?
        var printedHeader = false
        let report = try run(capture, options: capture.analysisOptions(needs)) { event in
            guard let record = select(event), capture.includes(connection(record)) else { return }
            if output.format == .json {
                Output.line(json(record).serialized())
                return
            }
            if !printedHeader {
                Output.line(header())
                printedHeader = true
            }
            start = start ?? time(record)
            Output.line(row(record, start!))
        }
        if !printedHeader, output.format != .json { Output.line("No WebSocket \(noun) in \(capture.file).") }
        try finish(report)
    }
}
