import Analysis
import ArgumentParser
import Teaching

struct MessagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "The reassembled data messages: defragmented, inflated, UTF-8 checked.",
        discussion: """
            With -i (or - for standard input) each row is printed the moment its message is complete. \
            --from, --opcode, --grep, --since and --until choose rows; they keep their numbers.

            Examples:
              wslens messages Captures/fragmented-ping.pcap
              wslens messages Captures/chromium-deflate.pcap --format json
              wslens messages Captures/chromium-deflate.pcap --grep deflate --since 0.5
              sudo wslens messages -i lo --from server
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup(title: "Finding messages") var rows: RowFilterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try rows.filter(forMessages: true) }

    func run() throws {
        let markdown = output.format == .markdown
        var filter = try rows.filter(forMessages: true)
        filter.connection = capture.connection
        try AnalysisRunner.forEachCapture(capture, output) { source, tags in
            try AnalysisRunner.streamRows(
                source, capture, output, tags: tags, noun: "messages", needs: AnalysisNeeds.messagesCommand, filter: filter,
                selector: MessageRowSelector(filter: filter), time: \.time, origin: \.origin, json: JSONContract.message,
                header: { TextViews.messageHeader(style: output.style, markdown: markdown) },
                row: { TextViews.messageRow($0, start: $1, style: output.style, markdown: markdown) })
        }
    }
}
