import CaptureCrafting
import Testing
import WebSocketWire

@Suite struct UTF8ValidatorTests {
    @Test(arguments: [
        ("ascii", Array("Hello, world".utf8), true),
        ("mixed", Array("Grüße, 世界 🌍".utf8), true),
        ("overlong slash", [0xc0, 0xaf], false),
        ("overlong 3-byte", [0xe0, 0x80, 0xaf], false),
        ("surrogate", [0xed, 0xa0, 0x80], false),
        ("above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], false),
        ("lone continuation", [0x80], false),
        ("f5 lead", [0xf5, 0x80, 0x80, 0x80], false),
        ("truncated at end", [0xe2, 0x82], false),
        ("max scalar", [0xf4, 0x8f, 0xbf, 0xbf], true),
    ] as [(String, [UInt8], Bool)])
    func validatesWholeAndInEveryTwoPieceSplit(name: String, bytes: [UInt8], valid: Bool) {
        var whole = UTF8Validator()
        whole.validate(bytes)
        #expect(whole.isComplete == valid, "\(name) whole")
        for cut in 0...bytes.count {
            var split = UTF8Validator()
            split.validate(Array(bytes[..<cut]))
            split.validate(Array(bytes[cut...]))
            #expect(split.isComplete == valid, "\(name) cut at \(cut)")
        }
    }

    @Test func reportsTheOffsetOfTheFirstBadByte() {
        var validator = UTF8Validator()
        validator.validate(Array("abcdefghij".utf8))
        validator.validate([0x61, 0xff, 0x61])
        #expect(!validator.isValid)
        #expect(validator.bytesValidated == 11)
    }
}

/// The validator against independent references over seeded random inputs: Swift's own decoding
/// for validity, and `ReferenceUTF8` (RFC 3629's grammar, walked literally) for the offset of the
/// first bad byte. Each input is fed whole, bytewise and in random splits.
@Suite struct UTF8ValidatorDifferentialTests {
    @Test func agreesWithTheReferencesOnRandomInputs() {
        var generator = SeededGenerator(seed: 0x0517_f8a1)
        var invalidInputs = 0
        for round in 0..<4_000 {
            let bytes = RandomUTF8.input(using: &generator)
            let expected = ReferenceUTF8.check(bytes)
            #expect(expected.isComplete == (String(validating: bytes, as: UTF8.self) != nil),
                    "the references disagree on \(bytes)")
            if expected.firstBadByte != nil { invalidInputs += 1 }
            var whole = UTF8Validator()
            whole.validate(bytes)
            expectMatch(whole, expected, bytes: bytes, how: "whole")
            var splittings = [("bytewise", Splitting.bytewise(bytes))]
            for maxPiece in [7, 40, 300] {
                let pieces = Splitting.random(bytes, seed: UInt64(round), maxPiece: maxPiece)
                splittings.append(("random up to \(maxPiece)", pieces))
            }
            for (how, pieces) in splittings {
                var split = UTF8Validator()
                for piece in pieces { split.validate(piece) }
                expectMatch(split, expected, bytes: bytes, how: how)
                // The state does not depend on how the input was cut.
                #expect(split == whole, "\(how): \(bytes)")
            }
        }
        // The generator must produce plenty of both kinds for the comparison to mean something.
        #expect(invalidInputs > 1_000 && invalidInputs < 3_000, "\(invalidInputs) invalid inputs")
    }

    @Test func stopsAtTheFirstBadByteAfterLongASCIIRuns() {
        for asciiCount in 0..<80 {
            for bad: [UInt8] in [[0xff], [0xc0, 0x80], [0xe0, 0x9f], [0xed, 0xa0], [0xf4, 0x90], [0xe2, 0x82, 0x41]] {
                let bytes = [UInt8](repeating: 0x61, count: asciiCount) + bad + Array("tail ü 😀".utf8)
                var validator = UTF8Validator()
                let accepted = validator.validate(bytes)
                #expect(!accepted)
                #expect(validator.bytesValidated == UInt64(ReferenceUTF8.check(bytes).firstBadByte!), "\(bytes)")
            }
        }
    }

    /// A code point cut short by ASCII, with every cut of the input in two: the ASCII skip must not
    /// run while a code point is open, also when the previous piece left it open.
    @Test func rejectsASCIIInsideACodePoint() {
        for scalar in ["é", "€", "😀", "\u{800}", "\u{d7ff}", "\u{10000}", "\u{10ffff}"] {
            let encoded = Array(scalar.utf8)
            for cutShort in 1..<encoded.count {
                for prefixCount in [0, 5, 17] {
                    for asciiCount in 1..<40 {
                        let bytes = [UInt8](repeating: 0x61, count: prefixCount) + encoded[..<cutShort]
                            + [UInt8](repeating: 0x62, count: asciiCount)
                        let badByte = UInt64(prefixCount + cutShort)
                        for cut in 0...bytes.count {
                            var validator = UTF8Validator()
                            validator.validate(Array(bytes[..<cut]))
                            validator.validate(Array(bytes[cut...]))
                            #expect(!validator.isValid && validator.bytesValidated == badByte, "\(bytes) cut at \(cut)")
                        }
                    }
                }
            }
        }
    }

    @Test func keepsRejectingAfterAFailure() {
        var validator = UTF8Validator()
        validator.validate([0x61, 0x80])
        let acceptedLater = validator.validate(Array("fine".utf8))
        #expect(!acceptedLater)
        #expect(!validator.isValid && !validator.isComplete)
        #expect(validator.bytesValidated == 1)
    }

    private func expectMatch(_ validator: UTF8Validator, _ expected: ReferenceUTF8.Verdict,
                             bytes: [UInt8], how: String) {
        #expect(validator.isValid == (expected.firstBadByte == nil), "\(how): \(bytes)")
        #expect(validator.isComplete == expected.isComplete, "\(how): \(bytes)")
        #expect(validator.bytesValidated == UInt64(expected.firstBadByte ?? bytes.count), "\(how): \(bytes)")
    }
}

/// RFC 3629 §4's grammar as data: each well-formed sequence is a list of byte ranges.
enum ReferenceUTF8 {
    struct Verdict {
        /// The first byte after which the input can no longer be the start of valid UTF-8.
        var firstBadByte: Int?
        var isComplete: Bool
    }

    static let tail: ClosedRange<UInt8> = 0x80...0xbf
    static let sequences: [[ClosedRange<UInt8>]] = [
        [0x00...0x7f],
        [0xc2...0xdf, tail],
        [0xe0...0xe0, 0xa0...0xbf, tail], [0xe1...0xec, tail, tail],
        [0xed...0xed, 0x80...0x9f, tail], [0xee...0xef, tail, tail],
        [0xf0...0xf0, 0x90...0xbf, tail, tail], [0xf1...0xf3, tail, tail, tail],
        [0xf4...0xf4, 0x80...0x8f, tail, tail],
    ]

    static func check(_ bytes: [UInt8]) -> Verdict {
        var start = 0
        while start < bytes.count {
            guard let sequence = sequences.first(where: { $0[0].contains(bytes[start]) }) else {
                return Verdict(firstBadByte: start, isComplete: false)
            }
            for position in 1..<max(1, sequence.count) {
                guard start + position < bytes.count else { return Verdict(firstBadByte: nil, isComplete: false) }
                if !sequence[position].contains(bytes[start + position]) {
                    return Verdict(firstBadByte: start + position, isComplete: false)
                }
            }
            start += sequence.count
        }
        return Verdict(firstBadByte: nil, isComplete: true)
    }
}

/// Random inputs that are mostly valid: ASCII runs and encoded scalars of every length, with now
/// and then a random byte, a truncated sequence or a near miss (overlong, surrogate, too large).
enum RandomUTF8 {
    static func input(using generator: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        let parts = Int.random(in: 0...40, using: &generator)
        let faultChance = Int.random(in: 0...3, using: &generator) == 0 ? 0 : 60
        for _ in 0..<parts {
            switch Int.random(in: 0..<100, using: &generator) {
            case ..<40:
                for _ in 0..<Int.random(in: 1...40, using: &generator) {
                    bytes.append(UInt8.random(in: 0x20...0x7e, using: &generator))
                }
            case ..<80:
                bytes += Array(String(randomScalar(using: &generator)).utf8)
            default:
                guard Int.random(in: 0..<faultChance + 1, using: &generator) < 1 else { continue }
                bytes += fault(using: &generator)
            }
        }
        return bytes
    }

    static func randomScalar(using generator: inout SeededGenerator) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [0x80...0x7ff, 0x800...0xd7ff, 0xe000...0xffff, 0x10000...0x10ffff,
                                             0x800...0x800, 0xffff...0xffff, 0x10000...0x10000, 0x10ffff...0x10ffff]
        let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
        return Unicode.Scalar(UInt32.random(in: range, using: &generator))!
    }

    static func fault(using generator: inout SeededGenerator) -> [UInt8] {
        let faults: [[UInt8]] = [
            [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
            [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80], [0xff], [0xfe], [0x80], [0xbf],
            [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3], [0xe2, 0x28, 0xa1],
        ]
        if Bool.random(using: &generator) {
            return faults[Int.random(in: 0..<faults.count, using: &generator)]
        }
        return (0..<Int.random(in: 1...4, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
