import ArgumentParser
import Teaching

/// `wslens mask TEXT --key HEX`: the thesis' table 1, no capture needed.
struct MaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Mask a payload with a 4-byte key, byte by byte (the thesis' table 1).",
        discussion: """
            Every client frame's payload is masked: masked[i] = data[i] XOR key[i mod 4] \
            (RFC 6455 §5.3). The table shows each byte, the key byte it meets and the result, \
            in rows of 16 bytes.

            Examples:
              wslens mask cs.hm.edu --key 3c2e3f4a
              wslens mask cs.hm.edu --key "3c 2e 3f 4a" --bits --byte 1
              wslens mask --hex 03e8 --key 2a:1f:fc:f2
              wslens mask Hello --key 37fa213d --format markdown
            """)

    @Argument(help: ArgumentHelp("The payload: text (sent as UTF-8), or hex bytes with --hex.", valueName: "data"))
    var data: String

    @Option(help: ArgumentHelp("The masking key: 8 hex digits, with or without spaces or colons (3c2e3f4a, \"3c 2e 3f 4a\").",
                               valueName: "hex"))
    var key: String

    @Flag(help: "Read the payload as hex bytes (e.g. 03e8 or \"03 e8\") instead of text.")
    var hex = false

    @OptionGroup var bitByBit: BitByBitOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try MaskingInput.request(.mask, key: key, payload: data, hex: hex, bits: bitByBit.bits, byte: bitByBit.byte,
                                     style: output.style)
    }

    func run() throws {
        let request = try MaskingInput.request(.mask, key: key, payload: data, hex: hex,
                                               bits: bitByBit.bits, byte: bitByBit.byte, style: output.style)
        MaskingInput.print(request, bits: bitByBit.bits ? bitByBit.byte : nil, output: output)
    }
}

/// `--bits` and `--byte`, shared by `mask` and `unmask`.
struct BitByBitOptions: ParsableArguments {
    @Flag(help: "Also show one byte's XOR bit by bit (the byte --byte names).")
    var bits = false

    @Option(help: ArgumentHelp("The byte --bits shows (0-based).", valueName: "i"))
    var byte = 0
}

/// Parsing and printing shared by `mask` and `unmask`.
enum MaskingInput {
    static func request(_ direction: MaskingTable.Direction, key: String, payload: String, hex: Bool, bits: Bool,
                        byte: Int, style: Style) throws -> MaskingRequest {
        do {
            let request = try MaskingRequest(direction: direction, key: key, payload: payload, hex: hex)
            if byte != 0 && !bits { throw ValidationError(style.tr("cli.mask.byteWithoutBits")) }
            if bits { try request.checkByte(byte) }
            return request
        } catch let problem as MaskingRequest.Problem {
            throw ValidationError(problem.message(style))
        }
    }

    static func print(_ request: MaskingRequest, bits: Int?, output: OutputOptions) {
        switch output.format {
        case .json:
            Output.line(request.json.serialized())
        case .text, .markdown:
            Output.line(request.render(bits: bits, style: output.style,
                                       markdown: output.format == .markdown))
        }
        Output.flush()
    }
}
