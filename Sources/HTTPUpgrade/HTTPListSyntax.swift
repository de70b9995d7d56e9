/// The pieces of the HTTP field grammar that header lists and the WebSocket extension grammar share:
/// splitting that respects quoted strings, unquoting, tokens (RFC 9110 section 5.6).
public enum HTTPListSyntax {
    /// Splits at every `separator` outside a quoted string. A backslash inside quotes escapes the
    /// next character. An unterminated quote runs to the end (the caller finds it when unquoting).
    public static func split(_ text: some StringProtocol, separator: Unicode.Scalar) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var insideQuotes = false
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                escaping = false
            } else if insideQuotes {
                if scalar == "\\" { escaping = true } else if scalar == "\"" { insideQuotes = false }
            } else if scalar == "\"" {
                insideQuotes = true
            } else if scalar == separator {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                continue
            }
            current.append(scalar)
        }
        parts.append(String(current))
        return parts
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
