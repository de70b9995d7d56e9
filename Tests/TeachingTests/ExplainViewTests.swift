import Testing
import WebSocketWire
@testable import Teaching

/// The pieces of `explain` that do not need a capture: bit groups, length encodings, close ranges, hex dumps.
struct ExplainViewTests {
    @Test func bitGroupsOfTheThesisCloseFrame() throws {
        let header = try #require(WebSocketFrameHeader(bytes: [0x88, 0x82, 0x2a, 0x1f, 0xfc, 0xf2]))
        let fields = header.layout
        let bits = fields.map { HeaderFieldsSection.bits(of: $0, in: header) }
        #expect(bits == ["1", "0", "0", "0", "1000", "1", "0000010", "00101010 00011111 11111100 11110010"])
        let values = fields.map { HeaderFieldWords.valueText($0, header.value(of: $0) ?? 0, header) }
        #expect(values == ["1", "0", "0", "0", "0x8 close", "1", "2", "2a 1f fc f2"])
    }

    @Test func lengthEncodingsAreExplained() throws {
        let seven = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7d]))
        #expect(HeaderFieldsSection.lengthExplanation(seven, style: .plain).contains("125 fits in the 7-bit field"))
        let sixteen = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7e, 0x00, 0x7e]))
        #expect(HeaderFieldsSection.lengthExplanation(sixteen, style: .plain).contains("✓ minimal"))
        let wasteful = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7e, 0x00, 0x05]))
        let text = HeaderFieldsSection.lengthExplanation(wasteful, style: Style(ascii: true))
        #expect(text.contains("5 would fit in the 7-bit field"))
        #expect(text.contains("X not minimal"))
        let huge = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7f, 0x80, 0, 0, 0, 0, 1, 0, 0]))
        #expect(HeaderFieldsSection.lengthExplanation(huge, style: .plain).contains("top bit is set"))
    }

    @Test func closeCodeRanges() {
        #expect(CloseCodeWords.rangeText(WebSocketCloseCode(rawValue: 1000), style: .plain).hasPrefix("1000-2999: defined"))
        #expect(CloseCodeWords.rangeText(WebSocketCloseCode(rawValue: 1006), style: .plain).contains("must never be sent"))
        #expect(CloseCodeWords.rangeText(WebSocketCloseCode(rawValue: 3001), style: .plain).hasPrefix("3000-3999"))
        #expect(CloseCodeWords.rangeText(WebSocketCloseCode(rawValue: 4000), style: .plain).hasPrefix("4000-4999"))
        #expect(CloseCodeWords.rangeText(WebSocketCloseCode(rawValue: 999), style: .plain).hasPrefix("0-999"))
    }

    @Test func hexDumpShowsOnlyPrintableASCII() {
        let lines = HexDump.lines([0x1b, 0x5b, 0x32, 0x4a, 0x9b, 0x07, 0x41])
        #expect(lines == ["0000  1b 5b 32 4a 9b 07 41                             |.[2J..A|"])
    }

    @Test func packetRuns() {
        #expect(ProvenanceSection.runs([3, 4, 5, 7, 9, 10]) == "3-5, 7, 9-10")
    }
}

extension ExplainViewTests {
    @Test func bitDiagramShowsTheFrameBitsUnderTheRFCFieldNames() throws {
        let header = try #require(WebSocketFrameHeader(bytes: [0x88, 0x02]))
        let diagram = HeaderFigure.lines(header, payload: [0x03, 0xe8], rowBits: 32)
        #expect(diagram[3] == "|F|R|R|R| opcode|M| Payload len |          Payload Data         |")
        #expect(diagram[8] == "|1|0|0|0|1 0 0 0|0|0 0 0 0 0 1 0|0 0 0 0 0 0 1 1 1 1 1 0 1 0 0 0|")
        #expect(Set(diagram.map(\.count)).count <= 3)
    }

    /// RFC 6455 §5.2's whole figure: a 64-bit length and a masking key run over four rows of 32
    /// bits, each continued field labelled so, and the last row ends with the payload's first bits.
    @Test func fullHeaderFigureRunsOverRowsOf32Bits() throws {
        // A binary frame of 65536 bytes (64-bit length), masked with 37 fa 21 3d; payload ff 00 …
        let bytes: [UInt8] = [0x82, 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 0x37, 0xfa, 0x21, 0x3d]
        let header = try #require(WebSocketFrameHeader(bytes: bytes))
        let diagram = HeaderFigure.lines(header, payload: [0xff, 0x00], rowBits: 32)
        let bitRows = diagram.filter { $0.hasPrefix("|0") || $0.hasPrefix("|1") }
        #expect(bitRows == [
            "|1|0|0|0|0 0 1 0|1|1 1 1 1 1 1 1|0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0|",
            "|0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1|",
            "|0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0|0 0 1 1 0 1 1 1 1 1 1 1 1 0 1 0|",
            "|0 0 1 0 0 0 0 1 0 0 1 1 1 1 0 1|1 1 1 1 1 1 1 1 0 0 0 0 0 0 0 0|",
        ])
        #expect(diagram.contains("|F|R|R|R| opcode|M| Payload len |    Extended payload length    |"))
        #expect(diagram.contains("|           (64 bits)           |") == false)
        #expect(diagram.contains { $0.hasSuffix("|           (64 bits)           |") })
        // The length runs on over two rows and the key over one: each part labelled "(continued)".
        #expect(diagram.filter { $0.contains("(continued)") }.count == 3)
        #expect(diagram.contains("|          (continued)          |          Payload Data         |"))
        #expect(Set(diagram.dropFirst(2).map(\.count)) == [65])
        let narrow = HeaderFigure.lines(header, payload: [0xff, 0x00], rowBits: 16)
        #expect(Set(narrow.dropFirst(2).map(\.count)) == [33])
    }
}
