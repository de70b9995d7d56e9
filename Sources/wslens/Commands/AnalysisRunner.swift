import Analysis
import PacketCapture

/// Runs the analysis for a command and turns a cut-off capture into exit code 3 after the output.
enum AnalysisRunner {
    static func run(_ capture: CaptureOptions, options: AnalysisOptions,
                    onEvent: (AnalysisEvent) -> Void = { _ in }) throws -> AnalysisReport {
        try CaptureAnalyzer(options: options).analyze(path: capture.file, onEvent: onEvent)
    }

    /// Call after printing: a capture that ended in a read error still fails the command.
    static func finish(_ report: AnalysisReport) throws {
        Output.flush()
        if let error = report.captureError {
            throw CommandFailure(message: error.description, status: ExitStatus.unreadableCapture)
        }
    }
}
