import CaptureCrafting
import PacketDecoding
import Testing
import WireBytes
import TCPReassembly

/// Hostile input: random flags, sequence and acknowledgment numbers, truncations and port reuse.
/// Nothing may crash, every stream must still tile from offset 0 (the harness checks each event),
/// and everything must be closed and released at the end.
@Suite struct ReassemblyRobustnessTests {
    @Test("random segments keep the event invariants", arguments: 1...16 as ClosedRange<UInt64>)
    func randomSegments(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var harness = ReassemblyHarness(configuration: .init(maximumBufferedBytesPerDirection: 20_000,
                                                             maximumBufferedSegmentsPerDirection: 64))
        let endpoints = [address(1, port: 1_000), address(1, port: 1_001), address(2, port: 80)]
        var nearSequence = UInt32.random(in: 0...UInt32.max, using: &generator)
        for _ in 0..<2_000 {
            let source = endpoints[Int.random(in: 0..<2, using: &generator)]
            let (from, to) = Bool.random(using: &generator) ? (source, endpoints[2]) : (endpoints[2], source)
            var flags: TCPFlags = .ack
            for flag in [TCPFlags.syn, .fin, .rst] where Int.random(in: 0..<30, using: &generator) == 0 { flags.insert(flag) }
            if Int.random(in: 0..<10, using: &generator) == 0 { flags.remove(.ack) }
            // Mostly near a moving point, sometimes anywhere.
            let sequence = Int.random(in: 0..<20, using: &generator) == 0
                ? UInt32.random(in: 0...UInt32.max, using: &generator)
                : nearSequence &+ UInt32.random(in: 0...3_000, using: &generator)
            nearSequence &+= UInt32.random(in: 0...500, using: &generator)
            let payload = randomBytes(Int.random(in: 0...1_500, using: &generator) * Int.random(in: 0...1, using: &generator),
                                      using: &generator)
            let missing = Int.random(in: 0..<8, using: &generator) == 0 ? Int.random(in: 1...2_000, using: &generator) : 0
            harness.send(from: from, to: to, seq: sequence, ack: nearSequence &+ UInt32.random(in: 0...4_000, using: &generator),
                         flags: flags, payload: payload, missing: missing)
        }
        harness.finish()
        let connections = harness.reassembler.connectionCount
        #expect(harness.openedEvents.count == connections)
        #expect(harness.events.count { if case .closed = $0 { true } else { false } } == connections)
        #expect(harness.reassembler.bufferedBytes == 0)
        #expect(harness.reassembler.connectionsHoldingBuffers == 0)
    }
}
