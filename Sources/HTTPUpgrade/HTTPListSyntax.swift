/// The pieces of the HTTP field grammar that header lists and the WebSocket extension grammar share:
/// splitting that respects quoted strings, unquoting, tokens (RFC 9110 section 5.6).
public enum HTTPListSyntax {
    /// Splits at every `separator` outside a quoted string. A backslash inside quotes escapes the
    /// next character. An unterminated quote runs to the end (the caller finds it when unquoting).
    public static func split(_ text: some StringProtocol, separator: Unicode.Scalar) -> [String] {
        // Quotes, backslashes and ASCII separators are single UTF-8 bytes that never occur inside a
        // multi-byte character, so the text is scanned and cut by bytes.
        precondition(separator.isASCII, "list separators are ASCII")
        let separatorByte = UInt8(separator.value)
        let bytes = text.utf8
        var parts: [String] = []
        var partStart = bytes.startIndex
        var insideQuotes = false
        var escaping = false
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if escaping {
                escaping = false
            } else if insideQuotes {
                if byte == ASCII.backslash { escaping = true } else if byte == ASCII.quote { insideQuotes = false }
            } else if byte == ASCII.quote {
                insideQuotes = true
            } else if byte == separatorByte {
                parts.append(String(text[partStart..<index]))
                partStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        parts.append(String(text[partStart..<bytes.endIndex]))
        return parts
    }

    /// Calls `body` with each piece of `bytes` between `separator`s outside quoted strings (the
    /// pieces `split` returns, as byte runs, without making a String of each); stops early when
    /// `body` returns false. Returns false when it stopped early.
    @discardableResult
    static func forEachPiece(of bytes: UnsafeBufferPointer<UInt8>, separator: UInt8,
                             _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) rethrows -> Bool {
        var pieceStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == separator {
                guard try body(UnsafeBufferPointer(rebasing: bytes[pieceStart..<index])) else { return false }
                pieceStart = index + 1
            } else if byte == ASCII.quote {
                // Skip the quoted string: up to its closing quote, a backslash escaping the next byte.
                index += 1
                while index < bytes.count, bytes[index] != ASCII.quote {
                    index += bytes[index] == ASCII.backslash ? 2 : 1
                }
            }
            index += 1
        }
        return try body(UnsafeBufferPointer(rebasing: bytes[pieceStart...]))
    }

    /// Calls `body` with each element of a comma-separated list (RFC 9110 section 5.6.1): pieces
    /// trimmed of OWS, empty ones skipped. Stops early when `body` returns false; returns false then.
    @discardableResult
    static func forEachListElement(of bytes: UnsafeBufferPointer<UInt8>,
                                   _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) rethrows -> Bool {
        try forEachPiece(of: bytes, separator: UInt8(ascii: ",")) { piece in
            let element = ASCII.trimmingWhitespace(piece)
            return element.isEmpty ? true : try body(element)
        }
    }

    /// The content of a quoted string with its escapes resolved, or nil when `text` is not exactly
    /// one well-formed quoted string.
    public static func unquote(_ text: some StringProtocol) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return nil }
        var content = String.UnicodeScalarView()
        var index = 1
        while index < scalars.count - 1 {
            var scalar = scalars[index]
            if scalar == "\"" { return nil }
            if scalar == "\\" {
                index += 1
                guard index < scalars.count - 1 else { return nil }
                scalar = scalars[index]
            }
            content.append(scalar)
            index += 1
        }
        return String(content)
    }

    /// Whether `text` is a token: one or more `tchar`.
    public static func isToken(_ text: some StringProtocol) -> Bool {
        ASCII.isToken(text)
    }
}
