import Analysis
import Localization
import ArgumentParser
import Teaching

/// `--time`: the ladder's time column.
enum LadderTimeChoice: String, ExpressibleByArgument, CaseIterable {
    case relative, absolute, delta

    var mode: LadderTimeMode { LadderTimeMode(rawValue: rawValue)! }
}

struct LadderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "The lifecycle of a connection as a sequence diagram: TCP, Upgrade, frames, ping/pong, close, FIN.",
        discussion: """
            Two lifelines, client and server, and an arrow per event in capture order: SYN, SYN-ACK and ACK, \
            the HTTP Upgrade request and its 101 (accept key checked), every frame (opcode, length, FIN, \
            masking key, [compressed]), ping/pong pairs with their round-trip time, the closing handshake \
            (codes, who closed first), FIN and RST, gaps in the capture, findings. The rows are grouped \
            into the opening handshake, the data transfer and the closing handshake. Long runs of data \
            frames are folded into one row unless --all is given. Comments are wrapped to --width.

            With -i (or - for standard input) the rows are printed as they happen, one line each: \
            nothing is folded, and notes that need the whole connection (round trips, who closed first) \
            are left out.

            Examples:
              wslens ladder Captures/seed-examples.pcap
              wslens ladder Captures/fragmented-ping.pcap --time delta --width 80
              wslens ladder Captures/chromium-deflate.pcap --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Time column: relative (since the connection's first packet), absolute (UTC clock), delta (since the row above).")
    var time: LadderTimeChoice = .relative

    @Flag(help: "Draw every frame (default: long runs of data frames are folded into one row).")
    var all = false

    func run() throws {
        try AnalysisRunner.forEachCapture(capture, output) { source, tags in
            if source.isStreaming {
                try follow(source, tags: tags)
                return
            }
            let (ladders, report) = try analyze(source)
            switch output.format {
            case .json:
                for ladder in ladders {
                    for (index, row) in ladder.rows.enumerated() {
                        let origin = row.firstPacket.flatMap { report.packetOrigins?.origin(of: $0) }
                        Output.line(tags.row(JSONContract.ladderRow(row, index: index, of: ladder), origin: origin).serialized())
                    }
                }
            case .text, .markdown:
                if ladders.isEmpty {
                    Output.line(LadderTextView.nothingToDraw(file: source.name, connection: capture.connection, style: output.style))
                } else {
                    Output.line(LadderTextView.render(ladders, width: output.columns, time: time.mode, style: output.style,
                                                      markdown: output.format == .markdown))
                }
            }
            try AnalysisRunner.finish(report, source, capture, language: output.language)
        }
    }

    static let needs: AnalysisNeeds = [.applicationLayer, .frames, .messages, .payloads, .tcpPackets]

    private func analyze(_ source: CaptureSource) throws -> ([ConnectionLadder], AnalysisReport) {
        // JSON rows keep English labels and comments whatever the language (JSON never changes with it).
        var builder = LadderBuilder(foldsRuns: !all, connection: capture.connection,
                                    language: output.format == .json ? .en : output.language)
        let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(Self.needs)) {
            builder.consume($0)
        }
        return (builder.finish(report), report)
    }

    /// A live capture or standard input: each row as soon as its event is complete (no folds, and
    /// nothing added to rows already printed).
    private func follow(_ source: CaptureSource, tags: JSONTags) throws {
        var ladder = LiveLadder(connection: capture.connection, language: output.format == .json ? .en : output.language)
        var printedHeader = false
        let width = output.columns
        func emit(_ rows: [LiveLadder.Row]) {
            for row in rows {
                if output.format == .json {
                    Output.line(tags.whole(LiveLadder.json(row)).serialized())
                    continue
                }
                if !printedHeader {
                    Output.line(LiveLadder.header(style: output.style))
                    printedHeader = true
                }
                for line in LiveLadder.render(row, width: width, style: output.style) { Output.line(line) }
            }
        }
        let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(Self.needs)) {
            emit(ladder.consume($0))
        }
        emit(ladder.finish())
        if !printedHeader, output.format != .json {
            Output.line(LadderTextView.nothingToDraw(file: source.name, connection: capture.connection, style: output.style))
        }
        try AnalysisRunner.finish(report, source, capture, language: output.language)
    }

    /// The ladders alone (a lesson page draws them as SVG).
    func ladders() throws -> [ConnectionLadder] { try analyze(capture.singleSource(command: "ladder")).0 }
}
