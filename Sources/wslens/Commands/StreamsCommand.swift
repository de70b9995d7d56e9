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
        try AnalysisRunner.forEachCapture(capture, output) { source, tags in
            let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.streams))
            try AnalysisRunner.requireConnection(report, source, capture)
            let connections = report.connections.filter { capture.includes($0.number) }.map(\.tcp)
            switch output.format {
            case .json:
                for statistics in connections { Output.line(tags.whole(JSONContract.stream(statistics)).serialized()) }
            case .text, .markdown:
                Output.line(TextViews.streams(connections, style: output.style, markdown: output.format == .markdown))
            }
            try AnalysisRunner.finish(report, source, capture, language: output.language)
        }
    }
}
