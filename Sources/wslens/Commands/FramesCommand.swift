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

            With -i (or - for standard input) each row is printed the moment its frame is complete. \
            --from, --opcode, --grep, --since and --until choose rows; they keep their numbers.

            Examples:
              wslens frames Captures/seed-examples.pcap
              wslens frames Captures/chromium-deflate.pcap --format json
              wslens frames Captures/chat-three-clients.pcap --from client --grep hello
              sudo wslens frames -i lo --filter 'tcp port 8765'
              tcpdump -i lo -U -w - 'tcp port 8765' | wslens frames -
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup(title: "Finding frames") var rows: RowFilterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try rows.filter(forMessages: false) }

    func run() throws {
        let markdown = output.format == .markdown
        var filter = try rows.filter(forMessages: false)
        filter.connection = capture.connection
        try AnalysisRunner.forEachCapture(capture, output) { source, tags in
            try AnalysisRunner.streamRows(
                source, capture, output, tags: tags, noun: "frames", needs: AnalysisNeeds.framesCommand, filter: filter,
                selector: FrameRowSelector(filter: filter), time: \.time, origin: \.origin, json: JSONContract.frame,
                header: { TextViews.frameHeader(style: output.style, markdown: markdown) },
                row: { TextViews.frameRow($0, start: $1, style: output.style, markdown: markdown) })
        }
    }
}
