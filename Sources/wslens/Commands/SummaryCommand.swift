import Analysis
import ArgumentParser
import Teaching
import WireBytes

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Every TCP connection with payload: WebSocket ones with handshake (accept key checked), extensions, counts, close, findings; the others with why they are not WebSocket.",
        discussion: """
            Several files, or a folder, are summarised one capture after the other, each under its \
            name. With -i, the summary is printed when the capture ends (Ctrl-C, --duration, --count); \
            connections still open then are said to be open at the end of the capture.

            Examples:
              wslens summary Captures/chromium-deflate.pcap
              wslens summary capture.pcap --format json
              wslens summary submissions/ --format json
              sudo wslens summary -i lo --duration 30
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Also list TCP connections that carried no payload.")
    var all = false

    func run() throws {
        try AnalysisRunner.forEachCapture(capture, output) { source, tags in
            let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.summary))
            try AnalysisRunner.requireConnection(report, source, capture)
            let connections = report.connections.filter {
                capture.includes($0.number) && (all || $0.carriedPayload)
            }
            switch output.format {
            case .json:
                for connection in connections { Output.line(tags.whole(JSONContract.summary(connection)).serialized()) }
            case .text, .markdown:
                if connections.isEmpty {
                    Output.line(output.style.fit(output.style.tr(all ? "cli.summary.noPayload" : "cli.summary.noPayloadAll",
                                                                 TerminalSafe.escape(source.name))))
                }
                for connection in connections { Output.line(SummaryView.render(connection, style: output.style, markdown: output.format == .markdown)) }
            }
            try AnalysisRunner.finish(report, source, capture, language: output.language)
        }
    }
}
