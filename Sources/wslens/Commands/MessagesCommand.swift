import Analysis
import ArgumentParser
import PacketCapture
import Teaching

struct MessagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "The reassembled data messages: defragmented, inflated, UTF-8 checked.",
        discussion: """
            Examples:
              wslens messages Captures/fragmented-ping.pcap
              wslens messages Captures/chromium-deflate.pcap --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        var start: CaptureTimestamp?
        var printedHeader = false
        let report = try AnalysisRunner.run(capture, options: capture.analysisOptions()) { event in
            guard case .message(let record) = event, capture.includes(record.connection.number) else { return }
            switch output.format {
            case .json:
                Output.line(JSONContract.message(record).serialized())
            case .text, .markdown:
                if !printedHeader {
                    Output.line(TextViews.messageHeader(style: output.style, markdown: output.format == .markdown))
                    printedHeader = true
                }
                start = start ?? record.time
                Output.line(TextViews.messageRow(record, start: start!, style: output.style, markdown: output.format == .markdown))
            }
        }
        if !printedHeader, output.format != .json { Output.line("No WebSocket messages in \(capture.file).") }
        try AnalysisRunner.finish(report)
    }
}
