/// An incremental frame decoder for one direction of a connection: a state enum plus `parseStep`,
/// in the manner of swift-nio's `WSParser`, but streaming the payload instead of buffering whole
/// frames.
///
/// Feed it any split of the stream (one byte at a time, many frames per buffer, one frame over many
/// buffers). It only parses; judging frames against the RFC is the session's job. A header that
/// claims 2^63 bytes allocates nothing: the payload goes by in chunks of the caller's buffers.
public struct WebSocketFrameDecoder: Sendable {
    public enum State: Sendable, Hashable {
        /// Collecting header bytes; the header holds those seen so far (none at a frame boundary).
        case readingHeader(WebSocketFrameHeader)
        /// The header is complete; `remaining` payload bytes follow, the next of them at key byte `maskPhase`.
        case readingPayload(WebSocketFrameHeader, remaining: UInt64, maskPhase: Int)
        /// Framing was lost (bytes missing outside a payload): nothing more can be parsed.
        case desynchronized
    }

    /// The result of one parse step.
    public enum Step {
        /// The input is used up; feed more.
        case needMoreData
        /// A header is complete. Its frame started at `frameStartOffset`.
        case header(WebSocketFrameHeader)
        /// Payload bytes, still masked, borrowed from the input (valid only until the input is
        /// released); the first of them is at key byte `maskPhase` and at stream offset `streamOffset`.
        case payload(UnsafeRawBufferPointer, maskPhase: Int, streamOffset: UInt64)
        /// The frame's last payload byte went by (or the payload was empty).
        case frameEnd(WebSocketFrameHeader)
    }

    public private(set) var state: State = .readingHeader(WebSocketFrameHeader())
    /// Stream offset of the next byte to be parsed.
    public private(set) var streamOffset: UInt64
    /// Stream offset of the first header byte of the current (or last) frame.
    public private(set) var frameStartOffset: UInt64

    /// - Parameter startOffset: the stream offset of the first byte fed (the byte after the
    ///   HTTP handshake, for a connection whose handshake was captured).
    public init(startOffset: UInt64 = 0) {
        streamOffset = startOffset
        frameStartOffset = startOffset
    }

    /// Whether the decoder is between frames (no header byte of the next frame seen yet).
    public var isAtFrameBoundary: Bool {
        if case .readingHeader(let partial) = state { return partial.headerLength == 0 }
        return false
    }

    /// Parses as far as one event and removes the consumed bytes from the front of `input`.
    public mutating func parseStep(_ input: inout UnsafeRawBufferPointer) -> Step {
        switch state {
        case .desynchronized:
            streamOffset += UInt64(input.count)
            input = UnsafeRawBufferPointer(rebasing: input[input.endIndex...])
            return .needMoreData

        case .readingHeader(var header):
            if header.headerLength == 0 { frameStartOffset = streamOffset }
            // A whole header in the input (the usual case) is taken in one go.
            if header.headerLength == 0, input.count >= 2 {
                let length = WebSocketFrameHeader.length(firstByte: input[input.startIndex], secondByte: input[input.startIndex + 1])
                if input.count >= length {
                    for index in input.startIndex..<(input.startIndex + length) { header.append(input[index]) }
                    streamOffset += UInt64(length)
                    input = UnsafeRawBufferPointer(rebasing: input[(input.startIndex + length)...])
                    state = .readingPayload(header, remaining: header.payloadLength, maskPhase: 0)
                    return .header(header)
                }
            }
            var consumed = 0
            defer {
                streamOffset += UInt64(consumed)
                input = UnsafeRawBufferPointer(rebasing: input[(input.startIndex + consumed)...])
            }
            while consumed < input.count {
                header.append(input[input.startIndex + consumed])
                consumed += 1
                if header.headerLength >= 2,
                   header.headerLength == WebSocketFrameHeader.length(firstByte: header[0], secondByte: header[1]) {
                    state = .readingPayload(header, remaining: header.payloadLength, maskPhase: 0)
                    return .header(header)
                }
            }
            state = .readingHeader(header)
            return .needMoreData

        case .readingPayload(let header, let remaining, let phase):
            if remaining == 0 {
                state = .readingHeader(WebSocketFrameHeader())
                return .frameEnd(header)
            }
            guard !input.isEmpty else { return .needMoreData }
            let count = Int(min(UInt64(input.count), remaining))
            let chunk = UnsafeRawBufferPointer(rebasing: input[input.startIndex..<(input.startIndex + count)])
            let chunkOffset = streamOffset
            input = UnsafeRawBufferPointer(rebasing: input[(input.startIndex + count)...])
            streamOffset += UInt64(count)
            state = .readingPayload(header, remaining: remaining - UInt64(count), maskPhase: (phase + count) & 3)
            return .payload(chunk, maskPhase: phase, streamOffset: chunkOffset)
        }
    }

    /// Resumes parsing at a frame boundary found after framing was lost (see `FrameResynchronizer`).
    public mutating func resume(atFrameBoundary offset: UInt64) {
        state = .readingHeader(WebSocketFrameHeader())
        streamOffset = offset
        frameStartOffset = offset
    }

    /// Drops framing at `offset`: where frames begin must be searched for (a start that is only
    /// assumed, after a cut handshake).
    public mutating func desynchronize(at offset: UInt64) {
        state = .desynchronized
        streamOffset = offset
        frameStartOffset = offset
    }

    /// What a gap in the capture did to the framing.
    public enum GapOutcome: Sendable, Hashable {
        /// The missing bytes were all payload of the current frame: parsing goes on after them.
        case skippedPayload(header: WebSocketFrameHeader, frameStartOffset: UInt64)
        /// Some missing bytes were outside a payload: frame boundaries are unknown from here on.
        case lostSync(header: WebSocketFrameHeader?, frameStartOffset: UInt64)
        /// The decoder was already desynchronized.
        case alreadyDesynchronized
    }

    /// Accounts for `length` stream bytes missing from the capture.
    public mutating func skipGap(length: UInt64) -> GapOutcome {
        defer { streamOffset += length }
        switch state {
        case .desynchronized:
            return .alreadyDesynchronized
        case .readingPayload(let header, let remaining, let phase) where length <= remaining:
            // The key phase advances over the missing bytes, so later chunks still unmask correctly.
            state = .readingPayload(header, remaining: remaining - length,
                                    maskPhase: (phase + Int(length & 3)) & 3)
            return .skippedPayload(header: header, frameStartOffset: frameStartOffset)
        case .readingPayload(let header, _, _):
            state = .desynchronized
            return .lostSync(header: header, frameStartOffset: frameStartOffset)
        case .readingHeader(let partial):
            state = .desynchronized
            return .lostSync(header: nil, frameStartOffset: partial.headerLength == 0 ? streamOffset : frameStartOffset)
        }
    }
}

extension WebSocketFrameDecoder {
    /// An owned, unmasked copy of what `parseStep` reports, for tests and small tools.
    public enum Event: Sendable, Hashable {
        case header(WebSocketFrameHeader, startOffset: UInt64)
        case payload([UInt8], streamOffset: UInt64)
        case frameEnd
    }

    /// Decodes `bytes` (the next bytes of the stream) into events, unmasking payload chunks.
    public mutating func decode(_ bytes: [UInt8]) -> [Event] {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes `buffer` into events, unmasking payload chunks.
    public mutating func decode(_ buffer: UnsafeRawBufferPointer) -> [Event] {
        var input = buffer
        var events: [Event] = []
        var currentKey: WebSocketMaskingKey?
        if case .readingPayload(let header, _, _) = state { currentKey = header.maskingKey }
        while true {
            switch parseStep(&input) {
            case .needMoreData:
                return events
            case .header(let header):
                currentKey = header.maskingKey
                events.append(.header(header, startOffset: frameStartOffset))
            case .payload(let chunk, let phase, let offset):
                var bytes = Array(chunk)
                if let currentKey { bytes.withUnsafeMutableBytes { currentKey.apply(to: $0, startingPhase: phase) } }
                events.append(.payload(bytes, streamOffset: offset))
            case .frameEnd:
                events.append(.frameEnd)
            }
        }
    }
}
