/// Standard base64 with padding (RFC 4648 section 4), as Sec-WebSocket-Key and -Accept use it.
/// Small and strict on purpose: the decoder rejects what a conforming peer would not send.
enum Base64 {
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { bytes in
            // Written straight into the string's storage: one allocation per accept value.
            String(unsafeUninitializedCapacity: (bytes.count + 2) / 3 * 4) { out in
                let alphabet = UnsafeBufferPointer(start: Self.alphabet.utf8Start, count: Self.alphabet.utf8CodeUnitCount)
                var written = 0
                var index = 0
                while index < bytes.count {
                    let count = min(3, bytes.count - index)
                    let b0 = bytes[index]
                    let b1 = count > 1 ? bytes[index + 1] : 0
                    let b2 = count > 2 ? bytes[index + 2] : 0
                    out[written] = alphabet[Int(b0 >> 2)]
                    out[written + 1] = alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)]
                    out[written + 2] = count > 1 ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "=")
                    out[written + 3] = count > 2 ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "=")
                    written += 4
                    index += 3
                }
                return written
            }
        }
    }

    /// The decoded bytes, or nil unless `text` is whole 4-character groups of the alphabet with
    /// padding only at the end.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let text = String(text)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 4 * 3)
        return text.withUTF8Bytes { decode($0) { out.append($0) } } ? out : nil
    }

    /// How many bytes `text` decodes to, nil when it is not base64 (`decode(_:)` without the bytes).
    static func decodedCount(_ text: String) -> Int? {
        var count = 0
        return text.withUTF8Bytes { decode($0) { _ in count += 1 } } ? count : nil
    }

    /// Calls `emit` with each decoded byte; false when `characters` are not base64 (some bytes may
    /// have been emitted by then).
    private static func decode(_ characters: UnsafeBufferPointer<UInt8>, emit: (UInt8) -> Void) -> Bool {
        guard characters.count % 4 == 0 else { return false }
        var groupStart = 0
        while groupStart < characters.count {
            let isLastGroup = groupStart + 4 == characters.count
            var bits: UInt32 = 0
            var valueCount = 0
            var padding = 0
            for character in characters[groupStart..<groupStart + 4] {
                if character == UInt8(ascii: "=") {
                    padding += 1
                } else {
                    guard padding == 0, let value = sextet(character) else { return false }
                    bits = bits << 6 | UInt32(value)
                    valueCount += 1
                }
            }
            guard padding == 0 || (isLastGroup && padding <= 2) else { return false }
            // The group's sextets, left-aligned in 24 bits: 2 sextets give 1 byte, 3 give 2, 4 give 3.
            bits <<= UInt32(6 * (4 - valueCount))
            emit(UInt8(truncatingIfNeeded: bits >> 16))
            if valueCount > 2 { emit(UInt8(truncatingIfNeeded: bits >> 8)) }
            if valueCount > 3 { emit(UInt8(truncatingIfNeeded: bits)) }
            groupStart += 4
        }
        return true
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
