import ArgumentParser
import Teaching

/// `wslens accept KEY [--expect ACCEPT]`: Sec-WebSocket-Accept step by step.
struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Compute Sec-WebSocket-Accept from a Sec-WebSocket-Key, step by step.",
        discussion: """
            The server appends the GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11 to the key, hashes it \
            with SHA-1 and sends the base64 of the hash (RFC 6455 §4.2.2). With --expect, says \
            whether a given accept value is the right one; exits 1 when it is not.

            Examples:
              wslens accept E4WSEcseoWr4csPLS2QJHA==
              wslens accept dGhlIHNhbXBsZSBub25jZQ== --expect s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
              wslens accept E4WSEcseoWr4csPLS2QJHA== --format json
            """)

    @Argument(help: ArgumentHelp("The Sec-WebSocket-Key value, as sent by the client.", valueName: "key"))
    var key: String

    @Option(help: ArgumentHelp("An accept value to check against the computed one.", valueName: "accept"))
    var expect: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if key.isEmpty { throw ValidationError(output.style.tr("cli.accept.emptyKey")) }
    }

    func run() throws {
        let request = AcceptRequest(key: key, expected: expect)
        switch output.format {
        case .json: Output.line(request.json.serialized())
        case .text, .markdown:
            Output.line(request.render(style: output.style,
                                       markdown: output.format == .markdown))
        }
        Output.flush()
        if !request.matches {
            throw CommandFailure(message: output.style.tr("cli.accept.mismatch"), status: ExitStatus.findings)
        }
    }
}
