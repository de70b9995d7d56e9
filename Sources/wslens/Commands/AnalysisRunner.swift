import Analysis
import Localization
import PacketCapture
import Teaching
import TLS
import WireBytes

/// Runs the analysis for a command and turns a cut-off capture into exit code 3 after the output.
enum AnalysisRunner {
    static func run(_ capture: CaptureOptions, language: Language, options: AnalysisOptions,
                    onEvent: (AnalysisEvent) -> Void = { _ in }) throws -> AnalysisReport {
        try capture.checkRanges()
        var options = options
        options.keyLog = try capture.loadKeyLog(language: language)
        return try CaptureAnalyzer(options: options).analyze(path: capture.file, onEvent: onEvent)
    }

    /// Call after printing: a capture that ended in a read error still fails the command, and so
    /// does a `--connection` the capture does not have (a usage error naming those it has).
    static func finish(_ report: AnalysisReport, _ capture: CaptureOptions, language: Language) throws {
        Output.flush()
        noteUnsearchedKeys(report, capture, style: Style(language: language))
        try requireConnection(report, capture)
        if let error = report.captureError {
            // The analysis keeps only the English text of an error met while reading (the packets before it were analysed).
            throw CommandFailure(message: error.description, status: ExitStatus.unreadableCapture)
        }
    }

    /// TLS connections stayed encrypted for want of keys, and the capture could have carried them
    /// (a pcapng) but could not be read a second time to find them: say so, and what to do.
    static func noteUnsearchedKeys(_ report: AnalysisReport, _ capture: CaptureOptions, style: Style) {
        guard case .notSearchable = report.tlsKeySources.capture, !report.tlsKeySources.keyLogGiven else { return }
        let locked = report.connections.filter { $0.tls?.keyStatus == .noKeyLog }.count
        guard locked > 0 else { return }
        // The analysis says why in English (standard input or a named pipe); the note says it in the reader's language.
        let note = capture.file == "-" ? style.tr("cli.note.keysNotSearched.standardInput", locked)
            : style.tr("cli.note.keysNotSearched.file", locked, TerminalSafe.escape(capture.file))
        Output.problem("wslens: " + note)
    }

    /// `--connection N` must name a connection of the capture (after the filter).
    static func requireConnection(_ report: AnalysisReport, _ capture: CaptureOptions) throws {
        guard let wanted = capture.connection, !report.connections.contains(where: { $0.number == wanted }) else { return }
        let numbers = report.connections.map(\.number)
        let filtered = capture.filter != nil
        if numbers.isEmpty {
            throw CommandFailure(key: filtered ? "cli.connection.noneMatching" : "cli.connection.none", wanted, capture.file, status: ExitStatus.usage)
        }
        // The list is said by its own plural text (one number chooses its form), put in by key below.
        var failure = CommandFailure(key: "cli.connection.have", wanted, capture.file, "", status: ExitStatus.usage)
        failure.parts = [(filtered ? "cli.connection.itsMatching" : "cli.connection.its", [.integer(Int64(numbers.count)),
                                                                                             .text(ConnectionNumbers.describe(numbers))])]
        throw failure
    }
}

/// Connection numbers as compact ranges: "1-3, 7, 9-12".
enum ConnectionNumbers {
    static func describe(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = numbers.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : end == index + 1 ? "\(sorted[index]), \(sorted[end])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
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
        let report = try run(capture, language: output.language, options: capture.analysisOptions(needs)) { event in
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
        try requireConnection(report, capture)
        if !printedHeader, output.format != .json {
            let style = output.style
            let file = TerminalSafe.escape(capture.file)
            Output.line(style.fit(capture.connection.map { style.tr("cli.noRows.connection." + noun, $0, file) }
                                  ?? style.tr("cli.noRows." + noun, file)))
        }
        try finish(report, capture, language: output.language)
    }
}
