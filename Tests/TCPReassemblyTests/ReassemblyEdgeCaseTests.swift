import CaptureCrafting
import PacketCapture
import PacketDecoding
import Testing
import WireBytes
import TCPReassembly

let clientISN: UInt32 = 1_000
let serverISN: UInt32 = 5_000

extension ReassemblyHarness {
    /// SYN, SYN-ACK, ACK between `clientAddress` and `serverAddress`.
    mutating func handshake(clientISN: UInt32 = clientISN, serverISN: UInt32 = serverISN) {
        send(from: clientAddress, to: serverAddress, seq: clientISN, flags: .syn)
        send(from: serverAddress, to: clientAddress, seq: serverISN, ack: clientISN &+ 1, flags: [.syn, .ack])
        send(from: clientAddress, to: serverAddress, seq: clientISN &+ 1, ack: serverISN &+ 1)
    }

    /// Client payload at a stream offset.
    @discardableResult
    mutating func client(at offset: Int, _ payload: [UInt8], missing: Int = 0, isn: UInt32 = clientISN) -> UInt64 {
        send(from: clientAddress, to: serverAddress, seq: isn &+ 1 &+ UInt32(truncatingIfNeeded: offset),
             ack: serverISN &+ 1, flags: [.ack, .psh], payload: payload, missing: missing)
    }

    /// A pure ACK from the server acknowledging the client's stream up to `offset`.
    @discardableResult
    mutating func serverAcknowledges(_ offset: Int, isn: UInt32 = clientISN) -> UInt64 {
        send(from: serverAddress, to: clientAddress, seq: serverISN &+ 1, ack: isn &+ 1 &+ UInt32(truncatingIfNeeded: offset))
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct OverlapTests {
    @Test func conflictingOverlapKeepsTheFirstCopyAndIsReported() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 10, bytes("KLMNOPQRST"))
        let conflicting = harness.client(at: 5, bytes("fghijXXXXX")) // 10..<15 differ from "KLMNO"
        harness.client(at: 0, bytes("abcde"))
        #expect(harness.stream(from: .client) == bytes("abcdefghijKLMNOPQRST"))
        let findings = harness.findings(TCPRule.retransmissionConflict)
        #expect(findings == [.finding(connection: 1, from: .client, rule: TCPRule.retransmissionConflict.id, packet: conflicting)])
        #expect(harness.reassembler.statistics(for: 1)?.fromClient.conflictingRetransmissions == 1)
    }

    @Test func anInOrderSegmentDoesNotOverrideBufferedBytes() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 5, bytes("fghij"))
        harness.client(at: 0, bytes("abcdeFGHIJklm"))
        #expect(harness.stream(from: .client) == bytes("abcdefghijklm"))
        #expect(harness.findings(TCPRule.retransmissionConflict).count == 1)
    }

    @Test func sameByteOverlapsAreRetransmissionsWithoutFindings() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, bytes("abcdef"))
        harness.client(at: 0, bytes("abcdef"))        // full retransmission
        harness.client(at: 3, bytes("defghi"))        // partly new
        harness.client(at: 12, bytes("mno"))          // out of order
        harness.client(at: 11, bytes("lmn"))          // overlaps the buffered copy, same bytes
        harness.client(at: 9, bytes("jk"))
        #expect(harness.stream(from: .client) == bytes("abcdefghijklmno"))
        #expect(harness.findings(TCPRule.retransmissionConflict).isEmpty)
        let statistics = harness.reassembler.statistics(for: 1)?.fromClient
        #expect(statistics?.retransmittedPackets == 1)
        #expect(statistics?.retransmittedBytes == 6 + 3 + 2)
        #expect(statistics?.wirePayloadBytes == 6 + 6 + 6 + 3 + 3 + 2)
        #expect(statistics?.deliveredBytes == 15)
    }

    @Test func inOrderDataIsPassedThroughWithoutCopying() {
        var reassembler = TCPReassembler()
        var events: [StreamEvent] = []
        let payload: [UInt8] = Array(repeating: 7, count: 100)
        func segment(_ flags: TCPFlags, seq: UInt32, _ body: UnsafeRawBufferPointer) -> TCPSegment {
            TCPSegment(packetNumber: 1, timestamp: CaptureTimestamp(seconds: 0, nanoseconds: 0), source: clientAddress,
                       destination: serverAddress, sequenceNumber: seq, acknowledgmentNumber: 0, flags: flags,
                       window: 0, payload: body)
        }
        reassembler.process(segment(.syn, seq: 1, UnsafeRawBufferPointer(start: nil, count: 0)), into: &events)
        payload.withUnsafeBytes { body in
            events.removeAll()
            reassembler.process(segment(.ack, seq: 2, body), into: &events)
            let chunks = events.compactMap { if case .data(let chunk) = $0 { chunk } else { nil } }
            #expect(chunks.count == 1)
            #expect(chunks.first?.bytes.baseAddress == body.baseAddress)
            #expect(chunks.first?.bytes.count == 100)
        }
    }
}

@Suite struct SequenceSpaceTests {
    @Test("sequence numbers wrapping across 2^32, reordered", arguments: [0xFFFF_FE00, 0xFFFF_FFFF] as [UInt32])
    func wrapAround(isn: UInt32) {
        var generator = SeededGenerator(seed: 7)
        let data = randomBytes(3_000, using: &generator)
        var harness = ReassemblyHarness()
        harness.handshake(clientISN: isn)
        let order = [2, 0, 1, 5, 4, 3, 7, 6, 9, 8, 14, 13, 12, 11, 10]
        for index in order {
            harness.client(at: index * 200, Array(data[(index * 200)..<(index * 200 + 200)]), isn: isn)
        }
        harness.finish()
        #expect(harness.stream(from: .client) == data)
        #expect(harness.gaps().isEmpty)
        harness.verifyProvenance(from: .client, expected: data)
    }

    @Test("a jump of 2^31 bytes is a gap of 2^31 bytes, proven by the ACK", arguments: [1_000, 0xFFFF_FFF0] as [UInt32])
    func jumpOfHalfTheSequenceSpace(isn: UInt32) throws {
        var harness = ReassemblyHarness()
        harness.handshake(clientISN: isn)
        let jump = 1 << 31
        harness.client(at: 0, Array(repeating: 1, count: 100), isn: isn)
        harness.client(at: 100 + jump, Array(repeating: 2, count: 100), isn: isn)
        let acknowledgment = harness.serverAcknowledges(200 + jump, isn: isn)
        let gap = try #require(harness.gaps().first)
        #expect(gap.offset == 100 && gap.length == UInt64(jump) && gap.reason == .lost && gap.packet == acknowledgment)
        #expect(harness.stream(from: .client) == Array(repeating: 1, count: 100) + Array(repeating: 2, count: 100))
        #expect(harness.events.contains {
            if case .data(1, .client, UInt64(100 + jump), _, _, _) = $0 { true } else { false }
        })
    }

    @Test func aJumpWithoutAcknowledgmentBecomesAGapAtTheEnd() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, [1])
        harness.client(at: 1 + (1 << 31), [2])
        #expect(harness.gaps().isEmpty)
        harness.finish()
        #expect(harness.gaps().map(\.length) == [1 << 31])
        #expect(harness.gaps().first?.packet == nil)
        #expect(harness.stream(from: .client) == [1, 2])
    }
}

@Suite struct GapTests {
    @Test func anAcknowledgmentPastAHoleMakesItAGapAtOnce() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, Array(repeating: 1, count: 100))
        harness.client(at: 200, Array(repeating: 3, count: 100))
        #expect(harness.gaps().isEmpty, "still waiting: the hole may be reordering")
        let acknowledgment = harness.serverAcknowledges(300)
        #expect(harness.gaps() == [StreamGap(connection: 1, from: .client, offset: 100, length: 100, reason: .lost,
                                             packet: acknowledgment)])
        #expect(harness.stream(from: .client).count == 200)
        // The late copy of the lost bytes is now a retransmission.
        harness.client(at: 100, Array(repeating: 2, count: 100))
        #expect(harness.stream(from: .client).count == 200)
        #expect(harness.reassembler.statistics(for: 1)?.fromClient.retransmittedPackets == 1)
    }

    @Test func bytesAcknowledgedButNeverSeenAreAGapAtTheEnd() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, Array(repeating: 1, count: 100))
        harness.serverAcknowledges(300)
        #expect(harness.gaps().isEmpty)
        harness.finish()
        #expect(harness.gaps().map(\.streamRange) == [100..<300])
    }

    @Test func snaplenTruncationIsAGapOfExactlyTheMissingBytes() {
        var harness = ReassemblyHarness()
        harness.handshake()
        let truncated = harness.client(at: 0, Array(repeating: 1, count: 60), missing: 1_400)
        harness.client(at: 1_460, Array(repeating: 2, count: 10))
        #expect(harness.gaps() == [StreamGap(connection: 1, from: .client, offset: 60, length: 1_400,
                                             reason: .notCaptured, packet: truncated)])
        #expect(harness.stream(from: .client) == Array(repeating: 1, count: 60) + Array(repeating: 2, count: 10))
        #expect(harness.findings(TCPRule.snaplenTruncation).count == 1)
        #expect(harness.reassembler.statistics(for: 1)?.fromClient.wirePayloadBytes == 1_470)
    }

    @Test func aTruncatedSegmentOutOfOrderBecomesItsGapWhenItsTurnComes() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 100, Array(repeating: 2, count: 60), missing: 40)
        harness.client(at: 200, Array(repeating: 3, count: 10), missing: 5)
        harness.client(at: 0, Array(repeating: 1, count: 100))
        #expect(harness.gaps().map(\.streamRange) == [160..<200, 210..<215])
        #expect(harness.gaps().allSatisfy { $0.reason == .notCaptured })
        #expect(harness.stream(from: .client).count == 170)
        #expect(harness.findings(TCPRule.snaplenTruncation).count == 1, "reported once per direction")
    }

    @Test func theBufferCapGivesUpTheHoleWithAFinding() {
        var harness = ReassemblyHarness(configuration: .init(maximumBufferedBytesPerDirection: 4_096))
        harness.handshake()
        harness.client(at: 0, Array(repeating: 0, count: 100))
        var packets: [UInt64] = []
        for index in 0..<5 {
            packets.append(harness.client(at: 1_000 + index * 1_000, Array(repeating: UInt8(index + 1), count: 1_000)))
        }
        let capGap = harness.gaps().first
        #expect(capGap?.streamRange == 100..<1_000)
        #expect(capGap?.reason == .bufferCap)
        #expect(capGap?.packet == packets[4], "the fifth 1000-byte piece passes 4096")
        #expect(harness.findings(TCPRule.bufferCap).count == 1)
        #expect(harness.stream(from: .client).count == 5_100)
        #expect(harness.reassembler.statistics(for: 1)?.fromClient.bufferCapHits == 1)
        #expect(harness.reassembler.bufferedBytes == 0)
    }

    @Test func theSegmentCountCapGivesUpTheHoleToo() {
        var harness = ReassemblyHarness(configuration: .init(maximumBufferedSegmentsPerDirection: 3))
        harness.handshake()
        for offset in stride(from: 40, to: 0, by: -10) { harness.client(at: offset, Array(repeating: 1, count: 5)) }
        // The fourth piece is one too many: the first hole goes, the rest waits.
        #expect(harness.gaps() == [StreamGap(connection: 1, from: .client, offset: 0, length: 10, reason: .bufferCap,
                                             packet: harness.lastPacket)])
        #expect(harness.findings(TCPRule.bufferCap).count == 1)
        #expect(harness.stream(from: .client).count == 5)
        harness.finish()
        #expect(harness.gaps().map(\.streamRange) == [0..<10, 15..<20, 25..<30, 35..<40])
        #expect(harness.stream(from: .client).count == 20)
    }

    @Test func segmentsLargerThan64KiBWork() {
        var generator = SeededGenerator(seed: 3)
        let data = randomBytes(300_000, using: &generator)
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, Array(data[0..<100_000]))
        harness.client(at: 200_000, Array(data[200_000...]))
        harness.client(at: 100_000, Array(data[100_000..<200_000]))
        #expect(harness.stream(from: .client) == data)
        harness.verifyProvenance(from: .client, expected: data)
        let sizes = harness.events.compactMap { if case .data(_, _, _, let chunk, _, _) = $0 { chunk.count } else { nil } }
        #expect(sizes == [100_000, 100_000, 100_000])
    }
}

@Suite struct EndingTests {
    @Test func aResetEndsBothDirectionsAndLaterDataIsReported() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, bytes("hello"))
        harness.client(at: 10, bytes("later"))
        harness.send(from: serverAddress, to: clientAddress, seq: serverISN &+ 1, ack: clientISN &+ 6, flags: [.rst, .ack])
        #expect(harness.gaps().map(\.streamRange) == [5..<10], "the hole before buffered data is lost")
        #expect(harness.events.suffix(3) == [
            .ended(connection: 1, from: .client, how: .reset),
            .ended(connection: 1, from: .server, how: .reset),
            .closed(connection: 1, how: .reset),
        ])
        let late = harness.client(at: 15, bytes("more"))
        #expect(harness.findings(TCPRule.dataAfterReset) == [
            .finding(connection: 1, from: .client, rule: TCPRule.dataAfterReset.id, packet: late),
        ])
        #expect(harness.stream(from: .client) == bytes("hellolater"))
        harness.finish()
        #expect(harness.events.filter { if case .closed = $0 { true } else { false } }.count == 1)
    }

    @Test func theAcknowledgmentOfAFINProvesTheHoleBeforeIt() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, bytes("0123456789"))
        harness.client(at: 20, bytes("abcdefghij"))
        harness.send(from: clientAddress, to: serverAddress, seq: clientISN &+ 31, ack: serverISN &+ 1, flags: [.fin, .ack])
        #expect(harness.gaps().isEmpty)
        harness.serverAcknowledges(31) // the FIN's own sequence number: one past the last byte
        #expect(harness.gaps().map(\.streamRange) == [10..<20])
        #expect(harness.events.last == .ended(connection: 1, from: .client, how: .fin))
        let late = harness.client(at: 30, bytes("beyond"))
        #expect(harness.findings(TCPRule.dataAfterFin) == [
            .finding(connection: 1, from: .client, rule: TCPRule.dataAfterFin.id, packet: late),
        ])
        #expect(harness.stream(from: .client) == bytes("0123456789abcdefghij"))
    }

    @Test func finishClosesOpenConnectionsAtTheEndOfTheCapture() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 0, bytes("abc"))
        harness.send(from: clientAddress, to: serverAddress, seq: clientISN &+ 4, ack: serverISN &+ 1, flags: [.fin, .ack])
        harness.finish()
        #expect(harness.events.suffix(3) == [
            .ended(connection: 1, from: .client, how: .fin),
            .ended(connection: 1, from: .server, how: .endOfCapture),
            .closed(connection: 1, how: .endOfCapture),
        ])
        #expect(harness.reassembler.statistics(for: 1)?.closedHow == .endOfCapture)
    }
}
