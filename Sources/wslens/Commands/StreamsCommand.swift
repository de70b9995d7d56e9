import Analysis
import ArgumentParser
import Teaching

struct StreamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams",
        abstract: "List every TCP connection: endpoints, packets and bytes per direction, gaps, retransmissions.",
        discussion: """
            Examples:
              wslens streams Captures/python-echo-ipv4.pcap
              wslens streams capture.pcapng --filter 'tcp port 8765' --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try AnalysisRunner.run(capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.streams))
        try AnalysisRunner.requireConnection(report, capture)
        let connections = report.connections.filter { capture.includes($0.number) }.map(\.tcp)
        switch output.format {
        case .json:
            for statistics in connections { Output.line(JSONContract.stream(statistics).serialized()) }
        case .text, .markdown:
            Output.line(TextViews.streams(connections, style: output.style, markdown: output.format == .markdown))
        }
        try AnalysisRunner.finish(report, capture, language: output.language)
    }
}
