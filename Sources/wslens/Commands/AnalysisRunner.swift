import Analysis
import Foundation
import Localization
import PacketCapture
import Teaching
import TLS
import WireBytes

/// Runs the analysis for a command and turns a cut-off capture into exit code 3 after the output.
enum AnalysisRunner {
    /// Opens the capture, runs the analysis over it and, for a live capture, says on stderr what
    /// was captured. The key log (`--keylog`) is read here.
    static func run(_ source: CaptureSource, _ capture: CaptureOptions, language: Language, options: AnalysisOptions,
                    onStart: (CaptureTimestamp) -> Void = { _ in },
                    onEvent: (AnalysisEvent) -> Void) throws -> AnalysisReport {
        try capture.checkRanges()
        var options = options
        options.keyLog = try capture.loadKeyLog(language: language)
        let reader = try open(source, capture, filter: options.filter)
        return try analyze(reader, source, capture, options: options, style: Style(language: language), onStart: onStart, onEvent: onEvent)
    }

    /// The analysis of a capture whose events no one reads (the report is what counts).
    static func run(_ source: CaptureSource, _ capture: CaptureOptions, language: Language, options: AnalysisOptions) throws -> AnalysisReport {
        try run(source, capture, language: language, options: options, onEvent: { _ in })
    }

    /// The reader for a capture: a file (gzip'd or not), files merged, standard input, an interface.
    static func open(_ source: CaptureSource, _ capture: CaptureOptions, filter: String?) throws(CaptureError) -> CaptureReader {
        let reader: CaptureReader
        switch source.kind {
        case .file(let path):
            reader = try CaptureReader(path: path, filter: filter)
        case .merged(let paths, _):
            // Each packet keeps its own file's link type (as mergecap writes pcapng).
            reader = try CaptureReader(paths: paths, filter: filter, allowingMixedLinkTypes: true)
        case .standardInput:
            reader = try CaptureReader(path: "-", filter: filter)
        case .interface(let name):
            reader = try CaptureReader(interface: name, snaplen: capture.live.snaplen ?? LiveCaptureOptions.defaultSnaplen,
                                       promiscuous: capture.live.promiscuous, filter: filter, limits: capture.live.limits)
        }
        reader.limits = capture.live.limits
        if let path = capture.live.write { try reader.saveCopy(to: path) }
        return reader
    }

    /// The analysis of an open reader. A streaming source (an interface, standard input) writes
    /// each output line at once, and Ctrl-C ends the capture, not wslens (a second one does).
    static func analyze(_ reader: CaptureReader, _ source: CaptureSource, _ capture: CaptureOptions, options: AnalysisOptions,
                        style: Style, onStart: (CaptureTimestamp) -> Void = { _ in },
                        onEvent: (AnalysisEvent) -> Void) throws -> AnalysisReport {
        guard source.isStreaming else {
            return try CaptureAnalyzer(options: options).analyze(reader: reader, onStart: onStart, onEvent: onEvent)
        }
        Output.flushesEachLine = true
        if reader.isLive {
            if let warning = reader.activationWarning {
                Output.problem(LiveCaptureNotes.activationWarning(reader, warning, style: style))
            }
            Output.problem(LiveCaptureNotes.started(reader, capture, style: style))
        }
        let watch = InterruptWatch(stop: reader.stop, stopping: reader.isLive ? [SIGINT, SIGTERM] : [SIGTERM])
        defer { watch.end() }
        let report = try CaptureAnalyzer(options: options).analyze(reader: reader, onStart: onStart, onEvent: onEvent)
        if reader.isLive || watch.fired != nil {
            Output.problem(LiveCaptureNotes.ended(reader, report: report, signal: watch.fired, capture: capture, style: style))
        }
        return report
    }

    /// Call after printing: a capture that ended in a read error still fails the command, and so
    /// does a `--connection` the capture does not have (a usage error naming those it has).
    static func finish(_ report: AnalysisReport, _ source: CaptureSource, _ capture: CaptureOptions, language: Language) throws {
        Output.flush()
        noteUnsearchedKeys(report, source, style: Style(language: language))
        try requireConnection(report, source, capture)
        if let error = report.captureError {
            // The analysis keeps only the English text of an error met while reading (the packets before it were analysed).
            throw CommandFailure(message: error.description, status: ExitStatus.unreadableCapture)
        }
    }

    /// TLS connections stayed encrypted for want of keys, and the capture could have carried them
    /// (a pcapng) but could not be read a second time to find them: say so, and what to do.
    static func noteUnsearchedKeys(_ report: AnalysisReport, _ source: CaptureSource, style: Style) {
        guard case .notSearchable = report.tlsKeySources.capture, !report.tlsKeySources.keyLogGiven else { return }
        let locked = report.connections.filter { $0.tls?.keyStatus == .noKeyLog }.count
        guard locked > 0 else { return }
        // The analysis says why in English (standard input or a named pipe); the note says it in the reader's language.
        let note = source.kind == .standardInput ? style.tr("cli.note.keysNotSearched.standardInput", locked)
            : style.tr("cli.note.keysNotSearched.file", locked, TerminalSafe.escape(source.name))
        Output.problem("wslens: " + note)
    }

    /// `--connection N` must name a connection of the capture (after the filter).
    static func requireConnection(_ report: AnalysisReport, _ source: CaptureSource, _ capture: CaptureOptions) throws {
        if let failure = connectionFailure(report, source, capture) { throw failure }
    }

    /// Why `--connection N` does not fit the capture (a usage error), or nil when it does (or none was given).
    static func connectionFailure(_ report: AnalysisReport, _ source: CaptureSource, _ capture: CaptureOptions) -> CommandFailure? {
        guard let wanted = capture.connection, !report.connections.contains(where: { $0.number == wanted }) else { return nil }
        let numbers = report.connections.map(\.number)
        let filtered = capture.filter != nil
        if numbers.isEmpty {
            return CommandFailure(key: filtered ? "cli.connection.noneMatching" : "cli.connection.none", wanted, source.name, status: ExitStatus.usage)
        }
        // The list is said by its own plural text (one number chooses its form), put in by key below.
        var failure = CommandFailure(key: "cli.connection.have", wanted, source.name, "", status: ExitStatus.usage)
        failure.parts = [(filtered ? "cli.connection.itsMatching" : "cli.connection.its", [.integer(Int64(numbers.count)),
                                                                                             .text(ConnectionNumbers.describe(numbers))])]
        return failure
    }

    /// Runs `body` for each capture, in argument order. With several, each gets a heading with its
    /// name (text, Markdown), a capture that fails is said on stderr while the others still run, and
    /// the command ends with the worst exit status (`ExitStatus.worst`).
    static func forEachCapture(_ capture: CaptureOptions, _ output: OutputOptions,
                               _ body: (CaptureSource, _ tags: JSONTags) throws -> Void) throws {
        try capture.checkRanges()
        let expanded = try capture.sources()
        guard expanded.sources.count != 1 || expanded.isBatch else {
            try body(expanded.sources[0], JSONTags(source: expanded.sources[0], several: false))
            return
        }
        guard !expanded.sources.isEmpty else {
            throw CommandFailure(message: "no capture to read in \(capture.files.joined(separator: ", "))", status: ExitStatus.usage)
        }
        var statuses: [Int32] = []
        for (index, source) in expanded.sources.enumerated() {
            if output.format != .json {
                if index > 0 { Output.line("") }
                Output.line(CaptureHeading.render(source.name, style: output.style, markdown: output.format == .markdown))
            }
            do {
                try body(source, JSONTags(source: source, several: true))
                statuses.append(ExitStatus.success)
            } catch let failure as CommandFailure {
                let message = failure.message(in: output.language)
                if !message.isEmpty { Output.problem("wslens: \(TerminalSafe.escape(message))") }
                statuses.append(failure.status)
            } catch let error as CaptureError {
                Output.problem("wslens: \(TerminalSafe.escape(CaptureErrorWords.message(error, language: output.language)))")
                statuses.append(ExitStatus.of(error))
            }
        }
        Output.flush()
        let worst = ExitStatus.worst(statuses)
        if worst != ExitStatus.success { throw CommandFailure(message: "", status: worst) }
    }
}

/// What JSON objects say about the file they come from: with several captures in one run, the
/// capture's name (`file`); in a merged capture, the file of the row's packet and its number there
/// (`file`, `filePacket`). A single file adds nothing.
struct JSONTags {
    var captureName: String?
    var mergedFiles: [String]?

    init(source: CaptureSource, several: Bool) {
        captureName = several ? source.jsonName : nil
        mergedFiles = source.isMerged ? source.files : nil
    }

    /// A row tied to a packet (frame, message, finding, ladder row).
    func row(_ value: JSONValue, origin: PacketOrigin?) -> JSONValue {
        if let mergedFiles { return JSONContract.origin(value, origin, files: mergedFiles) }
        return whole(value)
    }

    /// An object about the capture or a connection (summary, overhead, verdict).
    func whole(_ value: JSONValue) -> JSONValue {
        captureName.map { JSONContract.file(value, $0) } ?? value
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
    static func streamRows<Selector: RowSelector>(_ source: CaptureSource, _ capture: CaptureOptions, _ output: OutputOptions,
                                                 tags: JSONTags, noun: String, needs: AnalysisNeeds, filter: RowFilter,
                                                 selector: Selector, time: (Selector.Record) -> CaptureTimestamp,
                                                 origin: (Selector.Record) -> PacketOrigin?, json: (Selector.Record) -> JSONValue,
                                                 header: () -> String, row: (Selector.Record, CaptureTimestamp) -> String) throws {
        var selector = selector
        var start: CaptureTimestamp?
        var printedHeader = false
        func emit(_ records: [Selector.Record]) {
            for record in records {
                if output.format == .json {
                    Output.line(tags.row(json(record), origin: origin(record)).serialized())
                    continue
                }
                if !printedHeader {
                    Output.line(header())
                    printedHeader = true
                }
                start = start ?? time(record)
                Output.line(row(record, start!))
            }
        }
        var options = capture.analysisOptions(needs)
        if filter.needsMessages { options.emitsMessages = true }
        let report = try run(source, capture, language: output.language, options: options, onStart: { selector.captureStart = $0 }) { event in
            emit(selector.consume(event))
        }
        emit(selector.drain())
        try requireConnection(report, source, capture)
        if !printedHeader, output.format != .json {
            let style = output.style
            let file = TerminalSafe.escape(source.name)
            let kind = (filter.isActive ? "filtered." : "") + noun
            Output.line(style.fit(capture.connection.map { style.tr("cli.noRows.connection." + kind, $0, file) }
                                  ?? style.tr("cli.noRows." + kind, file)))
        }
        try finish(report, source, capture, language: output.language)
    }
}
