import CaptureCrafting
import PacketDecoding
import Testing
import WireBytes
import TCPReassembly

/// A conversation with SYN, SYN-ACK, a few KB each way, and FINs, cut into random segments and
/// sent reordered, duplicated and partly retransmitted: reassembly must give back the exact bytes.
@Suite struct ReassemblyPropertyTests {
    struct Conversation {
        var clientISN: UInt32
        var serverISN: UInt32
        var request: [UInt8]
        var response: [UInt8]

        init(using generator: inout SeededGenerator) {
            clientISN = UInt32.random(in: 0...UInt32.max, using: &generator)
            serverISN = UInt32.random(in: 0...UInt32.max, using: &generator)
            request = randomBytes(Int.random(in: 3_000...9_000, using: &generator), using: &generator)
            response = randomBytes(Int.random(in: 3_000...12_000, using: &generator), using: &generator)
        }
    }

    /// Cuts `bytes` into random in-order segments (1 byte up to a few KB).
    static func segments(of bytes: [UInt8], from source: SocketAddress, to destination: SocketAddress,
                         isn: UInt32, peerISN: UInt32, using generator: inout SeededGenerator) -> [SegmentSpec] {
        var result: [SegmentSpec] = []
        var offset = 0
        while offset < bytes.count {
            let size = Bool.random(using: &generator) ? Int.random(in: 1...200, using: &generator)
                                                      : Int.random(in: 200...3_000, using: &generator)
            let end = min(bytes.count, offset + size)
            result.append(segment(bytes, offset..<end, from: source, to: destination, isn: isn, peerISN: peerISN))
            offset = end
        }
        return result
    }

    static func segment(_ bytes: [UInt8], _ range: Range<Int>, from source: SocketAddress, to destination: SocketAddress,
                        isn: UInt32, peerISN: UInt32) -> SegmentSpec {
        SegmentSpec(source: source, destination: destination, sequenceNumber: isn &+ 1 &+ UInt32(range.lowerBound),
                    acknowledgmentNumber: peerISN &+ 1, flags: [.ack, .psh], payload: Array(bytes[range]))
    }

    /// Reorders locally, duplicates some segments, and adds retransmissions of random byte ranges
    /// (same bytes, arbitrary boundaries), none touching `avoiding`.
    static func scramble(_ inOrder: [SegmentSpec], bytes: [UInt8], isn: UInt32, peerISN: UInt32,
                         avoiding excluded: Range<Int>?, using generator: inout SeededGenerator) -> [SegmentSpec] {
        var list = inOrder
        for index in list.indices {
            let other = min(list.count - 1, index + Int.random(in: 0...4, using: &generator))
            list.swapAt(index, other)
        }
        let source = inOrder[0].source, destination = inOrder[0].destination
        func touchesExcluded(_ range: Range<Int>) -> Bool { excluded.map { $0.overlaps(range) } ?? false }
        for original in inOrder where Int.random(in: 0..<8, using: &generator) == 0 {
            let start = Int(original.sequenceNumber &- isn &- 1)
            guard !touchesExcluded(start..<(start + original.payload.count)) else { continue }
            list.insert(original, at: Int.random(in: 0...list.count, using: &generator))
        }
        for _ in 0..<10 {
            let start = Int.random(in: 0..<bytes.count, using: &generator)
            let end = min(bytes.count, start + Int.random(in: 1...2_500, using: &generator))
            guard !touchesExcluded(start..<end) else { continue }
            list.insert(segment(bytes, start..<end, from: source, to: destination, isn: isn, peerISN: peerISN),
                        at: Int.random(in: 0...list.count, using: &generator))
        }
        return list
    }

    /// Runs the conversation; `dropClientSegment` leaves one of the client's segments out and returns its range.
    static func run(seed: UInt64, dropClientSegment: Bool) -> (ReassemblyHarness, Conversation, Range<Int>?) {
        var generator = SeededGenerator(seed: seed)
        let conversation = Conversation(using: &generator)
        let (cISN, sISN) = (conversation.clientISN, conversation.serverISN)
        var clientSegments = segments(of: conversation.request, from: clientAddress, to: serverAddress,
                                      isn: cISN, peerISN: sISN, using: &generator)
        var dropped: Range<Int>?
        if dropClientSegment {
            let index = Int.random(in: 1..<(clientSegments.count - 1), using: &generator)
            let start = Int(clientSegments[index].sequenceNumber &- cISN &- 1)
            dropped = start..<(start + clientSegments[index].payload.count)
            clientSegments.remove(at: index)
        }
        let clientSent = scramble(clientSegments, bytes: conversation.request, isn: cISN, peerISN: sISN,
                                  avoiding: dropped, using: &generator)
        let serverSent = scramble(segments(of: conversation.response, from: serverAddress, to: clientAddress,
                                           isn: sISN, peerISN: cISN, using: &generator),
                                  bytes: conversation.response, isn: sISN, peerISN: cISN, avoiding: nil,
                                  using: &generator)

        var harness = ReassemblyHarness()
        harness.send(from: clientAddress, to: serverAddress, seq: cISN, flags: .syn)
        harness.send(from: serverAddress, to: clientAddress, seq: sISN, ack: cISN &+ 1, flags: [.syn, .ack])
        harness.send(from: clientAddress, to: serverAddress, seq: cISN &+ 1, ack: sISN &+ 1)
        // Interleave the two directions at random.
        var (clientIndex, serverIndex) = (0, 0)
        while clientIndex < clientSent.count || serverIndex < serverSent.count {
            if serverIndex == serverSent.count || clientIndex < clientSent.count && Bool.random(using: &generator) {
                harness.send(clientSent[clientIndex]); clientIndex += 1
            } else {
                harness.send(serverSent[serverIndex]); serverIndex += 1
            }
        }
        let clientFIN = cISN &+ 1 &+ UInt32(conversation.request.count)
        let serverFIN = sISN &+ 1 &+ UInt32(conversation.response.count)
        harness.send(from: clientAddress, to: serverAddress, seq: clientFIN, ack: sISN &+ 1, flags: [.fin, .ack])
        harness.send(from: serverAddress, to: clientAddress, seq: serverFIN, ack: clientFIN &+ 1, flags: [.fin, .ack])
        harness.send(from: clientAddress, to: serverAddress, seq: clientFIN &+ 1, ack: serverFIN &+ 1)
        harness.finish()
        return (harness, conversation, dropped)
    }

    @Test("random segmentation, reordering, duplicates and same-byte overlaps give back the exact streams",
          arguments: 1...24 as ClosedRange<UInt64>)
    func reassemblesExactly(seed: UInt64) {
        let (harness, conversation, _) = Self.run(seed: seed, dropClientSegment: false)
        #expect(harness.stream(from: .client) == conversation.request)
        #expect(harness.stream(from: .server) == conversation.response)
        #expect(harness.gaps().isEmpty)
        #expect(harness.findings(TCPRule.retransmissionConflict).isEmpty)
        #expect(harness.events.contains(.ended(connection: 1, from: .client, how: .fin)))
        #expect(harness.events.contains(.ended(connection: 1, from: .server, how: .fin)))
        #expect(harness.events.last == .closed(connection: 1, how: .fin))
        harness.verifyProvenance(from: .client, expected: conversation.request)
        harness.verifyProvenance(from: .server, expected: conversation.response)

        let statistics = harness.reassembler.statistics(for: 1)
        #expect(statistics?.roleBasis == .syn)
        #expect(statistics?.client == clientAddress)
        for peer in Peer.allCases {
            let direction = statistics?.direction(peer)
            let expected = peer == .client ? conversation.request : conversation.response
            #expect(direction?.deliveredBytes == UInt64(expected.count))
            // Every byte on the wire was either new or a retransmission.
            #expect(direction.map { $0.wirePayloadBytes == $0.deliveredBytes + $0.retransmittedBytes } == true)
            #expect(direction?.sawSYN == true && direction?.sawFIN == true)
        }
        #expect(harness.reassembler.bufferedBytes == 0)
        #expect(harness.reassembler.connectionsHoldingBuffers == 0)
    }

    @Test("one segment missing gives exactly one gap of its size, and every other byte",
          arguments: 1...24 as ClosedRange<UInt64>)
    func oneLostSegmentIsOneGap(seed: UInt64) throws {
        let (harness, conversation, dropped) = Self.run(seed: seed, dropClientSegment: true)
        let lost = try #require(dropped)
        let gaps = harness.gaps()
        try #require(gaps.count == 1)
        #expect(gaps[0].from == .client)
        #expect(gaps[0].offset == UInt64(lost.lowerBound))
        #expect(gaps[0].length == UInt64(lost.count))
        #expect(gaps[0].reason == .lost)
        var expected = conversation.request
        expected.removeSubrange(lost)
        #expect(harness.stream(from: .client) == expected)
        #expect(harness.stream(from: .server) == conversation.response)
        #expect(harness.findings(TCPRule.lostSegment).count == 1)
        #expect(harness.reassembler.statistics(for: 1)?.fromClient.gapSizes == [UInt64(lost.count)])
    }
}

extension ReassemblyPropertyTests {
    @Test func theScramblerReallyReordersAndRetransmits() {
        var buffered: UInt64 = 0, retransmitted: UInt64 = 0
        for seed in 1...24 as ClosedRange<UInt64> {
            let statistics = Self.run(seed: seed, dropClientSegment: false).0.reassembler.statistics(for: 1)
            buffered += (statistics?.fromClient.peakBufferedBytes ?? 0) + (statistics?.fromServer.peakBufferedBytes ?? 0)
            retransmitted += (statistics?.fromClient.retransmittedPackets ?? 0) + (statistics?.fromServer.retransmittedPackets ?? 0)
        }
        #expect(buffered > 0)
        #expect(retransmitted > 0)
    }
}
