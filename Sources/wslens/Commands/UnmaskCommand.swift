import ArgumentParser
import Teaching

/// `wslens unmask HEX --key HEX`: the thesis' table 2.
struct UnmaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmask",
        abstract: "Unmask masked bytes with their key, byte by byte (the thesis' table 2).",
        discussion: """
            XOR undoes itself: data[i] = masked[i] XOR key[i mod 4], with the same key that masked them.

            Examples:
              wslens unmask 5f5d112251005a2e49 --key 3c2e3f4a
              wslens unmask "29 f7" --key "2a 1f fc f2"
              wslens unmask 5f5d112251005a2e49 --key 3c2e3f4a --bits --byte 5
            """)

    @Argument(help: ArgumentHelp("The masked bytes as hex (spaces and colons allowed).", valueName: "hex"))
    var masked: String

    @Option(help: ArgumentHelp("The masking key: 8 hex digits, with or without spaces or colons.", valueName: "hex"))
    var key: String

    @OptionGroup var bitByBit: BitByBitOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try MaskingInput.request(.unmask, key: key, payload: masked, hex: true, bits: bitByBit.bits, byte: bitByBit.byte,
                                     style: output.style)
    }

    func run() throws {
        let request = try MaskingInput.request(.unmask, key: key, payload: masked, hex: true,
                                               bits: bitByBit.bits, byte: bitByBit.byte, style: output.style)
        MaskingInput.print(request, bits: bitByBit.bits ? bitByBit.byte : nil, output: output)
    }
}
