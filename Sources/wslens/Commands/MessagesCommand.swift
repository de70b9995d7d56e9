import Analysis
import ArgumentParser
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
        let markdown = output.format == .markdown
        try AnalysisRunner.streamRows(
            capture, output, noun: "messages", needs: AnalysisNeeds.messagesCommand,
            select: { event in if case .message(let record) = event { record } else { nil } },
            connection: \.connection.number, time: \.time, json: JSONContract.message,
            header: { TextViews.messageHeader(style: output.style, markdown: markdown) },
            row: { TextViews.messageRow($0, start: $1, style: output.style, markdown: markdown) })
    }
}
