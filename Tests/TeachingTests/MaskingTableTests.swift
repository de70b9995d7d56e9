import Testing
import WebSocketWire
@testable import Teaching

/// The thesis' tables 1 and 2 ("cs.hm.edu" with the key 3c 2e 3f 4a), byte for byte.
struct MaskingTableTests {
    let key = MaskingTable.parseKey("3c2e3f4a")!
    let plain = Array("cs.hm.edu".utf8)
    let masked: [UInt8] = [0x5f, 0x5d, 0x11, 0x22, 0x51, 0x00, 0x5a, 0x2e, 0x49]

    @Test func table1ReproducesTheThesis() {
        let table = MaskingTable.render(plain, key: key, direction: .mask)
        #expect(table == """
             i              0   1   2   3   4   5   6   7   8
             character      c   s   .   h   m   .   e   d   u
             unmasked       63  73  2e  68  6d  2e  65  64  75
             XOR key        3c  2e  3f  4a  3c  2e  3f  4a  3c
             masked         5f  5d  11  22  51  00  5a  2e  49
            """)
    }

    @Test func table2ReproducesTheThesis() {
        let table = MaskingTable.render(masked, key: key, direction: .unmask)
        #expect(table == """
             i              0   1   2   3   4   5   6   7   8
             masked         5f  5d  11  22  51  00  5a  2e  49
             XOR key        3c  2e  3f  4a  3c  2e  3f  4a  3c
             unmasked       63  73  2e  68  6d  2e  65  64  75
             character      c   s   .   h   m   .   e   d   u
            """)
    }

    @Test func theViewStatesTheFormulaAndTheResult() {
        let text = MaskingView.render(plain, key: key, direction: .mask)
        #expect(text.contains("masked[i] = data[i] XOR key[i mod 4]"))
        #expect(text.contains("masked: 5f 5d 11 22 51 00 5a 2e 49"))
        let back = MaskingView.render(masked, key: key, direction: .unmask)
        #expect(back.contains("as text:  \"cs.hm.edu\""))
    }

    @Test(arguments: ["3c2e3f4a", "3c 2e 3f 4a", "3c:2e:3f:4a", "3C2E3F4A", "0x3c2e3f4a"])
    func keysParseWithOrWithoutSeparators(_ text: String) {
        #expect(MaskingTable.parseKey(text) == WebSocketMaskingKey(0x3c, 0x2e, 0x3f, 0x4a))
    }

    @Test(arguments: ["", "3c2e3f", "3c2e3f4a00", "xyz12345", "3c2e3f4"])
    func badKeysAreRejected(_ text: String) {
        #expect(MaskingTable.parseKey(text) == nil)
    }

    @Test func longPayloadsWrapInRowsOf16WithTheKeyPhaseKept() {
        let data = (0..<20).map { UInt8($0) }
        let table = MaskingTable.render(data, key: key, direction: .mask)
        let blocks = table.components(separatedBy: "\n\n")
        #expect(blocks.count == 2)
        #expect(blocks[1].hasPrefix(" i              16  17  18  19"))
        // Byte 16 meets key byte 0 again (16 mod 4 = 0).
        #expect(blocks[1].contains(" XOR key        3c  2e  3f  4a"))
    }

    @Test func controlBytesAreDotsInTheCharacterRowAndTheHexTellsTheTruth() {
        let data: [UInt8] = [0x07, 0x1b, 0x9b, 0x41, 0x20]
        let table = MaskingTable.render(data, key: key, direction: .mask)
        #expect(table.contains(" character      ·   ·   ·   A   ␠"))
        #expect(table.contains(" unmasked       07  1b  9b  41  20"))
        #expect(!table.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let ascii = MaskingTable.render(data, key: key, direction: .mask, style: Style(ascii: true))
        #expect(ascii.contains(" character      ..  ..  ..  A   sp"))
    }

    @Test func utf8CharactersSitOnTheirFirstByte() {
        let cells = MaskingTable.characterCells(Array("ü!".utf8), style: .plain)
        #expect(cells == ["ü", "", "!"])
    }

    @Test func oneByteBitByBit() {
        let text = MaskingTable.bits(plain, index: 0, key: key, direction: .mask)
        #expect(text.contains("data[0]"))
        #expect(text.contains("63   0110 0011"))
        #expect(text.contains("3c   0011 1100"))
        #expect(text.contains("5f   0101 1111"))
    }

    @Test func markdownTablesHaveOneColumnPerByte() {
        let table = MaskingTable.render(plain, key: key, direction: .mask, markdown: true)
        let lines = table.split(separator: "\n")
        #expect(lines[0] == "| i | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |")
        #expect(lines[1] == "|---|---|---|---|---|---|---|---|---|---|")
        #expect(lines[5] == "| masked | 5f | 5d | 11 | 22 | 51 | 00 | 5a | 2e | 49 |")
    }

    @Test func requestsValidateKeyHexAndByte() throws {
        #expect(throws: MaskingRequest.Problem.self) { try MaskingRequest(direction: .mask, key: "12", payload: "x", hex: false) }
        #expect(throws: MaskingRequest.Problem.self) { try MaskingRequest(direction: .unmask, key: "3c2e3f4a", payload: "5g", hex: true) }
        let request = try MaskingRequest(direction: .unmask, key: "3c 2e 3f 4a", payload: "5f 5d 11", hex: true)
        #expect(throws: MaskingRequest.Problem.self) { try request.checkByte(3) }
        #expect(request.json.serialized() == #"{"type":"unmask","maskingKey":"3c2e3f4a","data":"63732e","masked":"5f5d11","length":3}"#)
    }
}
