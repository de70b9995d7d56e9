import Testing
import TLS
import WireBytes

/// Untrusted bytes: nothing traps, nothing grows without bound, and what is wrong is said.
@Suite struct HostileInputTests {
    @Test func aRecordClaiming64KiBLosesFramingAndAllocatesNothing() {
        var session = TLSSession()
        var events: [TLSEvent] = []
        session.consume(Crafted.clientHello(random: [UInt8](repeating: 1, count: 32), suites: [0x1301], tls13: true), from: .client, into: &events)
        session.consume([0x17, 0x03, 0x03, 0xff, 0xff] + [UInt8](repeating: 0, count: 100_000), from: .client, into: &events)
        session.consume([UInt8](repeating: 0, count: 100_000), from: .client, into: &events)
        #expect(events.findingIDs == ["tls.record-too-long", "tls.framing-lost"])
        #expect(session.counts(for: .client).unframedBytes == 200_000)
        #expect(session.counts(for: .client).records == 1)
    }

    @Test func anUnprotectedRecordOver16KiBIsReported() {
        var session = TLSSession()
        var events: [TLSEvent] = []
        let hello = Crafted.clientHello(random: [UInt8](repeating: 1, count: 32), suites: [0x1301], tls13: true)
        session.consume(hello + Crafted.record(.handshake, [UInt8](repeating: 0, count: (1 << 14) + 10)), from: .client, into: &events)
        #expect(events.findingIDs.contains("tls.record-too-long"))
    }

    @Test func unknownContentTypesAreReported() {
        var session = TLSSession()
        var events: [TLSEvent] = []
        let hello = Crafted.clientHello(random: [UInt8](repeating: 1, count: 32), suites: [0x1301], tls13: true)
        session.consume(hello + Crafted.record(TLSContentType(rawValue: 99), [1, 2, 3]), from: .client, into: &events)
        #expect(events.findingIDs == ["tls.unknown-content-type"])
    }

    @Test func malformedHellosAreFindingsNotCrashes() {
        var session = TLSSession()
        var events: [TLSEvent] = []
        // A ClientHello whose cipher_suites length runs past its end.
        session.consume(Crafted.record(.handshake, Crafted.handshake(1, [0x03, 0x03] + [UInt8](repeating: 0, count: 32) + [0x00, 0xff, 0xff])),
                        from: .client, into: &events)
        #expect(events.findingIDs == ["tls.malformed-handshake"])
        #expect(session.clientHello == nil)
    }

    @Test func randomBytesAndGapsNeverTrapAndStayBounded() {
        var generator = SplitMix(seed: 0x5eed)
        for round in 0..<200 {
            var session = TLSSession(configuration: .init(keyLog: KeyLog(parsing: "CLIENT_RANDOM \(String(repeating: "00", count: 32)) \(String(repeating: "11", count: 48))")))
            var events: [TLSEvent] = []
            // Half the rounds start like TLS, so the decoders get past the first checks.
            var prefix: [UInt8] = round % 2 == 0 ? Crafted.clientHello(random: [UInt8](repeating: 0, count: 32), suites: [0xc02f, 0x1301], tls13: round % 4 == 0) : []
            for _ in 0..<20 {
                let peer: Peer = generator.next() % 2 == 0 ? .client : .server
                if generator.next() % 8 == 0 {
                    session.gap(from: peer, length: generator.next() % 70_000, into: &events)
                    continue
                }
                var bytes = prefix + (0..<Int(generator.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                prefix = []
                if generator.next() % 3 == 0, bytes.count > 5 { bytes[0] = 0x17; bytes[1] = 3; bytes[2] = 3 }
                session.consume(bytes, from: peer, into: &events)
            }
            session.finish(into: &events)
            // Events about a record come after the record itself.
            var seen: Set<String> = []
            for event in events {
                switch event {
                case .record(let record): seen.insert("\(record.from)/\(record.index)")
                case .finding(let finding):
                    if let index = finding.recordIndex, let from = finding.from {
                        #expect(seen.contains("\(from)/\(index)"), "round \(round): \(finding.rule.id) before its record")
                    }
                case .applicationData(let chunk): #expect(seen.contains("\(chunk.from)/\(chunk.recordIndex)"))
                default: break
                }
            }
            for peer in Peer.allCases {
                #expect(session.counts(for: peer).applicationDataBytes == 0, "random bytes never pass an authentication tag")
            }
        }
    }

    @Test func recognizerOnRandomBytesNeverTraps() {
        var generator = SplitMix(seed: 7)
        for _ in 0..<2000 {
            var bytes = (0..<Int(generator.next() % 600)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if bytes.count > 6, generator.next() % 2 == 0 { bytes[0] = 0x16; bytes[1] = 3; bytes[2] = 1; bytes[5] = 1 }
            _ = TLSRecognizer.inspect(bytes, from: generator.next() % 2 == 0 ? .client : .server)
        }
    }
}

/// A small seeded generator, so a failing round can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
