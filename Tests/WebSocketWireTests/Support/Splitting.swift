import CaptureCrafting

/// Ways to cut a byte stream into buffers, as TCP segments would: whole, one byte at a time, and
/// seeded random cuts (some empty).
enum Splitting {
    static func whole(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }

    static func bytewise(_ bytes: [UInt8]) -> [[UInt8]] { bytes.map { [$0] } }

    static func random(_ bytes: [UInt8], seed: UInt64, maxPiece: Int = 13) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        var pieces: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            let size = Int.random(in: 0...maxPiece, using: &generator)
            let end = min(bytes.count, index + size)
            pieces.append(Array(bytes[index..<end]))
            index = end
        }
        return pieces
    }

    /// Whole, bytewise, and five seeded random splits.
    static func all(_ bytes: [UInt8]) -> [(name: String, pieces: [[UInt8]])] {
        var result: [(String, [[UInt8]])] = [("whole", whole(bytes)), ("bytewise", bytewise(bytes))]
        for seed in UInt64(1)...5 {
            result.append(("random seed \(seed)", random(bytes, seed: seed, maxPiece: seed == 5 ? 200 : 13)))
        }
        return result
    }
}
