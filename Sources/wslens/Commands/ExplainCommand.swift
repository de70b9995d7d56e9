import Analysis
import ArgumentParser
import Teaching

/// `wslens explain FILE --frame N`: one frame in full, like the thesis' figures 2-4.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "One frame in full: header bytes and bits with every field named, masking table, payload, packets, findings.",
        discussion: """
            N is the frame number as `wslens frames` lists it (per connection, from 0); with several \
            WebSocket connections add --connection. Shows the header in hex and in bits with each \
            field named (FIN, RSV1-3, opcode, MASK, payload length and why that encoding, extended \
            length, masking key), the masking table (first 64 bytes; --all for all), the unmasked \
            payload, a close frame's code and range, a compressed message's bytes and inflated text, \
            the packets that carried the frame and the findings on it.

            Examples:
              wslens explain Captures/seed-examples.pcap --frame 0    # table 2
              wslens explain Captures/seed-examples.pcap --frame 3    # figure 3
              wslens explain Captures/chromium-deflate.pcap --frame 4 --all
              wslens explain Captures/rfc6455-examples.pcap --frame 6 --format markdown
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The frame to explain, numbered as `wslens frames` lists it (from 0).", valueName: "n"))
    var frame: Int

    @Flag(help: "Show every payload byte (default: the first 64 in the masking table).")
    var all = false

    func validate() throws {
        if frame < 0 { throw ValidationError(output.style.tr("cli.explain.negativeFrame")) }
    }

    func run() throws {
        var selector = FrameSelector(frameIndex: frame)
        let report = try AnalysisRunner.run(capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.explain)) { event in
            if case .frame(let record) = event, !capture.includes(record.connection.number) { return }
            selector.consume(event)
        }
        try AnalysisRunner.requireConnection(report, capture)
        let candidates = selector.connections.filter { capture.includes($0) }
        guard let connection = candidates.first, let explanation = selector.explanation(connection: connection) else {
            try AnalysisRunner.finish(report, capture, language: output.language)
            throw CommandFailure(message: missingFrameMessage(counts: selector.frameCounts, style: output.style), status: ExitStatus.usage)
        }
        if candidates.count > 1 {
            throw CommandFailure(key: "cli.explain.ambiguous", frame, candidates.map(String.init).joined(separator: ", "), capture.file,
                                 status: ExitStatus.usage)
        }
        switch output.format {
        case .json:
            Output.line(JSONContract.frame(explanation.record).serialized())
        case .text, .markdown:
            Output.line(ExplainView.render(explanation, showAll: all, style: output.style,
                                           markdown: output.format == .markdown))
        }
        try AnalysisRunner.finish(report, capture, language: output.language)
    }

    private func missingFrameMessage(counts: [Int: Int], style: Style) -> String {
        let file = capture.file
        if let connection = capture.connection {
            let count = counts[connection] ?? 0
            return count == 0 ? style.tr("cli.explain.noFramesInConnection", connection, file)
                : style.tr("cli.explain.noSuchFrameInConnection", frame, connection, file, style.tr("cli.explain.frames", count), count - 1)
        }
        if counts.isEmpty { return style.tr("cli.explain.noFrames", file) }
        let list = counts.keys.sorted().map { style.tr("cli.explain.connectionHas", $0, style.tr("cli.explain.frames", counts[$0]!), counts[$0]! - 1) }
            .joined(separator: ", ")
        return style.tr("cli.explain.noSuchFrame", frame, file, list)
    }
}
