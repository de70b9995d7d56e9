import Analysis
import ArgumentParser

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

    func validate() throws {
        if let connection, connection < 1 { throw ValidationError("--connection counts from 1.") }
        if maxBuffer < 1 { throw ValidationError("--max-buffer must be at least 1 byte.") }
    }

    /// The analysis a command needs: layers above TCP, and which records and bytes it prints.
    /// What a command does not print is still decoded and checked, just not built for output.
    func analysisOptions(_ needs: AnalysisNeeds) -> AnalysisOptions {
        var options = AnalysisOptions(needs: needs)
        options.filter = filter
        options.maxBufferedBytesPerDirection = maxBuffer
        return options
    }

    func includes(_ number: Int?) -> Bool {
        guard let connection else { return true }
        return number == connection
    }
}

