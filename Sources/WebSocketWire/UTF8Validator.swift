/// An incremental UTF-8 validator (RFC 3629, as RFC 6455 §8.1 requires for text): fed a message in
/// any number of pieces, so a code point may straddle fragments and TCP segments.
///
/// It rejects overlong forms, surrogates (U+D800-U+DFFF) and values above U+10FFFF at the first
/// byte that makes the sequence impossible, as the RFC's "fail fast" wording expects.
///
/// Runs of ASCII are skipped a word at a time; everything else goes through a DFA whose
/// transitions for one byte are packed into one 64-bit row (see `transitions`), so a step is one
/// table load that does not depend on the state, and one shift.
public struct UTF8Validator: Sendable, Hashable {
    /// Where the code point in progress stands; on failure, where it stood before the bad byte.
    private var state = State.accept
    /// False once an invalid byte was seen; stays false.
    public private(set) var isValid = true
    /// Bytes validated so far; on failure, the offset of the first offending byte.
    public private(set) var bytesValidated: UInt64 = 0

    public init() {}

    /// Whether the input so far is valid and ends on a code-point boundary.
    public var isComplete: Bool { isValid && state == State.accept }

    /// Validates the next bytes. Returns false once the input is invalid.
    @discardableResult
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isValid else { return false }
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        let validState = Self.transitions.withUnsafeBufferPointer { table in
            Self.run(from: UInt64(state), over: base, count: count, table: table.baseAddress!)
        }
        if validState != UInt64(State.reject) {
            state = UInt8(truncatingIfNeeded: validState)
            bytesValidated += UInt64(count)
            return true
        }
        // Cold path: the input is invalid somewhere; walk it again byte by byte for the exact spot.
        var index = 0
        var current = state
        while index < count {
            let next = State.next(after: current, byte: base.load(fromByteOffset: index, as: UInt8.self))
            if next == State.reject { break }
            current = next
            index += 1
        }
        state = current   // where it stood before the bad byte (part of ==, so kept exact)
        isValid = false
        bytesValidated += UInt64(index)
        return false
    }

    /// Validates the next bytes of an array.
    @discardableResult
    public mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// The state after `count` bytes from `state`, or `State.reject` when they are invalid
    /// (without saying where: the caller finds that out on its slow path).
    @inline(__always)
    private static func run(from state: UInt64, over base: UnsafeRawPointer, count: Int,
                            table: UnsafePointer<UInt64>) -> UInt64 {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let accept = UInt64(State.accept), reject = UInt64(State.reject)
        @inline(__always) func step(_ state: UInt64, _ offset: Int) -> UInt64 {
            table[Int(base.load(fromByteOffset: offset, as: UInt8.self))] &>> state
        }
        /// The high bits of 8 bytes, the first byte lowest.
        @inline(__always) func highBitsOfWord(at offset: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) & highBits
        }
        var state = state
        var index = 0
        scanning: while true {
            if state == accept {
                // Between code points: skip ASCII 16 bytes at a time, then jump to the first
                // non-ASCII byte.
                while true {
                    guard index + 16 <= count else { break scanning }
                    let low = highBitsOfWord(at: index)
                    let high = highBitsOfWord(at: index + 8)
                    if low | high == 0 {
                        index += 16
                        continue
                    }
                    // Without a branch (which word holds it is as unpredictable as the text):
                    // the high word counts only when the low one is 0, i.e. has 64 trailing zeros.
                    let lowZeros = low.trailingZeroBitCount
                    index += (lowZeros + (high.trailingZeroBitCount & (0 &- (lowZeros >> 6)))) >> 3
                    break
                }
            }
            guard index + 16 <= count else { break }
            // Four DFA steps take a whole code point from its lead byte (or finish one in progress).
            // No branch per step: reject is absorbing, so one check after the steps is enough (the
            // slow path finds the byte).
            var steps = step(state, index)
            steps = step(steps, index + 1)
            steps = step(steps, index + 2)
            steps = step(steps, index + 3)
            index += 4
            if steps & State.mask != accept {
                // Still inside a code point: dense non-ASCII text, where a longer run pays off.
                for offset in 0..<12 { steps = step(steps, index + offset) }
                index += 12
            }
            state = steps & State.mask
            if state == reject { return reject }
        }
        // Fewer than 16 bytes left: an ASCII word, then what is left of a word as the input's last
        // word (its overlap with bytes already validated does no harm between code points), or
        // else byte by byte.
        if state == accept, index + 8 <= count, highBitsOfWord(at: index) == 0 {
            index += 8
        }
        if state == accept, index + 8 > count, count >= 8, highBitsOfWord(at: count - 8) == 0 {
            return accept
        }
        while index < count {
            state = step(state, index) & State.mask
            index += 1
        }
        return state
    }

    /// One 64-bit row per byte value: the 6 bits at offset `s` of row `b` hold the state after
    /// byte `b` in state `s`. States are therefore bit offsets (multiples of 6), and a step is
    /// `row &>> state`: the shift only looks at the low 6 bits, so the higher leftovers do no harm.
    private static let transitions: [UInt64] = (0...255).map { byte in
        State.all.reduce(0) { row, state in
            row | UInt64(State.next(after: state, byte: UInt8(byte))) << UInt64(state)
        }
    }

    /// The DFA's states, named by what the next continuation byte(s) may be.
    private enum State {
        static let reject: UInt8 = 0        // absorbing; rows are 0 wherever a byte is invalid
        static let accept: UInt8 = 6        // on a code-point boundary
        static let oneMore: UInt8 = 12      // 80-BF, then done
        static let twoMore: UInt8 = 18      // 80-BF twice
        static let afterE0: UInt8 = 24      // A0-BF (no overlong 3-byte forms), then one more
        static let afterED: UInt8 = 30      // 80-9F (no surrogates), then one more
        static let threeMore: UInt8 = 36    // 80-BF three times
        static let afterF0: UInt8 = 42      // 90-BF (no overlong 4-byte forms), then two more
        static let afterF4: UInt8 = 48      // 80-8F (nothing above U+10FFFF), then two more
        static let all = [reject, accept, oneMore, twoMore, afterE0, afterED, threeMore, afterF0, afterF4]
        static let mask: UInt64 = 0x3f

        /// The transition function the table is built from (and the byte-exact slow path uses).
        static func next(after state: UInt8, byte: UInt8) -> UInt8 {
            switch state {
            case accept:
                switch byte {
                case 0x00...0x7f: return accept
                case 0xc2...0xdf: return oneMore
                case 0xe0: return afterE0
                case 0xe1...0xec, 0xee...0xef: return twoMore
                case 0xed: return afterED
                case 0xf0: return afterF0
                case 0xf1...0xf3: return threeMore
                case 0xf4: return afterF4
                default: return reject
                }
            case oneMore: return (0x80...0xbf).contains(byte) ? accept : reject
            case twoMore: return (0x80...0xbf).contains(byte) ? oneMore : reject
            case afterE0: return (0xa0...0xbf).contains(byte) ? oneMore : reject
            case afterED: return (0x80...0x9f).contains(byte) ? oneMore : reject
            case threeMore: return (0x80...0xbf).contains(byte) ? twoMore : reject
            case afterF0: return (0x90...0xbf).contains(byte) ? twoMore : reject
            case afterF4: return (0x80...0x8f).contains(byte) ? twoMore : reject
            default: return reject
            }
        }
    }
}
