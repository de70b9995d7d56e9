/// An incremental record decoder for one direction of a TLS connection: a state enum plus
/// `parseStep`, in the manner of the WebSocket frame decoder.
///
/// Feed it any split of the stream (a byte at a time, many records per buffer, one record over
/// many buffers); it hands out whole records with their stream offsets. A body is buffered only
/// after its header passed the length check, so memory stays below one maximal record
/// (`maximumBodyLength` + 5 bytes) whatever the input claims.
public struct TLSRecordDecoder: Sendable {
    /// The longest body any TLS version allows: RFC 5246 §6.2.3 caps TLSCiphertext at 2^14 + 2048
    /// (RFC 8446 §5.2 lowers it to 2^14 + 256 for TLS 1.3, which the session judges). A header
    /// claiming more is not a TLS record: framing is lost.
    public static let maximumBodyLength = (1 << 14) + 2048

    public enum State: Sendable, Hashable {
        /// Collecting the 5 header bytes (none yet at a record boundary).
        case readingHeader
        /// The header is complete; its body is being collected.
        case readingBody(TLSRecordHeader)
        /// Bytes of this record's body were missing from the capture; the rest goes by unused.
        case skippingBody(TLSRecordHeader, remaining: Int)
        /// Framing was lost (bytes missing outside a body, or an impossible length).
        case desynchronized
    }

    /// The result of one parse step.
    public enum Step: Sendable, Hashable {
        /// The input is used up; feed more.
        case needMoreData
        /// A whole record.
        case record(TLSRecord)
        /// A header claimed a body longer than `maximumBodyLength`; nothing after it is parsed.
        case tooLong(TLSRecordHeader, headerOffset: UInt64)
        /// The end of a record whose body had bytes missing (`skipGap` reported it) went by.
        case damagedRecordEnded(TLSRecordHeader, headerOffset: UInt64)
        /// Framing was lost, and the first bytes after later missing bytes form a plausible record
        /// header at `headerOffset`: records are framed again from there.
        case resynchronized(headerOffset: UInt64)
    }

    public private(set) var state: State = .readingHeader
    /// Stream offset of the next byte to be parsed.
    public private(set) var streamOffset: UInt64
    /// Stream offset of the current (or last) record's header.
    public private(set) var recordStartOffset: UInt64
    private var headerBytes: [UInt8] = []
    private var body: [UInt8] = []
    /// Desynchronized, and the next byte fed is the first after missing bytes: where a TCP segment
    /// begins, and so where a sender's record most often begins.
    private var atGapEnd = false

    /// - Parameter startOffset: the stream offset of the first byte fed.
    public init(startOffset: UInt64 = 0) {
        streamOffset = startOffset
        recordStartOffset = startOffset
    }

    /// Whether the decoder is between records (no byte of the next record seen yet).
    public var isAtRecordBoundary: Bool {
        if case .readingHeader = state { return headerBytes.isEmpty }
        return false
    }

    /// Bytes of an unfinished record held so far (header and body), for the end of a capture.
    public var bytesOfPartialRecord: Int {
        switch state {
        case .readingHeader: return headerBytes.count
        case .readingBody: return TLSRecordHeader.length + body.count
        case .skippingBody, .desynchronized: return 0
        }
    }

    /// Parses as far as one event and removes the consumed bytes from the front of `input`.
    public mutating func parseStep(_ input: inout UnsafeRawBufferPointer) -> Step {
        switch state {
        case .desynchronized:
            // Only the first bytes after a gap are tried: 5 random bytes pass `isPlausible` and the
            // length cap about once in 2.4 million, so one try per gap almost never finds a false header,
            // where scanning every byte would (and the records' tags check what is found).
            if atGapEnd, !input.isEmpty {
                atGapEnd = false
                let s = input.startIndex
                if input.count >= TLSRecordHeader.length {
                    let header = TLSRecordHeader(input[s], input[s + 1], input[s + 2], input[s + 3], input[s + 4])
                    if header.isPlausible, header.bodyLength <= Self.maximumBodyLength {
                        state = .readingHeader
                        recordStartOffset = streamOffset
                        return .resynchronized(headerOffset: streamOffset)
                    }
                }
            }
            consume(input.count, of: &input)
            return .needMoreData

        case .readingHeader:
            if headerBytes.isEmpty { recordStartOffset = streamOffset }
            // A whole header in the input (the usual case) is read in place.
            if headerBytes.isEmpty, input.count >= TLSRecordHeader.length {
                let s = input.startIndex
                let header = TLSRecordHeader(input[s], input[s + 1], input[s + 2], input[s + 3], input[s + 4])
                consume(TLSRecordHeader.length, of: &input)
                return begin(header, input: &input)
            }
            let take = min(TLSRecordHeader.length - headerBytes.count, input.count)
            headerBytes.append(contentsOf: input[input.startIndex..<(input.startIndex + take)])
            consume(take, of: &input)
            guard headerBytes.count == TLSRecordHeader.length else { return .needMoreData }
            let header = TLSRecordHeader(headerBytes[0], headerBytes[1], headerBytes[2], headerBytes[3], headerBytes[4])
            headerBytes.removeAll(keepingCapacity: true)
            return begin(header, input: &input)

        case .readingBody(let header):
            let take = min(header.bodyLength - body.count, input.count)
            body.append(contentsOf: input[input.startIndex..<(input.startIndex + take)])
            consume(take, of: &input)
            guard body.count == header.bodyLength else { return .needMoreData }
            return finishRecord(header)

        case .skippingBody(let header, let remaining):
            let take = min(remaining, input.count)
            consume(take, of: &input)
            if take < remaining {
                state = .skippingBody(header, remaining: remaining - take)
                return .needMoreData
            }
            state = .readingHeader
            return .damagedRecordEnded(header, headerOffset: recordStartOffset)
        }
    }

    /// What a gap in the capture did to the framing.
    public enum GapOutcome: Sendable, Hashable {
        /// The missing bytes were all inside this record's body: the record cannot be used, but
        /// the next record starts where its length says, so parsing goes on after it.
        /// `capturedBody` holds the body's bytes before the first gap (a ClientHello cut by the
        /// snapshot length still names its random there).
        case insideBody(TLSRecordHeader, headerOffset: UInt64, capturedBody: [UInt8])
        /// Missing bytes touched a header (or the gap began between records): record boundaries
        /// are unknown until a header follows right after later missing bytes (`resynchronized`).
        /// `headerOffset` is the unfinished record's, if one was begun.
        case lostSync(headerOffset: UInt64?)
        /// The decoder was already desynchronized.
        case alreadyDesynchronized
    }

    /// Accounts for `length` stream bytes missing from the capture.
    public mutating func skipGap(length: UInt64) -> GapOutcome {
        defer {
            streamOffset += length
            if case .desynchronized = state { atGapEnd = true }
        }
        switch state {
        case .desynchronized:
            return .alreadyDesynchronized
        case .readingBody(let header) where length <= UInt64(header.bodyLength - body.count):
            let remaining = header.bodyLength - body.count - Int(length)
            let captured = body
            body = []
            state = .skippingBody(header, remaining: remaining)
            return .insideBody(header, headerOffset: recordStartOffset, capturedBody: captured)
        case .skippingBody(let header, let remaining) where length <= UInt64(remaining):
            state = .skippingBody(header, remaining: remaining - Int(length))
            return .insideBody(header, headerOffset: recordStartOffset, capturedBody: [])
        case .readingBody, .skippingBody:
            desynchronize()
            return .lostSync(headerOffset: recordStartOffset)
        case .readingHeader:
            let begun = !headerBytes.isEmpty
            desynchronize()
            return .lostSync(headerOffset: begun ? recordStartOffset : nil)
        }
    }

    // MARK: Steps

    private mutating func begin(_ header: TLSRecordHeader, input: inout UnsafeRawBufferPointer) -> Step {
        guard header.bodyLength <= Self.maximumBodyLength else {
            desynchronize()
            return .tooLong(header, headerOffset: recordStartOffset)
        }
        // A whole body in the input is copied once, without going through the buffer.
        if body.isEmpty, input.count >= header.bodyLength {
            let bytes = Array(input[input.startIndex..<(input.startIndex + header.bodyLength)])
            consume(header.bodyLength, of: &input)
            state = .readingHeader
            return .record(TLSRecord(header: header, body: bytes, headerOffset: recordStartOffset))
        }
        body.reserveCapacity(header.bodyLength)
        state = .readingBody(header)
        return parseStep(&input)
    }

    private mutating func finishRecord(_ header: TLSRecordHeader) -> Step {
        let record = TLSRecord(header: header, body: body, headerOffset: recordStartOffset)
        body = []
        state = .readingHeader
        return .record(record)
    }

    private mutating func desynchronize() {
        state = .desynchronized
        atGapEnd = false
        headerBytes = []
        body = []
    }

    private mutating func consume(_ count: Int, of input: inout UnsafeRawBufferPointer) {
        streamOffset += UInt64(count)
        input = UnsafeRawBufferPointer(rebasing: input[(input.startIndex + count)...])
    }
}

extension TLSRecordDecoder {
    /// Decodes `bytes` (the next bytes of the stream) into every step but `.needMoreData`
    /// (tests and small tools).
    public mutating func decode(_ bytes: [UInt8]) -> [Step] {
        bytes.withUnsafeBytes { buffer in
            var input = buffer
            var steps: [Step] = []
            while true {
                let step = parseStep(&input)
                if step == .needMoreData { return steps }
                steps.append(step)
            }
        }
    }
}
