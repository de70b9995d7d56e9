/// Byte classes of the HTTP grammar (RFC 9110 section 5.6.2, RFC 5234 appendix B.1).
enum ASCII {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let colon = UInt8(ascii: ":")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: return UInt64(byte - 0x30)
        case 0x41...0x46: return UInt64(byte - 0x41 + 10)
        case 0x61...0x66: return UInt64(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Optional whitespace: space or horizontal tab.
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// `tchar`: the characters allowed in a token (methods, header names, list tokens).
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x30...0x39,
             UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Controls (and DEL) that may not appear inside a request target.
    static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7f }

    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenCharacter)
    }

    /// Header names and list tokens compare without regard to ASCII case.
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        // Different lengths (most header names asked about) are rejected before any byte is
        // compared; then the bytes are compared in place (walking two UTF-8 views is far slower).
        lhs.utf8.count == rhs.utf8.count
            && lhs.withUTF8Bytes { lhs in rhs.withUTF8Bytes { rhs in equalsIgnoringCase(lhs, rhs) } }
    }

    /// Whether `bytes` spell `lowercasedText` in any case. `lowercasedText` may hold lowercase
    /// letters, digits and `-` only (the header names and tokens the parser looks for).
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, lowercased lowercasedText: StaticString) -> Bool {
        let count = lowercasedText.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        guard let actual = bytes.baseAddress else { return true }
        let expected = lowercasedText.utf8Start
        // Compared a word at a time: in such text exactly the letters have bit 0x40 set, so
        // `(expected & 0x40) >> 1` sets the case bit (0x20) of the letters alone, and OR-ing it into
        // the actual bytes folds their case without touching any other byte.
        if count >= 8 {
            var offset = 0
            while true {
                let chunk = min(offset, count - 8)   // the last word may overlap the one before
                let want = UnsafeRawPointer(expected).loadUnaligned(fromByteOffset: chunk, as: UInt64.self)
                let have = UnsafeRawPointer(actual).loadUnaligned(fromByteOffset: chunk, as: UInt64.self)
                guard have | ((want & 0x4040_4040_4040_4040) >> 1) == want else { return false }
                offset += 8
                if offset >= count { return true }
            }
        }
        for index in 0..<count {
            let want = expected[index]
            guard actual[index] | ((want & 0x40) >> 1) == want else { return false }
        }
        return true
    }

    /// The index of the first `target` in `bytes[start..<end]`, nil when there is none.
    ///
    /// Heads are searched for line ends and colons a word at a time: XOR-ing a word with `target`
    /// in every byte turns a match into a zero byte, and `(word - 0x01…01) & ~word & 0x80…80` sets
    /// the high bit of the first zero byte (a borrow may also mark bytes after it, never before).
    static func firstIndex(of target: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let everyByte: UInt64 = 0x0101_0101_0101_0101
        let pattern = UInt64(target) &* everyByte
        var index = start
        while end - index >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ pattern
            let zeroBytes = (word &- everyByte) & ~word & (everyByte &* 0x80)
            if zeroBytes != 0 { return index + zeroBytes.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end {
            if base.load(fromByteOffset: index, as: UInt8.self) == target { return index }
            index += 1
        }
        return nil
    }

    /// Whether two byte runs are the same bytes, compared a word at a time.
    static func bytesEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = lhs.count
        guard rhs.count == count else { return false }
        guard count > 0, let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        guard count >= 8 else {
            for index in 0..<count where left[index] != right[index] { return false }
            return true
        }
        var offset = 0
        while true {
            let chunk = min(offset, count - 8)   // the last word may overlap the one before
            guard UnsafeRawPointer(left).loadUnaligned(fromByteOffset: chunk, as: UInt64.self)
                == UnsafeRawPointer(right).loadUnaligned(fromByteOffset: chunk, as: UInt64.self)
            else { return false }
            offset += 8
            if offset >= count { return true }
        }
    }

    /// `equalsIgnoringCase` for two byte runs.
    static func equalsIgnoringCase(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where lowercased(lhs[index]) != lowercased(rhs[index]) { return false }
        return true
    }

    /// `bytes` without leading and trailing spaces and tabs (OWS).
    static func trimmingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5a).contains(byte) ? byte + 0x20 : byte
    }

    static func lowercased(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(where: { (0x41...0x5a).contains($0) }) else { return String(text) }
        return String(decoding: text.utf8.map(lowercased), as: UTF8.self)
    }

    /// Drops leading and trailing spaces and tabs (OWS).
    static func trimmingWhitespace(_ text: some StringProtocol) -> String {
        // Spaces and tabs are single UTF-8 bytes, so trimming by bytes never splits a character.
        let text = Substring(text)
        let bytes = text.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isWhitespace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(text[start..<end])
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, without copying them when the string is stored
    /// contiguously (as every native string is).
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
