import Analysis
import ArgumentParser
import Teaching

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Every WebSocket connection: handshake (accept key checked), extensions, counts, close, findings.",
        discussion: """
            Examples:
              wslens summary Captures/chromium-deflate.pcap
              wslens summary capture.pcap --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Also list TCP connections that carry no WebSocket.")
    var all = false

    func run() throws {
        let report = try AnalysisRunner.run(capture, options: capture.analysisOptions(.applicationLayer))
        let connections = report.connections.filter {
            capture.includes($0.number) && (all || $0.isWebSocket || $0.handshake != nil)
        }
        switch output.format {
        case .json:
            for connection in connections { Output.line(JSONContract.summary(connection).serialized()) }
        case .text, .markdown:
            if connections.isEmpty { Output.line("No WebSocket connections in \(capture.file).") }
            for connection in connections { Output.line(SummaryView.render(connection, style: output.style, markdown: output.format == .markdown)) }
        }
        try AnalysisRunner.finish(report)
    }
}
