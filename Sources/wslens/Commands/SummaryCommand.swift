import Analysis
import ArgumentParser
import Teaching
import WireBytes

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Every TCP connection with payload: WebSocket ones with handshake (accept key checked), extensions, counts, close, findings; the others with why they are not WebSocket.",
        discussion: """
            Examples:
              wslens summary Captures/chromium-deflate.pcap
              wslens summary capture.pcap --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Also list TCP connections that carried no payload.")
    var all = false

    func run() throws {
        let report = try AnalysisRunner.run(capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.summary))
        try AnalysisRunner.requireConnection(report, capture)
        let connections = report.connections.filter {
            capture.includes($0.number) && (all || $0.carriedPayload)
        }
        switch output.format {
        case .json:
            for connection in connections { Output.line(JSONContract.summary(connection).serialized()) }
        case .text, .markdown:
            if connections.isEmpty {
                Output.line(output.style.fit(output.style.tr(all ? "cli.summary.noPayload" : "cli.summary.noPayloadAll",
                                                             TerminalSafe.escape(capture.file))))
            }
            for connection in connections { Output.line(SummaryView.render(connection, style: output.style, markdown: output.format == .markdown)) }
        }
        try AnalysisRunner.finish(report, capture, language: output.language)
    }
}
