import Testing
import WebSocketWire
import WireBytes

@Suite struct WebSocketFramingHeuristicTests {
    static let clientBytes = FrameBuilder.client(1, "Hallo".bytes, seed: 1) + FrameBuilder.client(9, [], seed: 2)
        + FrameBuilder.client(2, Array(repeating: 0, count: 300), seed: 3)
    static let serverBytes = FrameBuilder.server(1, "Hallo zurück".bytes) + FrameBuilder.server(0xa, [])

    @Test func recognisesTheClientByItsMasking() {
        let forward = WebSocketFramingHeuristic.assess(first: Self.clientBytes, second: Self.serverBytes)
        #expect(forward.looksLikeWebSocket && forward.firstIsClient == true)
        #expect(forward.first.frames == 3 && forward.second.frames == 2)
        let backward = WebSocketFramingHeuristic.assess(first: Self.serverBytes, second: Self.clientBytes)
        #expect(backward.looksLikeWebSocket && backward.firstIsClient == false)
    }

    @Test func oneSidedTrafficStillNamesTheRoles() {
        let serverOnly = WebSocketFramingHeuristic.assess(first: [], second: Self.serverBytes)
        #expect(serverOnly.looksLikeWebSocket && serverOnly.firstIsClient == true)
    }

    @Test func aFrameCutByTheEndOfTheSampleIsFine() {
        let cut = Array(Self.clientBytes.dropLast(100))
        let verdict = WebSocketFramingHeuristic.assess(first: cut, second: Self.serverBytes)
        #expect(verdict.looksLikeWebSocket)
    }

    @Test(arguments: [
        ("HTTP", Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        ("TLS", [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]),
        ("reserved opcode", [0x83, 0x00, 0x81, 0x00]),
        ("mixed masking", FrameBuilder.server(1, [1]) + FrameBuilder.client(1, [1], seed: 1)),
    ] as [(String, [UInt8])])
    func rejectsOtherProtocols(name: String, bytes: [UInt8]) {
        let verdict = WebSocketFramingHeuristic.assess(first: bytes, second: Self.serverBytes)
        #expect(!verdict.looksLikeWebSocket, "\(name): \(verdict.explanation)")
    }

    @Test func bothSidesUnmaskedIsNotWebSocket() {
        let verdict = WebSocketFramingHeuristic.assess(first: Self.serverBytes, second: Self.serverBytes)
        #expect(!verdict.looksLikeWebSocket)
    }

    @Test func tooFewFramesIsNotEnough() {
        let verdict = WebSocketFramingHeuristic.assess(first: [0x81, 0x00], second: [])
        #expect(!verdict.looksLikeWebSocket)
    }
}
