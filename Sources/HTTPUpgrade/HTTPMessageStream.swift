internal import WireBytes

/// One direction of an HTTP/1.x connection as a state machine over its bytes: it finds message
/// heads and walks bodies by their framing, counting stream offsets from 0. What a head means
/// (which framing, whether an upgrade follows) is decided by `HTTPConnectionParser`, which calls
/// `expectBody(_:)` after every head. In the spirit of NIO's `WSParser.parseStep`: one step per
/// call, so the caller can stop at an exact byte.
struct HTTPMessageStream: Sendable {
    /// How the body after a head is delimited (RFC 9112 section 6.3).
    enum BodyFraming: Equatable {
        case none
        case length(UInt64)
        case chunked
        /// Until the sender closes the connection (a response without length).
        case untilClose
    }

    enum Step: Equatable {
        case needMoreData
        /// A complete head; the stream waits for `expectBody(_:)`.
        case head(raw: [UInt8], startOffset: UInt64, lineCount: Int)
        case body(offset: UInt64, length: Int)
        case trailers(raw: [UInt8], startOffset: UInt64, lineCount: Int)
        case messageEnd
        /// The message starting at `offset` is not HTTP/1.x. The stream stops; `bufferedBytes` are
        /// the bytes from `offset` it had already taken in.
        case notHTTP(offset: UInt64, bufferedBytes: [UInt8], isStreamStart: Bool)
        /// Framing that cannot be followed; the stream gives up on this direction.
        case malformed(message: String, offset: UInt64, messageKey: String, arguments: [MessageArgument] = [])
        /// A head longer than the limit; the stream gives up on this direction.
        case headTooLarge(offset: UInt64)
    }

    private enum State: Equatable {
        case betweenMessages
        case head(startOffset: UInt64, sniffer: StartLineSniffer?)
        case awaitingBodyFraming
        case fixedBody(remaining: UInt64)
        case chunkSizeLine
        case chunkData(remaining: UInt64)
        case chunkDataEnd(sawCarriageReturn: Bool)
        case trailers(startOffset: UInt64)
        case untilClose
        case messageComplete
        /// Bytes from here on belong to another protocol; nothing more is consumed.
        case handedOff
        /// Unparseable; further bytes are counted and dropped.
        case abandoned
    }

    /// A chunk-size line longer than this is not a chunk size (16 hex digits plus extensions).
    private static let maxChunkSizeLineLength = 4096

    private let isClient: Bool
    private let maxHeadLength: Int
    /// Offset in this direction's byte stream of the next byte to consume.
    private(set) var offset: UInt64 = 0
    private var hasSeenMessage = false
    private var state: State = .betweenMessages
    /// The head or trailer section being read, or the chunk-size line; outside the state enum so
    /// appending never copies it.
    private var pending: [UInt8] = []
    /// LFs in the head or trailer section being read: the most field lines it can have.
    private var sectionLineCount = 0

    init(isClient: Bool, maxHeadLength: Int) {
        self.isClient = isClient
        self.maxHeadLength = maxHeadLength
    }

    // MARK: Stepping

    /// Consumes bytes of `buffer` from `index` up to the next thing worth reporting.
    mutating func step(_ buffer: UnsafeRawBufferPointer, at index: inout Int) -> Step {
        switch state {
        case .handedOff:
            return .needMoreData
        case .abandoned:
            offset += UInt64(buffer.count - index)
            index = buffer.count
            return .needMoreData
        case .awaitingBodyFraming:
            assertionFailure("expectBody(_:) must follow every head")
            return .needMoreData
        case .messageComplete:
            state = .betweenMessages
            return .messageEnd
        case .betweenMessages:
            // RFC 9112 section 2.2: ignore empty lines before a request line (left over after a body).
            while index < buffer.count, buffer[index] == ASCII.carriageReturn || buffer[index] == ASCII.lineFeed {
                index += 1
                offset += 1
            }
            guard index < buffer.count else { return .needMoreData }
            pending.removeAll(keepingCapacity: true)
            sectionLineCount = 0
            return readHead(buffer, at: &index, startOffset: offset,
                            sniffer: StartLineSniffer(expectingRequest: isClient), isTrailer: false)
        case .head(let startOffset, let sniffer):
            return readHead(buffer, at: &index, startOffset: startOffset, sniffer: sniffer, isTrailer: false)
        case .trailers(let startOffset):
            return readHead(buffer, at: &index, startOffset: startOffset, sniffer: nil, isTrailer: true)
        case .fixedBody(let remaining):
            guard let length = take(upTo: remaining, from: buffer, at: &index) else { return .needMoreData }
            let left = remaining - UInt64(length)
            state = left == 0 ? .messageComplete : .fixedBody(remaining: left)
            return .body(offset: offset - UInt64(length), length: length)
        case .chunkData(let remaining):
            guard let length = take(upTo: remaining, from: buffer, at: &index) else { return .needMoreData }
            let left = remaining - UInt64(length)
            state = left == 0 ? .chunkDataEnd(sawCarriageReturn: false) : .chunkData(remaining: left)
            return .body(offset: offset - UInt64(length), length: length)
        case .untilClose:
            guard let length = take(upTo: UInt64.max, from: buffer, at: &index) else { return .needMoreData }
            return .body(offset: offset - UInt64(length), length: length)
        case .chunkSizeLine:
            return readChunkSizeLine(buffer, at: &index)
        case .chunkDataEnd(let sawCarriageReturn):
            guard index < buffer.count else { return .needMoreData }
            let byte = buffer[index]
            if byte == ASCII.carriageReturn, !sawCarriageReturn {
                advance(&index)
                state = .chunkDataEnd(sawCarriageReturn: true)
                return step(buffer, at: &index)
            }
            guard byte == ASCII.lineFeed else {
                return giveUp(.malformed(message: "chunk data is not followed by CR LF (the chunk size is wrong)",
                                         offset: offset, messageKey: "finding.handshake.malformed-http.chunkDataEnd"))
            }
            advance(&index)
            pending.removeAll(keepingCapacity: true)
            state = .chunkSizeLine
            return step(buffer, at: &index)
        }
    }

    /// Tells the stream how the body after the head just returned is delimited.
    mutating func expectBody(_ framing: BodyFraming) {
        switch framing {
        case .none, .length(0): state = .messageComplete
        case .length(let length): state = .fixedBody(remaining: length)
        case .chunked:
            pending.removeAll(keepingCapacity: true)
            state = .chunkSizeLine
        case .untilClose: state = .untilClose
        }
    }

    // MARK: Gaps

    /// What a gap in the capture did to this direction.
    enum GapOutcome: Equatable {
        /// The missing bytes lay inside a body of known length (or one delimited by the close):
        /// parsing goes on after them.
        case skippedBody
        /// The missing bytes cut a head short: `visible` are its bytes before the gap. The head's
        /// end is unknown, so the stream stops.
        case cutHead(startOffset: UInt64, visible: [UInt8])
        /// Message boundaries are unknown after the gap (between messages, in a chunked body or
        /// trailers, or past the end of a body); the stream stops.
        case lostBoundary
    }

    /// `length` bytes of this direction are missing from the capture at `offset`.
    mutating func skipGap(length: UInt64) -> GapOutcome {
        switch state {
        case .fixedBody(let remaining) where length <= remaining:
            offset += length
            state = length == remaining ? .messageComplete : .fixedBody(remaining: remaining - length)
            return .skippedBody
        case .untilClose:
            offset += length
            return .skippedBody
        case .handedOff, .abandoned:
            offset += length
            return .lostBoundary
        case .head(let startOffset, _):
            let visible = pending
            offset += length
            abandon()
            return .cutHead(startOffset: startOffset, visible: visible)
        default:
            offset += length
            abandon()
            return .lostBoundary
        }
    }

    // MARK: Stopping

    /// Stops parsing: later bytes belong to another protocol. Returns where that protocol starts
    /// and the bytes from there on the stream had already taken in (a half-read head).
    mutating func handOff() -> (offset: UInt64, bufferedBytes: [UInt8]) {
        defer {
            state = .handedOff
            pending = []
        }
        switch state {
        case .head(let startOffset, _): return (startOffset, pending)
        default: return (offset, [])
        }
    }

    /// Gives up on this direction: further bytes are counted and dropped.
    mutating func abandon() {
        state = .abandoned
        pending = []
    }

    /// The sender closed the connection: a body delimited by the close ends here; a message cut
    /// short is returned as the offset where it was cut.
    mutating func endOfStream() -> (endsMessage: Bool, incompleteAt: UInt64?) {
        defer { if state != .handedOff { abandon() } }
        switch state {
        case .untilClose: return (true, nil)
        case .messageComplete: return (true, nil)
        case .betweenMessages, .handedOff, .abandoned: return (false, nil)
        default: return (false, offset)
        }
    }

    // MARK: Pieces

    private mutating func readHead(_ buffer: UnsafeRawBufferPointer, at index: inout Int, startOffset: UInt64,
                                   sniffer initialSniffer: StartLineSniffer?, isTrailer: Bool) -> Step {
        // The bytes from `index` are scanned in place and taken into the section in one piece.
        let segmentStart = index
        let segmentLimit = buffer.count - index > maxHeadLength - pending.count
            ? index + (maxHeadLength - pending.count) : buffer.count
        var position = index
        // While the sniffer is deciding, it sees every byte: it may hand the stream back at any byte.
        var sniffer = initialSniffer
        if var active = sniffer {
            var verdict = StartLineSniffer.Verdict.undecided
            while verdict == .undecided, position < segmentLimit {
                let byte = buffer[position]
                position += 1
                verdict = active.accept(byte)
                if verdict == .implausible {
                    take(buffer, from: segmentStart, to: position, at: &index)
                    let buffered = pending
                    pending = []
                    state = .handedOff
                    return .notHTTP(offset: startOffset, bufferedBytes: buffered, isStreamStart: !hasSeenMessage)
                }
                if byte == ASCII.lineFeed {
                    sectionLineCount += 1
                    if lineIsEmpty(endingAt: position - 1, buffer, segmentStart: segmentStart) {
                        return headEnded(buffer, from: segmentStart, to: position, at: &index,
                                         startOffset: startOffset, isTrailer: isTrailer)
                    }
                }
            }
            sniffer = verdict == .plausible ? nil : active
        }
        if sniffer == nil {
            while let lineFeed = ASCII.firstIndex(of: ASCII.lineFeed, in: buffer, from: position, to: segmentLimit) {
                sectionLineCount += 1
                if lineIsEmpty(endingAt: lineFeed, buffer, segmentStart: segmentStart) {
                    return headEnded(buffer, from: segmentStart, to: lineFeed + 1, at: &index,
                                     startOffset: startOffset, isTrailer: isTrailer)
                }
                position = lineFeed + 1
            }
            position = segmentLimit
        }
        take(buffer, from: segmentStart, to: position, at: &index)
        // Stopped short of the buffer's end: the head has reached the limit with bytes still coming.
        guard position == buffer.count else { return giveUp(.headTooLarge(offset: startOffset)) }
        state = isTrailer ? .trailers(startOffset: startOffset) : .head(startOffset: startOffset, sniffer: sniffer)
        return .needMoreData
    }

    /// Appends `buffer[start..<end]` to the section and consumes it.
    private mutating func take(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, at index: inout Int) {
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
        offset += UInt64(end - start)
        index = end
    }

    /// Whether the line that the LF at `buffer[lineFeed]` ends is empty (nothing, or a lone CR,
    /// since the previous LF or the start of the section). The section so far is `pending`, then
    /// `buffer` from `segmentStart`.
    private func lineIsEmpty(endingAt lineFeed: Int, _ buffer: UnsafeRawBufferPointer, segmentStart: Int) -> Bool {
        let sectionLength = pending.count + (lineFeed - segmentStart)
        func byte(before distance: Int) -> UInt8 {
            let position = lineFeed - distance
            return position >= segmentStart ? buffer[position] : pending[pending.count - (segmentStart - position)]
        }
        if sectionLength == 0 { return true }
        let last = byte(before: 1)
        if last == ASCII.lineFeed { return true }
        guard last == ASCII.carriageReturn else { return false }
        return sectionLength == 1 || byte(before: 2) == ASCII.lineFeed
    }

    /// The empty line that ends a head or trailer section has just been read: `buffer[start..<end]`
    /// completes the section.
    private mutating func headEnded(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, at index: inout Int,
                                    startOffset: UInt64, isTrailer: Bool) -> Step {
        let raw: [UInt8]
        if pending.isEmpty {
            // The whole section is in this buffer (the usual case): copied once, straight out of it.
            raw = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
            offset += UInt64(end - start)
            index = end
        } else {
            take(buffer, from: start, to: end, at: &index)
            raw = takePending()
        }
        let lineCount = sectionLineCount
        sectionLineCount = 0
        if isTrailer {
            let isEmptySection = raw.count <= 2
            state = isEmptySection ? .betweenMessages : .messageComplete
            return isEmptySection ? .messageEnd : .trailers(raw: raw, startOffset: startOffset, lineCount: lineCount)
        }
        hasSeenMessage = true
        state = .awaitingBodyFraming
        return .head(raw: raw, startOffset: startOffset, lineCount: lineCount)
    }

    /// The bytes of `pending`, exactly sized; `pending` keeps its storage for the next head unless
    /// that storage has grown large.
    private mutating func takePending() -> [UInt8] {
        let bytes = pending.withUnsafeBufferPointer { Array($0) }
        if pending.capacity > Self.retainedPendingCapacity {
            pending = []
        } else {
            pending.removeAll(keepingCapacity: true)
        }
        return bytes
    }

    /// Storage up to this size stays with the stream between heads (a typical head is a few hundred
    /// bytes), so that a head split over several buffers does not grow a new buffer from nothing.
    private static let retainedPendingCapacity = 4096

    private mutating func readChunkSizeLine(_ buffer: UnsafeRawBufferPointer, at index: inout Int) -> Step {
        let lineStart = offset - UInt64(pending.count)
        while index < buffer.count {
            let byte = buffer[index]
            advance(&index)
            guard byte != ASCII.lineFeed else { return chunkSizeLineEnded(startingAt: lineStart, buffer, at: &index) }
            pending.append(byte)
            guard pending.count <= Self.maxChunkSizeLineLength else {
                return giveUp(.malformed(message: "a chunk-size line is longer than \(Self.maxChunkSizeLineLength) bytes",
                                         offset: lineStart, messageKey: "finding.handshake.malformed-http.chunkSizeLineTooLong",
                                         arguments: [.number(Self.maxChunkSizeLineLength)]))
            }
        }
        return .needMoreData
    }

    /// `chunk-size [ chunk-ext ] CRLF` (RFC 9112 section 7.1); extensions are ignored.
    private mutating func chunkSizeLineEnded(startingAt lineStart: UInt64,
                                             _ buffer: UnsafeRawBufferPointer, at index: inout Int) -> Step {
        var line = pending[...]
        if line.last == ASCII.carriageReturn { line = line.dropLast() }
        if let semicolon = line.firstIndex(of: UInt8(ascii: ";")) { line = line[..<semicolon] }
        while let last = line.last, ASCII.isWhitespace(last) { line = line.dropLast() }
        guard !line.isEmpty, line.count <= 16, line.allSatisfy(ASCII.isHexDigit) else {
            let text = String(decoding: pending.prefix(40), as: UTF8.self)
            return giveUp(.malformed(message: "\"\(text)\" is not a chunk size", offset: lineStart,
                                     messageKey: "finding.handshake.malformed-http.chunkSize", arguments: [.text(text)]))
        }
        let size = line.reduce(UInt64(0)) { $0 << 4 | ASCII.hexValue($1)! }
        pending.removeAll(keepingCapacity: true)
        if size == 0 {
            sectionLineCount = 0
            state = .trailers(startOffset: offset)
        } else {
            state = .chunkData(remaining: size)
        }
        return step(buffer, at: &index)
    }

    /// Takes up to `limit` bytes of body; nil when the buffer has none left.
    private mutating func take(upTo limit: UInt64, from buffer: UnsafeRawBufferPointer, at index: inout Int) -> Int? {
        let available = buffer.count - index
        guard available > 0 else { return nil }
        let length = UInt64(available) < limit ? available : Int(limit)
        index += length
        offset += UInt64(length)
        return length
    }

    private mutating func advance(_ index: inout Int) {
        index += 1
        offset += 1
    }

    private mutating func giveUp(_ step: Step) -> Step {
        abandon()
        return step
    }
}
