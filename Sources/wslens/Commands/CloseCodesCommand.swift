import ArgumentParser
import Teaching
import WebSocketWire

/// `wslens close-codes [CODE...]`: the thesis' table 3 for every registered close code.
struct CloseCodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-codes",
        abstract: "The close codes: code, meaning, description, who defined it, may it be sent (the thesis' table 3).",
        discussion: """
            Without codes, lists every registered code (1000-1015) and the four ranges of RFC 6455 §7.4.2; \
            with codes, those (any number 0-65535: a code without a name is described by its range). \
            --lang de prints the thesis' table 3 in its own words.

            Examples:
              wslens close-codes
              wslens close-codes --lang de --format markdown
              wslens close-codes 1006 4000 --format json
            """)

    @Argument(help: ArgumentHelp("Close codes to show (default: every registered one).", valueName: "code"))
    var codes: [Int] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let bad = codes.first(where: { !(0...65535).contains($0) }) {
            throw ValidationError(output.style.tr("cli.closeCodes.outOfRange", bad))
        }
    }

    func run() throws {
        let chosen = codes.isEmpty ? CloseCodeWords.registered : codes.map { WebSocketCloseCode(rawValue: UInt16($0)) }
        switch output.format {
        case .json:
            for value in CloseCodesView.json(chosen) { Output.line(value.serialized()) }
        case .text, .markdown:
            Output.line(CloseCodesView.render(chosen, width: output.columns, style: output.style,
                                              markdown: output.format == .markdown))
        }
        Output.flush()
    }
}
