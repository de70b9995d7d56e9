import CaptureCrafting
import Testing
import WebSocketWire

@Suite struct WebSocketMaskingKeyTests {
    @Test func thesisTablesOneAndTwo() throws {
        let vectors = try WireVectors.load()
        for vector in vectors.masking {
            let key = try #require(WebSocketMaskingKey(vector.key))
            #expect(Array(vector.text.utf8) == vector.unmasked)
            #expect(key.apply(to: vector.unmasked) == vector.masked, "masking \(vector.text)")
            #expect(key.apply(to: vector.masked) == vector.unmasked, "unmasking \(vector.text)")
            #expect(key.description == "3c2e3f4a")
        }
    }

    /// Unmasking in any split, carrying the phase, equals unmasking in one go; the word-at-a-time
    /// path is checked against a byte-at-a-time reference.
    @Test func phaseCarriesAcrossChunks() throws {
        let key = WebSocketMaskingKey(0x37, 0xfa, 0x21, 0x3d)
        var generator = SeededGenerator(seed: 42)
        let payload = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let reference = payload.enumerated().map { $0.element ^ key[$0.offset] }
        #expect(key.apply(to: payload) == reference)
        for seed in UInt64(1)...20 {
            var result: [UInt8] = []
            var phase = 0
            for piece in Splitting.random(payload, seed: seed, maxPiece: 37) {
                result += key.apply(to: piece, startingPhase: phase)
                phase += piece.count
            }
            #expect(result == reference, "seed \(seed)")
        }
    }

    @Test func keyFromWrongNumberOfBytesIsNil() {
        #expect(WebSocketMaskingKey([1, 2, 3]) == nil)
        #expect(WebSocketMaskingKey(networkValue: 0x3c2e3f4a) == WebSocketMaskingKey(0x3c, 0x2e, 0x3f, 0x4a))
    }
}
