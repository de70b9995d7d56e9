import Testing
import TCPReassembly

@Suite struct TCPSequenceNumberTests {
    @Test func distanceTakesTheShortWayAroundTheWrap() {
        let beforeWrap = TCPSequenceNumber(0xFFFF_FFF0)
        let afterWrap = TCPSequenceNumber(0x10)
        #expect(beforeWrap.distance(to: afterWrap) == 0x20)
        #expect(afterWrap.distance(to: beforeWrap) == -0x20)
        #expect(beforeWrap.isBefore(afterWrap))
        #expect(!afterWrap.isBefore(beforeWrap))
        #expect(beforeWrap.advanced(by: 0x20) == afterWrap)
        #expect(afterWrap.advanced(by: -0x20) == beforeWrap)
    }

    @Test func relativeOffsetsKeepGrowingAcrossTheWrap() {
        let space = RelativeSequenceSpace(base: TCPSequenceNumber(0xFFFF_FF00))
        #expect(space.offset(of: TCPSequenceNumber(0xFFFF_FF00), near: 0) == 0)
        #expect(space.offset(of: TCPSequenceNumber(0x0000_0100), near: 0x100) == 0x200)
        // Four wraps later the same raw number is 2^34 further on.
        #expect(space.offset(of: TCPSequenceNumber(0x0000_0100), near: (1 << 34) + 0x1F0) == (1 << 34) + 0x200)
        #expect(space.sequenceNumber(at: (1 << 34) + 0x200) == TCPSequenceNumber(0x100))
    }

    @Test func theWindowReachesFurtherAheadThanBehind() {
        let space = RelativeSequenceSpace(base: TCPSequenceNumber(1_000))
        let reference: Int64 = 5_000_000_000
        func number(at offset: Int64) -> TCPSequenceNumber { space.sequenceNumber(at: offset) }
        // A jump of 2^31 (half the sequence space) is read as ahead...
        #expect(space.offset(of: number(at: reference + (1 << 31)), near: reference) == reference + (1 << 31))
        #expect(space.offset(of: number(at: reference + (3 << 30) - 1), near: reference) == reference + (3 << 30) - 1)
        // ...while up to a maximal window (2^30) behind is read as behind.
        #expect(space.offset(of: number(at: reference - (1 << 30)), near: reference) == reference - (1 << 30))
        #expect(space.offset(of: number(at: reference - 1), near: reference) == reference - 1)
    }

    @Test func offsetsBeforeTheFirstByteAreNegative() {
        let space = RelativeSequenceSpace(base: TCPSequenceNumber(10))
        #expect(space.offset(of: TCPSequenceNumber(5), near: 0) == -5)
        #expect(space.offset(of: TCPSequenceNumber(0xFFFF_FFFF), near: 0) == -11)
    }
}
