import CaptureCrafting
import HTTPUpgrade
import Testing
import WireBytes

/// Attacker-controlled input: mutated and random traffic must never crash the parser, never make
/// it depend on how the bytes were split, and never lose or duplicate a byte across the hand-off.
struct ParserRobustnessTests {
    static let traffic: [ParserHarness.Segment] = [
        .client("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"),
        .server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nT: 1\r\n\r\n"),
        .client(SampleTraffic.rfcRequest),
        .client(bytes: UpgradeHandOffTests.clientHello),
        .server(bytes: Array(SampleTraffic.rfcResponse.utf8) + UpgradeHandOffTests.serverHello),
    ]

    /// Bytes that steer an HTTP parser: line ends, separators, digits, quotes, frame bytes.
    static let interestingBytes: [UInt8] = Array("\r\n :;,=\"0123456789abcdefHT/.\t".utf8) + [0x00, 0x81, 0xff]

    @Test(arguments: 0..<60)
    func mutatedTrafficIsHandledTheSameInEverySplit(_ seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 1000)
        var segments = Self.traffic
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let segment = Int.random(in: 0..<segments.count, using: &generator)
            guard !segments[segment].bytes.isEmpty else { continue }
            let position = Int.random(in: 0..<segments[segment].bytes.count, using: &generator)
            segments[segment].bytes[position] = Self.interestingBytes.randomElement(using: &generator)!
        }
        var harness = ParserHarness()
        harness.endStreams = true
        let outcome = harness.run(segments)
        // Whatever happened, a handed-over direction's bytes are exactly the tail of its stream.
        for (peer, bytes) in outcome.protocolBytes {
            let stream = segments.filter { $0.from == peer }.flatMap(\.bytes)
            #expect(stream.suffix(bytes.count).elementsEqual(bytes))
        }
    }

    @Test(arguments: 0..<20)
    func randomBytesNeverCrash(_ seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 5000)
        let segments = (0..<6).map { index in
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                Bool.random(using: &generator) ? Self.interestingBytes.randomElement(using: &generator)!
                    : UInt8.random(in: 0...255, using: &generator)
            }
            return ParserHarness.Segment(from: index.isMultiple(of: 2) ? .client : .server, bytes: Array("GET ".utf8) + bytes)
        }
        _ = ParserHarness().run(segments)
    }

    @Test func longPipelineStaysLinear() {
        let request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n"
        let response = "HTTP/1.1 204 No Content\r\n\r\n"
        var parser = HTTPConnectionParser()
        var events: [HTTPEvent] = []
        parser.consume(Array(String(repeating: request, count: 5000).utf8), from: .client, into: &events)
        parser.consume(Array(String(repeating: response, count: 5000).utf8), from: .server, into: &events)
        #expect(events.count == 4 * 5000)
        #expect(parser.streamOffset(of: .server) == UInt64(5000 * response.utf8.count))
    }
}
