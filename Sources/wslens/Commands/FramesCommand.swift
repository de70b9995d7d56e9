import Analysis
import ArgumentParser
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
        let markdown = output.format == .markdown
        try AnalysisRunner.streamRows(
            capture, output, noun: "frames", needs: AnalysisNeeds.framesCommand,
            select: { event in if case .frame(let record) = event { record } else { nil } },
            connection: \.connection.number, time: \.time, json: JSONContract.frame,
            header: { TextViews.frameHeader(style: output.style, markdown: markdown) },
            row: { TextViews.frameRow($0, start: $1, style: output.style, markdown: markdown) })
    }
}
