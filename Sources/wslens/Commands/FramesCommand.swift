import Analysis
import ArgumentParser
import PacketCapture
import Teaching

struct FramesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames",
        abstract: "One row per WebSocket frame: packets, time, direction, FIN, RSV, opcode, MASK, length, key, payload.",
        discussion: """
            Frames are numbered per connection (0, 1, 2, ... in the order they completed, both directions \
            together); `wslens explain FILE --frame N` shows one in full.

            Examples:
              wslens frames Captures/seed-examples.pcap
              wslens frames Captures/chromium-deflate.pcap --format json
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        var start: CaptureTimestamp?
        var printedHeader = false
        let report = try AnalysisRunner.run(capture, options: capture.analysisOptions()) { event in
            guard case .frame(let record) = event, capture.includes(record.connection.number) else { return }
            switch output.format {
            case .json:
                Output.line(JSONContract.frame(record).serialized())
            case .text, .markdown:
                if !printedHeader {
                    Output.line(TextViews.frameHeader(style: output.style, markdown: output.format == .markdown))
                    printedHeader = true
                }
                start = start ?? record.time
                Output.line(TextViews.frameRow(record, start: start!, style: output.style, markdown: output.format == .markdown))
            }
        }
        if !printedHeader, output.format != .json { Output.line("No WebSocket frames in \(capture.file).") }
        try AnalysisRunner.finish(report)
    }
}
