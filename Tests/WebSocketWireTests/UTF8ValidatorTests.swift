import Testing
import WebSocketWire

@Suite struct UTF8ValidatorTests {
    @Test(arguments: [
        ("ascii", Array("Hello, world".utf8), true),
        ("mixed", Array("Grüße, 世界 🌍".utf8), true),
        ("overlong slash", [0xc0, 0xaf], false),
        ("overlong 3-byte", [0xe0, 0x80, 0xaf], false),
        ("surrogate", [0xed, 0xa0, 0x80], false),
        ("above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], false),
        ("lone continuation", [0x80], false),
        ("f5 lead", [0xf5, 0x80, 0x80, 0x80], false),
        ("truncated at end", [0xe2, 0x82], false),
        ("max scalar", [0xf4, 0x8f, 0xbf, 0xbf], true),
    ] as [(String, [UInt8], Bool)])
    func validatesWholeAndInEveryTwoPieceSplit(name: String, bytes: [UInt8], valid: Bool) {
        var whole = UTF8Validator()
        whole.validate(bytes)
        #expect(whole.isComplete == valid, "\(name) whole")
        for cut in 0...bytes.count {
            var split = UTF8Validator()
            split.validate(Array(bytes[..<cut]))
            split.validate(Array(bytes[cut...]))
            #expect(split.isComplete == valid, "\(name) cut at \(cut)")
        }
    }

    @Test func reportsTheOffsetOfTheFirstBadByte() {
        var validator = UTF8Validator()
        validator.validate(Array("abcdefghij".utf8))
        validator.validate([0x61, 0xff, 0x61])
        #expect(!validator.isValid)
        #expect(validator.bytesValidated == 11)
    }
}
