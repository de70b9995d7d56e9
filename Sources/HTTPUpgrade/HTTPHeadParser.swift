internal import WireBytes

/// Splits a complete head (start line, header lines, the empty line) into its parts (RFC 9112
/// sections 3-5). Lenient where real peers are sloppy, but every leniency is reported.
enum HTTPHeadParser {
    struct Problem: Equatable {
        var rule: Rule
        var message: String
        /// Where in the head the problem is, counted from the head's first byte.
        var offsetInHead: Int
    }

    struct Lines {
        /// The first line, without its line ending; empty for a trailer section.
        var startLine: ArraySlice<UInt8>
        var headers: HTTPHeaders
        var problems: [Problem]
    }

    /// Parses `raw`, which ends with an empty line. With `hasStartLine` false (a chunked trailer
    /// section) every line is a field line.
    static func parse(_ raw: [UInt8], hasStartLine: Bool) -> Lines {
        var problems: [Problem] = []
        var lines: [(start: Int, content: ArraySlice<UInt8>)] = []
        var lineStart = 0
        var reportedBareLineFeed = false
        for index in raw.indices where raw[index] == ASCII.lineFeed {
            var end = index
            if end > lineStart, raw[end - 1] == ASCII.carriageReturn {
                end -= 1
            } else if !reportedBareLineFeed {
                reportedBareLineFeed = true
                problems.append(Problem(rule: HandshakeRule.bareLineFeed,
                                        message: "a line ends with LF alone instead of CR LF", offsetInHead: index))
            }
            lines.append((lineStart, raw[lineStart..<end]))
            lineStart = index + 1
        }
        // The last line is the empty one that ends the head.
        if let last = lines.last, last.content.isEmpty { lines.removeLast() }

        var startLine: ArraySlice<UInt8> = []
        if hasStartLine, !lines.isEmpty {
            startLine = lines.removeFirst().content
        }

        var fields: [(name: String, value: [UInt8])] = []
        var reportedFolding = false
        for line in lines {
            let content = line.content
            guard let first = content.first else { continue }
            if ASCII.isWhitespace(first) {
                guard !fields.isEmpty else {
                    problems.append(Problem(rule: HandshakeRule.malformedHTTP,
                                            message: "a header line starts with whitespace but continues no field",
                                            offsetInHead: line.start))
                    continue
                }
                if !reportedFolding {
                    reportedFolding = true
                    problems.append(Problem(rule: HandshakeRule.obsoleteLineFolding,
                                            message: "the value of \(fields[fields.count - 1].name) is folded onto the next line",
                                            offsetInHead: line.start))
                }
                // RFC 9112 section 5.2: replace each obs-fold with a space.
                let continuation = trimmed(content)
                if !continuation.isEmpty {
                    if !fields[fields.count - 1].value.isEmpty { fields[fields.count - 1].value.append(ASCII.space) }
                    fields[fields.count - 1].value.append(contentsOf: continuation)
                }
                continue
            }
            guard let colon = content.firstIndex(of: ASCII.colon) else {
                problems.append(Problem(rule: HandshakeRule.malformedHTTP,
                                        message: "a header line has no colon: \(quoted(content))",
                                        offsetInHead: line.start))
                continue
            }
            let name = content[content.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(ASCII.isTokenCharacter) else {
                problems.append(Problem(rule: HandshakeRule.malformedHTTP,
                                        message: "a header name is not a token: \(quoted(name))",
                                        offsetInHead: line.start))
                continue
            }
            fields.append((String(decoding: name, as: UTF8.self), Array(trimmed(content[(colon + 1)...]))))
        }
        let headers = HTTPHeaders(fields.map { (name: $0.name, value: String(decoding: $0.value, as: UTF8.self)) })
        return Lines(startLine: startLine, headers: headers, problems: problems)
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 section 3).
    static func parseRequestLine(_ line: ArraySlice<UInt8>) -> (method: String, target: String, version: HTTPVersion)? {
        let parts = line.split(separator: ASCII.space, omittingEmptySubsequences: false)
        guard parts.count == 3,
              !parts[0].isEmpty, parts[0].allSatisfy(ASCII.isTokenCharacter),
              !parts[1].isEmpty, !parts[1].contains(where: ASCII.isControl),
              let version = HTTPVersion(bytes: parts[2])
        else { return nil }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self), version)
    }

    /// `HTTP-version SP 3DIGIT SP [reason-phrase]` (RFC 9112 section 4); the space before an empty
    /// reason is tolerated missing.
    static func parseStatusLine(_ line: ArraySlice<UInt8>) -> (version: HTTPVersion, status: Int, reason: String)? {
        guard line.count >= 12, let version = HTTPVersion(bytes: line.prefix(8)),
              line[line.startIndex + 8] == ASCII.space
        else { return nil }
        let codeStart = line.startIndex + 9
        let code = line[codeStart..<codeStart + 3]
        guard code.allSatisfy(ASCII.isDigit) else { return nil }
        let rest = line[(codeStart + 3)...]
        guard rest.isEmpty || rest.first == ASCII.space else { return nil }
        let status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (version, status, String(decoding: rest.dropFirst(), as: UTF8.self))
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, ASCII.isWhitespace(first) { slice = slice.dropFirst() }
        while let last = slice.last, ASCII.isWhitespace(last) { slice = slice.dropLast() }
        return slice
    }

    /// A short, quoted excerpt for a finding message (escaped later, before printing).
    private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        let excerpt = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"\(excerpt)\"" + (bytes.count > 60 ? "…" : "")
    }
}
