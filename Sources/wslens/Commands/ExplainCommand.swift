import Analysis
import ArgumentParser
import Teaching
import WireBytes

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

            --packet N explains the frames whose bytes packet N carried, as Wireshark numbers packets. \
            --follow explains every frame as it completes (the fragments of a message once the whole \
            message is there, so that they are explained with it); with -i, live: a message typed in a \
            browser appears with its masking table at once.

            Examples:
              wslens explain Captures/seed-examples.pcap --frame 0    # table 2
              wslens explain Captures/fragmented-ping.pcap --packet 8
              sudo wslens explain -i lo --follow --filter 'tcp port 8080'
              wslens explain Captures/seed-examples.pcap --frame 3    # figure 3
              wslens explain Captures/chromium-deflate.pcap --frame 4 --all
              wslens explain Captures/rfc6455-examples.pcap --frame 6 --format markdown
            """)

    @OptionGroup var capture: CaptureOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The frame to explain, numbered as `wslens frames` lists it (from 0).", valueName: "n"))
    var frame: Int?

    @Option(help: ArgumentHelp("Explain the frame(s) whose bytes this packet carried, numbered as Wireshark numbers packets (from 1).",
                               valueName: "n"))
    var packet: UInt64?

    @Flag(help: "Explain every frame as it completes (with -i: live, as it happens; --connection: only that one).")
    var follow = false

    @Flag(help: "Show every payload byte (default: the first 64 in the masking table).")
    var all = false

    func validate() throws {
        let chosen = [frame != nil, packet != nil, follow].filter { $0 }.count
        if chosen == 0 { throw ValidationError("Say which frame: --frame N (as `wslens frames` numbers them), --packet N (Wireshark's packet number), or --follow for every frame.") }
        if chosen > 1 { throw ValidationError("Give one of --frame, --packet and --follow.") }
        if let frame, frame < 0 { throw ValidationError(output.style.tr("cli.explain.negativeFrame")) }
        if let packet, packet < 1 { throw ValidationError("--packet counts from 1, as Wireshark numbers packets.") }
    }

    func run() throws {
        if follow {
            try AnalysisRunner.forEachCapture(capture, output) { source, tags in try followFrames(source, tags: tags) }
            return
        }
        let source = try capture.singleSource(command: "explain")
        let tags = JSONTags(source: source, several: false)
        if let packet {
            try explainPacket(packet, source, tags: tags)
            return
        }
        let frame = frame ?? 0
        var selector = FrameSelector(frameIndex: frame)
        let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.explain)) { event in
            if case .frame(let record) = event, !capture.includes(record.connection.number) { return }
            selector.consume(event)
        }
        try AnalysisRunner.requireConnection(report, source, capture)
        let candidates = selector.connections.filter { capture.includes($0) }
        guard let connection = candidates.first, let explanation = selector.explanation(connection: connection) else {
            try AnalysisRunner.finish(report, source, capture, language: output.language)
            throw CommandFailure(message: missingFrameMessage(frame, source, counts: selector.frameCounts, style: output.style), status: ExitStatus.usage)
        }
        if candidates.count > 1 {
            throw CommandFailure(key: "cli.explain.ambiguous", frame, candidates.map(String.init).joined(separator: ", "), source.name,
                                 status: ExitStatus.usage)
        }
        show(explanation, tags: tags)
        try AnalysisRunner.finish(report, source, capture, language: output.language)
    }

    private func show(_ explanation: FrameExplanation, tags: JSONTags) {
        switch output.format {
        case .json:
            Output.line(tags.row(JSONContract.frame(explanation.record), origin: explanation.record.origin).serialized())
        case .text, .markdown:
            Output.line(ExplainView.render(explanation, showAll: all, style: output.style,
                                           markdown: output.format == .markdown))
        }
    }

    /// `--packet N`: every frame packet N carried bytes of, in the order they completed.
    private func explainPacket(_ packet: UInt64, _ source: CaptureSource, tags: JSONTags) throws {
        var selector = PacketFrameSelector(packet: packet)
        let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(AnalysisNeeds.explain)) { event in
            if case .frame(let record) = event, !capture.includes(record.connection.number) { return }
            selector.consume(event)
        }
        try AnalysisRunner.requireConnection(report, source, capture)
        let explanations = selector.explanations
        guard !explanations.isEmpty else {
            try AnalysisRunner.finish(report, source, capture, language: output.language)
            let which = capture.connection.map { " of connection \($0)" } ?? ""
            let why = packet > report.packetsRead
                ? "\(source.name) has \(report.packetsRead) packet\(report.packetsRead == 1 ? "" : "s")"
                : "it carried no bytes of a WebSocket frame\(which) (`wslens frames` lists the packets of each frame)"
            throw CommandFailure(message: "packet \(packet) of \(source.name): nothing to explain: \(why).", status: ExitStatus.usage)
        }
        for (index, explanation) in explanations.enumerated() {
            if index > 0, output.format != .json { Output.line("") }
            show(explanation, tags: tags)
        }
        try AnalysisRunner.finish(report, source, capture, language: output.language)
    }

    /// `--follow`: every frame's explanation as it completes.
    private func followFrames(_ source: CaptureSource, tags: JSONTags) throws {
        var follower = FrameFollower(connection: capture.connection)
        var printed = 0
        func emit(_ explanations: [FrameExplanation]) {
            for explanation in explanations {
                if printed > 0, output.format != .json { Output.line("") }
                show(explanation, tags: tags)
                printed += 1
            }
        }
        // TCP packet events let a frame out at the next packet, once its message and findings are in.
        let needs = AnalysisNeeds.explain.union(.tcpPackets)
        let report = try AnalysisRunner.run(source, capture, language: output.language, options: capture.analysisOptions(needs)) { emit(follower.consume($0)) }
        emit(follower.finish())
        try AnalysisRunner.requireConnection(report, source, capture)
        if printed == 0, output.format != .json {
            let style = output.style
            let file = TerminalSafe.escape(source.name)
            Output.line(style.fit(capture.connection.map { style.tr("cli.noRows.connection.frames", $0, file) } ?? style.tr("cli.noRows.frames", file)))
        }
        try AnalysisRunner.finish(report, source, capture, language: output.language)
    }

    private func missingFrameMessage(_ frame: Int, _ source: CaptureSource, counts: [Int: Int], style: Style) -> String {
        let file = source.name
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
