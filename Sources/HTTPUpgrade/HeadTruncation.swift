/// A head of which the capture holds only the beginning: the snapshot length cut its packet, or
/// the segments with the rest were lost. Its fields are the complete lines before the cut.
public struct HeadTruncation: Sendable, Hashable {
    /// Bytes of the head in the capture, from its first byte.
    public var visibleLength: Int
    /// Stream bytes missing right after them; the head ends somewhere inside.
    public var missingLength: UInt64
    /// The beginning of the line the cut broke off (`Host: 1`), as captured; nil when the cut fell
    /// right after a line end. It is not a field: its value may be incomplete.
    public var brokenLine: String?

    public init(visibleLength: Int, missingLength: UInt64, brokenLine: String?) {
        self.visibleLength = visibleLength
        self.missingLength = missingLength
        self.brokenLine = brokenLine
    }

    /// The visible part of a cut head, split into its start line, the fields of its complete
    /// lines, and the broken last line.
    struct Prefix {
        var startLine: ArraySlice<UInt8>
        var headers: HTTPHeaders
        var brokenLine: String?
    }

    static func split(_ visible: [UInt8]) -> Prefix {
        guard let lastLineFeed = visible.lastIndex(of: ASCII.lineFeed) else {
            // Not even the start line is complete: it is all there is.
            return Prefix(startLine: visible[...].dropLast(visible.last == ASCII.carriageReturn ? 1 : 0),
                          headers: HTTPHeaders(fields: []), brokenLine: nil)
        }
        let complete = Array(visible[...lastLineFeed])
        let lineCount = complete.count { $0 == ASCII.lineFeed }
        // One more line than LFs: the parser expects the empty line that the cut took away.
        let lines = HTTPHeadParser.parse(complete, hasStartLine: true, lineCount: lineCount + 1)
        let rest = visible[(lastLineFeed + 1)...]
        return Prefix(startLine: lines.startLine, headers: lines.headers,
                      brokenLine: rest.isEmpty ? nil : String(decoding: rest, as: UTF8.self))
    }
}

extension HTTPRequestHead {
    /// The request in a head cut by a gap; nil when its request line is not all there.
    init?(cutHead visible: [UInt8], startOffset: UInt64, missingLength: UInt64) {
        let prefix = HeadTruncation.split(visible)
        guard let line = HTTPHeadParser.parseRequestLine(prefix.startLine) else { return nil }
        self.init(method: line.method, target: line.target, version: line.version, headers: prefix.headers,
                  startOffset: startOffset, rawBytes: visible)
        truncation = HeadTruncation(visibleLength: visible.count, missingLength: missingLength, brokenLine: prefix.brokenLine)
    }
}

extension HTTPResponseHead {
    /// The response in a head cut by a gap; nil when not even its status code is there.
    init?(cutHead visible: [UInt8], startOffset: UInt64, missingLength: UInt64) {
        let prefix = HeadTruncation.split(visible)
        guard let line = HTTPHeadParser.parseStatusLine(prefix.startLine) else { return nil }
        self.init(version: line.version, status: line.status, reason: line.reason, headers: prefix.headers,
                  startOffset: startOffset, rawBytes: visible)
        truncation = HeadTruncation(visibleLength: visible.count, missingLength: missingLength, brokenLine: prefix.brokenLine)
    }
}
