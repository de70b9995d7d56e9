import CaptureCrafting
import Testing
import WebSocketWire
import WireBytes

/// Captures are attacker-controlled: random and mutated streams must never crash the decoders,
/// must give the same events however they are split, and must keep retained bytes bounded.
@Suite struct RobustnessTests {
    static func conversation(seed: UInt32) -> [ScriptStep] {
        let deflater = TestDeflater()
        return [
            .client(FrameBuilder.client(1, "Hallo Server".bytes, seed: seed)),
            .server(FrameBuilder.server(1, deflater.compressMessage("Hallo Client, Hallo".bytes), rsv: 4)),
            .client(FrameBuilder.client(1, "Teil 1, ".bytes, fin: false, seed: seed + 1)),
            .server(FrameBuilder.server(9, "tick".bytes)),
            .client(FrameBuilder.client(0xa, "tick".bytes, seed: seed + 2)),
            .client(FrameBuilder.client(0, "Teil 2".bytes, seed: seed + 3)),
            .server(FrameBuilder.server(2, Array(0..<200))),
            .client(FrameBuilder.client(8, FrameBuilder.close(1000, "fertig"), seed: seed + 4)),
            .server(FrameBuilder.server(8, FrameBuilder.close(1000))),
        ]
    }

    @Test(arguments: [false, true])
    func mutatedConversationsDecodeTheSameInEverySplit(handshakeSeen: Bool) {
        var generator = SeededGenerator(seed: handshakeSeen ? 7 : 8)
        let configuration = WebSocketSession.Configuration(
            deflate: PerMessageDeflateParameters(), handshakeSeen: handshakeSeen, payloadRetentionLimit: 4096)
        for round in 0..<100 {
            var script = Self.conversation(seed: UInt32(round * 10 + 1))
            // Flip a few bytes, and now and then replace a step with a gap.
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let step = Int.random(in: 0..<script.count, using: &generator)
                if case .bytes(let peer, var bytes) = script[step], !bytes.isEmpty {
                    if Int.random(in: 0..<5, using: &generator) == 0 {
                        script[step] = .gap(peer, UInt64(bytes.count))
                    } else {
                        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                        script[step] = .bytes(peer, bytes)
                    }
                }
            }
            let (events, _) = SessionHarness.runAllSplits(script, configuration: configuration)
            #expect(events.frames.allSatisfy { $0.payload.count <= 4096 })
            #expect(Set(events.frames.map(\.index)).count == events.frames.count, "frame indices are unique")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 99)
        for round in 0..<100 {
            let length = Int.random(in: 0...3000, using: &generator)
            let noise = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let half = noise.count / 2
            let configuration = WebSocketSession.Configuration(deflate: round.isMultiple(of: 2) ? PerMessageDeflateParameters() : nil,
                                                               handshakeSeen: round % 3 != 0)
            let (events, session) = SessionHarness.run([
                .client(Array(noise[..<half])), .gap(.client, UInt64(round)), .server(Array(noise[half...])),
            ], configuration: configuration, split: { Splitting.random($0, seed: UInt64(round), maxPiece: 64) })
            let counts = session.counts(for: .client)
            #expect(counts.decodedBytes + counts.undecodedBytes == UInt64(half))
            #expect(events.frames.count == session.frameCount)
            _ = WebSocketFramingHeuristic.assess(first: Array(noise[..<half]), second: Array(noise[half...]))
        }
    }
}
