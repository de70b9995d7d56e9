/// An incremental UTF-8 validator (RFC 3629, as RFC 6455 §8.1 requires for text): fed a message in
/// any number of pieces, so a code point may straddle fragments and TCP segments.
///
/// It rejects overlong forms, surrogates (U+D800-U+DFFF) and values above U+10FFFF at the first
/// byte that makes the sequence impossible, as the RFC's "fail fast" wording expects.
public struct UTF8Validator: Sendable, Hashable {
    /// Continuation bytes still expected for the code point in progress.
    private var pending = 0
    /// The allowed range of the next continuation byte (narrower than 80-BF right after some leads).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xbf
    /// False once an invalid byte was seen; stays false.
    public private(set) var isValid = true
    /// Bytes validated so far; on failure, the offset of the first offending byte.
    public private(set) var bytesValidated: UInt64 = 0

    public init() {}

    /// Whether the input so far is valid and ends on a code-point boundary.
    public var isComplete: Bool { isValid && pending == 0 }

    /// Validates the next bytes. Returns false once the input is invalid.
    @discardableResult
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isValid else { return false }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if pending == 0 {
                // ASCII fast path: eight bytes at a time while no high bit is set.
                if byte < 0x80 {
                    while index + 8 <= count,
                          bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                    }
                    while index < count, bytes[index] < 0x80 { index += 1 }
                    continue
                }
                switch byte {
                case 0xc2...0xdf: pending = 1; lower = 0x80; upper = 0xbf
                case 0xe0: pending = 2; lower = 0xa0; upper = 0xbf        // no overlong 3-byte forms
                case 0xe1...0xec, 0xee...0xef: pending = 2; lower = 0x80; upper = 0xbf
                case 0xed: pending = 2; lower = 0x80; upper = 0x9f        // no surrogates
                case 0xf0: pending = 3; lower = 0x90; upper = 0xbf        // no overlong 4-byte forms
                case 0xf1...0xf3: pending = 3; lower = 0x80; upper = 0xbf
                case 0xf4: pending = 3; lower = 0x80; upper = 0x8f        // nothing above U+10FFFF
                default: return fail(at: index)
                }
            } else {
                guard byte >= lower && byte <= upper else { return fail(at: index) }
                pending -= 1
                lower = 0x80
                upper = 0xbf
            }
            index += 1
        }
        bytesValidated += UInt64(count)
        return true
    }

    /// Validates the next bytes of an array.
    @discardableResult
    public mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }

    private mutating func fail(at index: Int) -> Bool {
        isValid = false
        bytesValidated += UInt64(index)
        return false
    }
}
