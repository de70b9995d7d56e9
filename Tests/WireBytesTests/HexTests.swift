import Testing
import WireBytes

@Suite struct HexTests {
    @Test("bytes as lowercase hex, two digits each")
    func hexString() {
        #expect([UInt8]().hexString == "")
        #expect([0x00, 0x0f, 0xa0, 0xff].hexString == "000fa0ff")
        #expect((0...255).map(UInt8.init).hexString.count == 512)
        #expect(UInt8(0x3c).hex2 == "3c")
    }

    @Test("hex input as people type it: spaces, colons, dashes, 0x, either case")
    func decode() {
        #expect(Hex.decode("3c2e3f4a") == [0x3c, 0x2e, 0x3f, 0x4a])
        #expect(Hex.decode("3c 2e:3f-4A") == [0x3c, 0x2e, 0x3f, 0x4a])
        #expect(Hex.decode("0x5F5d") == [0x5f, 0x5d])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)         // odd number of digits
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("3c\u{1b}2e") == nil)  // a control character is not a separator
    }

    @Test("decode undoes hexString for every byte value")
    func roundTrip() {
        let all = (0...255).map(UInt8.init)
        #expect(Hex.decode(all.hexString) == all)
    }
}
