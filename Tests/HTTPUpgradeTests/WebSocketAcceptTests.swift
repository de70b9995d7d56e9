import HTTPUpgrade
import Testing
import WireBytes

struct WebSocketAcceptTests {
    @Test func knownAnswersFromTheVectorsFile() throws {
        let vectors = try TestVectors.acceptKeys()
        #expect(vectors.count >= 2, "wire-vectors.json should hold the MSDN and RFC 6455 accept keys")
        for vector in vectors {
            #expect(WebSocketAccept.derive(key: vector.key).accept == vector.accept, "\(vector.source)")
        }
    }

    @Test func derivationShowsEveryStepOfTheRFCSample() {
        let derivation = WebSocketAccept.derive(key: "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(derivation.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(derivation.keyWithGUID == "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
        // RFC 6455 section 1.3 prints the digest as 0xb3 0x7a 0x4f ... 0xea.
        #expect(derivation.sha1Digest.hexString == "b37a4f2cc0624f1690f64606cf385945b2bec4ea")
        #expect(derivation.accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func keyDecodesToItsSixteenBytes() throws {
        let bytes = try #require(WebSocketAccept.decodeKey("dGhlIHNhbXBsZSBub25jZQ=="))
        #expect(bytes == Array("the sample nonce".utf8))
        #expect(WebSocketAccept.decodeKey("E4WSEcseoWr4csPLS2QJHA==")?.count == 16)
    }

    @Test(arguments: ["abc", "a===", "ab=c", "@@@@", "dGhlIHNhbXBsZSBub25jZQ", "dGhl IHNh"])
    func malformedBase64IsNotAKey(_ text: String) {
        #expect(WebSocketAccept.decodeKey(text) == nil)
    }

    @Test func shortKeysDecodeButAreNotSixteenBytes() {
        #expect(WebSocketAccept.decodeKey("AAAA")?.count == 3)
        #expect(WebSocketAccept.decodeKey("AA==")?.count == 1)
        #expect(WebSocketAccept.decodeKey("AAA=")?.count == 2)
    }
}
