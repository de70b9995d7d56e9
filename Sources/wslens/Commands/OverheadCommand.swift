import Analysis
import ArgumentParser
import Teaching

struct OverheadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overhead",
        abstract: "Bytes per layer and direction, and the same messages as HTTP/1.1 side by side.",
        discussion: """
            Every captured byte is counted once: link, IP and TCP headers, the TCP payload split into the \
            HTTP handshake, HTTP headers and bodies, WebSocket frame headers (2-byte base, extended length, \
            masking key) and WebSocket payload. The WebSocket messages are then priced as HTTP/1.1 exchanges \
            in two models, minimal and realistic, with the break-even point of the handshake.

            Several files, or a folder, are counted one capture after the other, each under its name.

            Examples:
              wslens overhead Captures/polling-vs-websocket.pcap
              wslens overhead Captures/chat-three-clients.pcap --all --format markdown
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "List every message in the per-message view (default: the first 10 per connection).")
    var all = false

    func run() throws {
        try AnalysisRunner.forEachCapture(capture, output) { source, tags in
            let (connections, report) = try analyze(source)
            switch output.format {
            case .json:
                for connection in connections { Output.line(tags.whole(JSONContract.overhead(connection)).serialized()) }
                Output.line(tags.whole(JSONContract.overheadTotals(report, connections: connections)).serialized())
            case .text, .markdown:
                Output.line(OverheadView.render(connections, report: report, style: output.style,
                                                markdown: output.format == .markdown, allMessages: all))
            }
            try AnalysisRunner.finish(report, source, capture, language: output.language)
        }
    }

    private func analyze(_ source: CaptureSource) throws -> ([OverheadAnalysis.Connection], AnalysisReport) {
        var overhead = OverheadAnalysis(messageLimit: all ? Int.max : 10)
        let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.overhead)) { event in
            overhead.observe(event)
        }
        try AnalysisRunner.requireConnection(report, source, capture)
        return (overhead.connections(of: report).filter { capture.includes($0.report.number) }, report)
    }

    /// The analysed connections alone (a lesson page draws their charts).
    func connections() throws -> [OverheadAnalysis.Connection] { try analyze(capture.singleSource(command: "overhead")).0 }
}
