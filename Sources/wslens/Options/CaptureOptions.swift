import Analysis
import ArgumentParser
import Foundation
import Localization
import Teaching
import TLS

/// The capture to read and what to read of it.
struct CaptureOptions: ParsableArguments {
    @Argument(help: "A pcap or pcapng capture file.", completion: .file(extensions: ["pcap", "pcapng", "cap"]))
    var file: String

    @Option(help: ArgumentHelp("Only packets matching this BPF filter (packets and connections keep the numbers they have without it).",
                               valueName: "expression"))
    var filter: String?

    @Option(help: ArgumentHelp("Only this connection (its number as `streams` and `summary` list it).", valueName: "n"))
    var connection: Int?

    @Option(name: .customLong("max-buffer"),
            help: ArgumentHelp("Out-of-order bytes buffered per direction before a hole counts as lost.", valueName: "bytes"))
    var maxBuffer: Int = 64 << 20

    @Option(help: ArgumentHelp("TLS secrets to decrypt wss with: an NSS key log as browsers, curl, Node and Python write it when SSLKEYLOGFILE is set (default: $SSLKEYLOGFILE).",
                               valueName: "file"))
    var keylog: String?

    /// Checked when the command runs, not in `validate()`: an option group does not know the
    /// command's --lang, and the message is said in it (a usage error, exit status 2, as before).
    func checkRanges() throws {
        if let connection, connection < 1 { throw CommandFailure(key: "cli.capture.connectionFromOne", status: ExitStatus.usage) }
        if maxBuffer < 1 { throw CommandFailure(key: "cli.capture.maxBufferTooSmall", status: ExitStatus.usage) }
    }

    /// The analysis a command needs: layers above TCP, and which records and bytes it prints.
    /// What a command does not print is still decoded and checked, just not built for output.
    func analysisOptions(_ needs: AnalysisNeeds) -> AnalysisOptions {
        var options = AnalysisOptions(needs: needs)
        options.filter = filter
        options.maxBufferedBytesPerDirection = maxBuffer
        return options
    }

    /// The key log from `--keylog`, else from SSLKEYLOGFILE; nil when neither names one. Lines it
    /// cannot use are said once on standard error, in `language`.
    func loadKeyLog(language: Language) throws -> KeyLog? {
        let style = Style(language: language)
        let environment = ProcessInfo.processInfo.environment["SSLKEYLOGFILE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let path = keylog ?? environment else { return nil }
        let origin = keylog != nil ? "--keylog" : "SSLKEYLOGFILE"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(key: "cli.keylog.unreadable", origin, path, status: ExitStatus.usage)
        }
        let keyLog = KeyLog(parsing: [UInt8](data))
        var problems: [String] = []
        if let unknown = keyLog.unknownLabelLines {
            problems.append(style.tr("cli.keylog.unknownLabels", style.tr("cli.keylog.lines", unknown.count), unknown.firstLine))
        }
        if let malformed = keyLog.malformedLines {
            problems.append(style.tr("cli.keylog.malformed", style.tr("cli.keylog.malformedLines", malformed.count), malformed.firstLine))
        }
        if let conflicting = keyLog.conflictingLines {
            problems.append(style.tr("cli.keylog.conflicting", style.tr("cli.keylog.lines", conflicting.count), conflicting.firstLine))
        }
        if !problems.isEmpty {
            Output.problem("wslens: " + style.tr("cli.keylog.note", path, problems.joined(separator: "; "), keyLog.secretLineCount))
        }
        return keyLog
    }

    func includes(_ number: Int?) -> Bool {
        guard let connection else { return true }
        return number == connection
    }
}

