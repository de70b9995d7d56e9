import Testing
import WebSocketWire
import WireBytes

@Suite struct WebSocketFrameHeaderTests {
    @Test func everyVectorHeaderDecodesItsFields() throws {
        let vectors = try WireVectors.load()
        for vector in vectors.frames {
            let length = WebSocketFrameHeader.length(firstByte: vector.bytes[0], secondByte: vector.bytes[1])
            let header = try #require(WebSocketFrameHeader(bytes: vector.bytes[0..<length]), "\(vector.source)")
            #expect(header.fin == vector.fin, "\(vector.source)")
            #expect(header.opcode.rawValue == vector.opcode, "\(vector.source)")
            #expect(header.isMasked == vector.masked, "\(vector.source)")
            #expect(header.maskingKey?.description == vector.maskingKey?.hexString, "\(vector.source)")
            #expect(header.reservedBits == 0)
            #expect(header.isMinimalLengthEncoding)
            #expect(header.bytes == Array(vector.bytes[0..<length]))
            let expectedLength = vector.payloadLength ?? UInt64(vector.payload?.count ?? 0)
            #expect(header.payloadLength == expectedLength, "\(vector.source)")
            if vector.isHeaderOnly { #expect(header.headerLength == vector.bytes.count) }
        }
    }

    @Test func thesisOverheadFigures() throws {
        let vectors = try WireVectors.load()
        let server = try #require(WebSocketFrameHeader(bytes: [0x81, 0x05]))
        let client = try #require(WebSocketFrameHeader(bytes: [0x81, 0x85, 1, 2, 3, 4]))
        #expect(vectors.overhead.contains { $0.bytes == server.headerLength && $0.what.contains("server") })
        #expect(vectors.overhead.contains { $0.bytes == client.headerLength && $0.what.contains("client") })
    }

    @Test func lengthEncodingsAndTheirLimits() throws {
        let nonMinimal16 = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7e, 0x00, 0x7d]))
        #expect(nonMinimal16.lengthEncoding == .sixteenBit && nonMinimal16.payloadLength == 125)
        #expect(!nonMinimal16.isMinimalLengthEncoding)
        let nonMinimal64 = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0xff, 0xff]))
        #expect(!nonMinimal64.isMinimalLengthEncoding)
        let topBit = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0]))
        #expect(topBit.hasLengthTopBitSet && topBit.payloadLength == 1 << 63)
        let largest = try #require(WebSocketFrameHeader(bytes: [0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]))
        #expect(largest.headerLength == 14 && largest.payloadLength == UInt64(Int64.max) && !largest.hasLengthTopBitSet)
        #expect(WebSocketFrameHeader(bytes: [0x81, 0x7e, 0x00]) == nil, "wrong byte count is rejected")
    }

    @Test func fieldTableReadsTheBitsOfEveryField() throws {
        let header = try #require(WebSocketFrameHeader(bytes: Hex.decode("c1fe0100aabbccdd")!))
        let values = Dictionary(uniqueKeysWithValues: header.layout.map { ($0.key, header.value(of: $0)) })
        #expect(values[.fin] == 1)
        #expect(values[.rsv1] == 1)
        #expect(values[.rsv2] == 0)
        #expect(values[.opcode] == 1)
        #expect(values[.masked] == 1)
        #expect(values[.payloadLength] == 126)
        #expect(values[.extendedPayloadLength] == 256)
        #expect(values[.maskingKey] == 0xaabb_ccdd)
        let keys = WebSocketFrameHeader.fields.map(\.key.rawValue)
        #expect(keys == ["fin", "rsv1", "rsv2", "rsv3", "opcode", "masked", "payloadLength"])
        // The fixed fields tile the first 16 bits exactly.
        #expect(WebSocketFrameHeader.fields.map(\.bitWidth).reduce(0, +) == 16)
        #expect(WebSocketFrameHeader.maskingKeyField(.sixtyFourBit).bitRange == 80...111)
    }
}
