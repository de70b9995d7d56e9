internal import WireBytes

/// Splits a complete head (start line, header lines, the empty line) into its parts (RFC 9112
/// sections 3-5). Lenient where real peers are sloppy, but every leniency is reported.
///
/// It reads the head as bytes and makes one String per field name and value, since every
/// connection's handshake passes through here.
enum HTTPHeadParser {
    struct Problem: Equatable {
        var rule: Rule
        var message: String
        /// Where in the head the problem is, counted from the head's first byte.
        var offsetInHead: Int
        /// The message as a key of the string catalog, with its arguments.
        var messageKey: String
        var arguments: [MessageArgument] = []
    }

    struct Lines {
        /// The first line, without its line ending; empty for a trailer section.
        var startLine: ArraySlice<UInt8>
        var headers: HTTPHeaders
        var problems: [Problem]
    }

    /// Parses `raw`, which ends with an empty line. With `hasStartLine` false (a chunked trailer
    /// section) every line is a field line. Bytes after the last LF belong to no line. `lineCount`
    /// is the number of LFs in `raw` (the stream counted them while it looked for the head's end).
    static func parse(_ raw: [UInt8], hasStartLine: Bool, lineCount: Int) -> Lines {
        raw.withUnsafeBufferPointer { bytes in
            // Every line but the start line and the empty last one may be a field.
            var reader = FieldReader(bytes: bytes, maxFieldCount: max(0, lineCount - (hasStartLine ? 2 : 1)))
            var startLine: Range<Int>?
            var bareLineFeedAt: Int?
            var lineStart = 0
            while let index = ASCII.firstIndex(of: ASCII.lineFeed, in: UnsafeRawBufferPointer(bytes), from: lineStart,
                                               to: bytes.count) {
                var end = index
                if end > lineStart, bytes[end - 1] == ASCII.carriageReturn {
                    end -= 1
                } else if bareLineFeedAt == nil {
                    bareLineFeedAt = index
                }
                if hasStartLine, startLine == nil {
                    startLine = lineStart..<end
                } else {
                    reader.read(lineStart..<end)
                }
                lineStart = index + 1
            }
            var problems = reader.problems
            // The line ends were all looked at before any field, so a bare LF comes first.
            if let offset = bareLineFeedAt {
                problems.insert(Problem(rule: HandshakeRule.bareLineFeed,
                                        message: "a line ends with LF alone instead of CR LF", offsetInHead: offset,
                                        messageKey: "finding.handshake.bare-line-feed"),
                                at: 0)
            }
            return Lines(startLine: startLine.map { raw[$0] } ?? [], headers: HTTPHeaders(fields: reader.finish()),
                         problems: problems)
        }
    }

    /// Turns field lines into fields, one line at a time. The last field waits in `openField`
    /// until no folded line can extend it; its value is then decoded once.
    private struct FieldReader {
        private struct OpenField {
            var name: Range<Int>
            var knownName: KnownHeaderName?
            /// The value's bytes in the head (unless a line was folded onto it).
            var value: Range<Int>
        }

        let bytes: UnsafeBufferPointer<UInt8>
        private(set) var fields: [HTTPHeaders.Field] = []
        private(set) var problems: [Problem] = []
        private var openField: OpenField?
        /// The open field's value once a line was folded onto it (kept out of `OpenField`, so that
        /// replacing the open field releases nothing).
        private var foldedValue: [UInt8]?
        private var reportedFolding = false

        init(bytes: UnsafeBufferPointer<UInt8>, maxFieldCount: Int) {
            self.bytes = bytes
            // Reserved at once: growing the array field by field would reallocate it several times.
            fields.reserveCapacity(maxFieldCount)
        }

        mutating func read(_ line: Range<Int>) {
            guard !line.isEmpty else { return }
            if ASCII.isWhitespace(bytes[line.lowerBound]) {
                continueOpenField(line)
                return
            }
            guard let colon = ASCII.firstIndex(of: ASCII.colon, in: UnsafeRawBufferPointer(bytes),
                                               from: line.lowerBound, to: line.upperBound) else {
                problems.append(Problem(rule: HandshakeRule.malformedHTTP,
                                        message: "a header line has no colon: \(HTTPHeadParser.quoted(slice(line)))",
                                        offsetInHead: line.lowerBound, messageKey: "finding.handshake.malformed-http.noColon",
                                        arguments: [.text(HTTPHeadParser.quoted(slice(line)))]))
                return
            }
            let name = slice(line.lowerBound..<colon)
            // A known name is made of letters and "-", so only other names need the token check.
            let knownName = KnownHeaderName(bytes: name)
            guard knownName != nil || (!name.isEmpty && name.allSatisfy(ASCII.isTokenCharacter)) else {
                problems.append(Problem(rule: HandshakeRule.malformedHTTP,
                                        message: "a header name is not a token: \(HTTPHeadParser.quoted(name))",
                                        offsetInHead: line.lowerBound, messageKey: "finding.handshake.malformed-http.nameNotToken",
                                        arguments: [.text(HTTPHeadParser.quoted(name))]))
                return
            }
            closeOpenField()
            openField = OpenField(name: line.lowerBound..<colon, knownName: knownName,
                                  value: trimmed((colon + 1)..<line.upperBound))
        }

        /// An obs-fold line: RFC 9112 section 5.2 replaces each fold with a space.
        private mutating func continueOpenField(_ line: Range<Int>) {
            guard let field = openField else {
                problems.append(Problem(rule: HandshakeRule.malformedHTTP,
                                        message: "a header line starts with whitespace but continues no field",
                                        offsetInHead: line.lowerBound, messageKey: "finding.handshake.malformed-http.foldWithoutField"))
                return
            }
            if !reportedFolding {
                reportedFolding = true
                problems.append(Problem(rule: HandshakeRule.obsoleteLineFolding,
                                        message: "the value of \(name(of: field)) is folded onto the next line",
                                        offsetInHead: line.lowerBound, messageKey: "finding.handshake.obsolete-line-folding",
                                        arguments: [.text(name(of: field))]))
            }
            let continuation = trimmed(line)
            guard !continuation.isEmpty else { return }
            var value = foldedValue ?? Array(slice(field.value))
            foldedValue = nil
            if !value.isEmpty { value.append(ASCII.space) }
            value.append(contentsOf: slice(continuation))
            foldedValue = value
        }

        private mutating func closeOpenField() {
            guard let field = openField else { return }
            let value: String
            if let folded = foldedValue {
                value = String(decoding: folded, as: UTF8.self)
                foldedValue = nil
            } else {
                value = String(decoding: slice(field.value), as: UTF8.self)
            }
            fields.append(HTTPHeaders.Field(name: name(of: field), knownName: field.knownName, value: value))
        }

        private func name(of field: OpenField) -> String {
            let name = slice(field.name)
            return field.knownName?.name(spelledAs: name) ?? String(decoding: name, as: UTF8.self)
        }

        mutating func finish() -> [HTTPHeaders.Field] {
            closeOpenField()
            openField = nil
            return fields
        }

        private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[range])
        }

        private func trimmed(_ range: Range<Int>) -> Range<Int> {
            var start = range.lowerBound, end = range.upperBound
            while start < end, ASCII.isWhitespace(bytes[start]) { start += 1 }
            while end > start, ASCII.isWhitespace(bytes[end - 1]) { end -= 1 }
            return start..<end
        }
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 section 3).
    static func parseRequestLine(_ line: ArraySlice<UInt8>) -> RequestLine? {
        line.withUnsafeBufferPointer { line in
            guard let firstSpace = line.firstIndex(of: ASCII.space) else { return nil }
            let afterMethod = firstSpace + 1
            guard let secondSpace = line[afterMethod...].firstIndex(of: ASCII.space) else { return nil }
            let method = UnsafeBufferPointer(rebasing: line[..<firstSpace])
            let target = UnsafeBufferPointer(rebasing: line[afterMethod..<secondSpace])
            let version = UnsafeBufferPointer(rebasing: line[(secondSpace + 1)...])
            // Exactly three parts: a third space would be part of the version, which then fails.
            guard !method.isEmpty, method.allSatisfy(ASCII.isTokenCharacter),
                  !target.isEmpty, !target.contains(where: ASCII.isControl),
                  let version = HTTPVersion(bytes: version)
            else { return nil }
            return RequestLine(method: String(decoding: method, as: UTF8.self), target: String(decoding: target, as: UTF8.self),
                               version: version)
        }
    }

    /// `HTTP-version SP 3DIGIT SP [reason-phrase]` (RFC 9112 section 4); the space before an empty
    /// reason is tolerated missing.
    static func parseStatusLine(_ line: ArraySlice<UInt8>) -> StatusLine? {
        line.withUnsafeBufferPointer { line in
            guard line.count >= 12, let version = HTTPVersion(bytes: UnsafeBufferPointer(rebasing: line[..<8])),
                  line[8] == ASCII.space
            else { return nil }
            let code = line[9..<12]
            guard code.allSatisfy(ASCII.isDigit) else { return nil }
            let rest = line[12...]
            guard rest.isEmpty || rest.first == ASCII.space else { return nil }
            let status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            return StatusLine(version: version, status: status,
                              reason: String(decoding: UnsafeBufferPointer(rebasing: rest.dropFirst()), as: UTF8.self))
        }
    }

    /// A short, quoted excerpt for a finding message (escaped later, before printing).
    private static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let excerpt = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"\(excerpt)\"" + (bytes.count > 60 ? "…" : "")
    }
}
