import Analysis
import ArgumentParser
import Foundation
import Localization
import Teaching
import TLS
import WireBytes

/// The captures to read and what to read of them.
struct CaptureOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Capture files (pcap or pcapng, gzip'd or not), folders of them, or - for standard input (read as it arrives); none with -i. Several files are separate captures, each reported with its name, unless --merge is given or they are one ring-buffer set.",
                                 valueName: "file"),
              completion: .file(extensions: ["pcap", "pcapng", "cap", "gz"]))
    var files: [String] = []

    @OptionGroup(title: "Live capture") var live: LiveCaptureOptions

    @Flag(help: "Read the files as one capture, merged by timestamp (as mergecap does); rows then name each packet's file and its number there. A tcpdump or dumpcap ring-buffer set is merged without it.")
    var merge = false

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

    func validate() throws {
        if files.isEmpty && live.interface == nil {
            throw ValidationError("Give a capture file, a folder of captures, - for standard input, or -i INTERFACE to capture live (`wslens interfaces` lists them).")
        }
        if !files.isEmpty, let interface = live.interface {
            throw ValidationError("Give capture files or -i \(interface), not both.")
        }
        try live.validate(interface: live.interface != nil)
    }

    /// The captures to analyse, in argument order (folders expanded, ring-buffer sets merged); notes
    /// about what was merged or left out go to stderr.
    func sources() throws -> CaptureInputs.Expanded {
        if let interface = live.interface {
            return CaptureInputs.Expanded(sources: [CaptureSource(kind: .interface(interface))], isBatch: false, notes: [])
        }
        let expanded = try CaptureInputs.expand(files, merge: merge)
        for note in expanded.notes { Output.problem("wslens: " + TerminalSafe.escape(note)) }
        if live.write != nil, expanded.sources.count > 1 {
            throw CommandFailure(message: "-w saves one capture: give one file, --merge, - or -i.", status: ExitStatus.usage)
        }
        return expanded
    }

    /// The one capture of a command that explains a single capture (explain, report).
    func singleSource(command: String) throws -> CaptureSource {
        let expanded = try sources()
        guard expanded.sources.count == 1 else {
            throw CommandFailure(message: "`\(command)` reads one capture, and \(expanded.sources.count) were given: name one file, or add --merge to read the files as one.",
                                 status: ExitStatus.usage)
        }
        return expanded.sources[0]
    }

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
        let environment = ProcessEnvironment().value(of: "SSLKEYLOGFILE").flatMap { $0.isEmpty ? nil : $0 }
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

