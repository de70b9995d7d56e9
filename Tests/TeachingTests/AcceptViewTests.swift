import Testing
@testable import Teaching

/// The MSDN article's example: E4WSEcseoWr4csPLS2QJHA== is answered by 7eQChgCtQMnVILefJAO6dK5JwPc=.
struct AcceptViewTests {
    @Test func reproducesTheMSDNExampleStepByStep() {
        let request = AcceptRequest(key: "E4WSEcseoWr4csPLS2QJHA==", expected: "7eQChgCtQMnVILefJAO6dK5JwPc=")
        let text = request.render()
        #expect(text.contains("E4WSEcseoWr4csPLS2QJHA==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
        #expect(text.contains("ed e4 02 86 00 ad 40 c9 d5 20 b7 9f 24 03 ba 74 ae 49 c0 f7"))
        #expect(text.contains("Sec-WebSocket-Accept: 7eQChgCtQMnVILefJAO6dK5JwPc="))
        #expect(text.contains("✓ matches"))
        #expect(request.matches)
    }

    @Test func rfc6455ExampleAndAMismatch() {
        let request = AcceptRequest(key: "dGhlIHNhbXBsZSBub25jZQ==", expected: "wrong=")
        #expect(request.derivation.accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(!request.matches)
        #expect(request.render(style: Style(ascii: true)).contains("X does not match"))
        #expect(request.json.serialized().contains(#""matches":false"#))
    }

    @Test func aKeyThatIsNotA16ByteNonceGetsANoteAndIsEscaped() {
        let text = AcceptRequest(key: "abc\u{1b}[2J", expected: nil).render()
        #expect(text.contains("not valid base64"))
        #expect(!text.contains("\u{1b}"))
        #expect(text.contains("\\x1b[2J"))
    }

    @Test func markdownHasATable() {
        let text = AcceptRequest(key: "E4WSEcseoWr4csPLS2QJHA==", expected: nil).render(markdown: true)
        #expect(text.contains("| step | what | value |"))
        #expect(text.contains("`7eQChgCtQMnVILefJAO6dK5JwPc=`"))
    }
}
