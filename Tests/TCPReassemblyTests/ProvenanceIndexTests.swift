import Testing
import TCPReassembly

@Suite struct ProvenanceIndexTests {
    /// A frame of 55 × 100 bytes, each hundred from its own packet (payload offset 20 there).
    func fiftyFivePackets() -> ProvenanceIndex {
        var index = ProvenanceIndex()
        for packet in 0..<55 {
            index.record(offset: UInt64(packet * 100), length: 100, packet: UInt64(packet + 10), payloadOffset: 20)
        }
        return index
    }

    @Test func aRangeSpanningManySegmentsListsEveryPacket() {
        let index = fiftyFivePackets()
        #expect(index.packets(covering: 0..<5_500) == (10..<65).map { UInt64($0) })
        let pieces = index.pieces(covering: 150..<320)
        #expect(pieces == [
            .init(packet: 11, payloadRange: 70..<120, streamRange: 150..<200),
            .init(packet: 12, payloadRange: 20..<120, streamRange: 200..<300),
            .init(packet: 13, payloadRange: 20..<40, streamRange: 300..<320),
        ])
    }

    @Test func singleOffsetsResolveToPacketAndPayloadOffset() {
        let index = fiftyFivePackets()
        #expect(index.location(of: 0)! == (10, 20))
        #expect(index.location(of: 5_499)! == (64, 119))
        #expect(index.location(of: 250)! == (12, 70))
        #expect(index.location(of: 5_500) == nil)
    }

    @Test func contiguousBytesOfOnePacketShareOneRun() {
        var index = ProvenanceIndex()
        index.record(offset: 0, length: 10, packet: 1, payloadOffset: 0)
        index.record(offset: 10, length: 30, packet: 1, payloadOffset: 10)
        index.record(offset: 40, length: 5, packet: 2, payloadOffset: 0)
        #expect(index.runCount == 2)
        #expect(index.location(of: 39)! == (1, 39))
    }

    @Test func gapsLeaveHoles() {
        var index = ProvenanceIndex()
        index.record(offset: 0, length: 10, packet: 1, payloadOffset: 0)
        index.record(offset: 50, length: 10, packet: 3, payloadOffset: 0)
        #expect(index.location(of: 20) == nil)
        #expect(index.packets(covering: 0..<60) == [1, 3])
    }

    @Test func discardingForgetsConsumedBytesAndKeepsTheRest() {
        var index = fiftyFivePackets()
        index.discard(before: 250)
        #expect(index.location(of: 249) == nil)
        #expect(index.location(of: 250)! == (12, 70))
        #expect(index.runCount == 53)
        index.discard(before: 5_500)
        #expect(index.runCount == 0)
        index.record(offset: 5_500, length: 10, packet: 99, payloadOffset: 0)
        #expect(index.packets(covering: 0..<10_000) == [99])
    }
}
