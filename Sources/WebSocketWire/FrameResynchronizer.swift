/// After a gap hid a frame boundary, looks for the place where frames plausibly start again, so
/// decoding can resume instead of giving up on the rest of the direction.
///
/// A position is accepted when `chainLength` consecutive headers parse cleanly from it with
/// the masking this sender must use, known opcodes, minimal lengths and sane control frames. Text
/// payloads cannot pass (ASCII sets RSV2/RSV3 or, without compression, RSV1), and a chain of four
/// makes a match inside binary payload unlikely; the session still reports the resumption.
///
/// A weaker rule holds at the first byte of a TCP segment (every gap ends where a captured
/// segment begins, and a sender usually writes each frame, or each small message, in a send of
/// its own): when the bytes before the next gap hold one plausible header there, decoding resumes
/// with it. That is what a capture cut by the snapshot length needs, where each segment shows only
/// its first bytes; it is reported as the weaker guess it is.
struct FrameResynchronizer {
    /// How far ahead of a candidate position the chain may reach (bounds the bytes held).
    static let window = 64 * 1024
    static let chainLength = 4

    let expectsMasked: Bool
    let allowsRSV1: Bool
    private var buffer: [UInt8] = []
    /// Stream offset of `buffer[0]`.
    private var bufferStartOffset: UInt64
    /// `buffer[0]` is the first byte of a TCP segment (it follows a gap).
    private var bufferStartsSegment: Bool

    init(startOffset: UInt64, expectsMasked: Bool, allowsRSV1: Bool, startsSegment: Bool = true) {
        bufferStartOffset = startOffset
        self.expectsMasked = expectsMasked
        self.allowsRSV1 = allowsRSV1
        bufferStartsSegment = startsSegment
    }

    enum Outcome {
        /// No frame boundary found yet; `discarded` bytes were given up for good.
        case searching(discarded: Int)
        /// Frames plausibly start at `offset`; `replay` holds the bytes from there on.
        case found(offset: UInt64, replay: [UInt8], discarded: Int, evidence: Evidence)
    }

    /// Why a position was taken for a frame boundary.
    enum Evidence: Equatable {
        /// `chainLength` headers parse cleanly in a row from it.
        case chain
        /// A segment starts there, and so does a plausible header.
        case segmentStart
    }

    /// Takes the next bytes of the stream and searches them.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        buffer.append(contentsOf: bytes)
        // At a segment's first byte one plausible header is enough (see above); resuming at once
        // keeps each frame's time and order, which waiting for more headers would not.
        if let found = acceptAtSegmentStart() { return found }
        var position = 0
        while position < buffer.count {
            switch chain(from: position) {
            case .plausible:
                let replay = Array(buffer[position...])
                let offset = bufferStartOffset + UInt64(position)
                bufferStartOffset += UInt64(buffer.count)
                buffer.removeAll()
                return .found(offset: offset, replay: replay, discarded: position, evidence: .chain)
            case .implausible:
                position += 1
            case .undecided:
                if position > 0 { bufferStartsSegment = false }
                buffer.removeFirst(position)
                bufferStartOffset += UInt64(position)
                return .searching(discarded: position)
            }
        }
        let discarded = buffer.count
        bufferStartOffset += UInt64(discarded)
        buffer.removeAll()
        bufferStartsSegment = false
        return .searching(discarded: discarded)
    }

    /// The segment-start rule: before a gap (or the end of the stream) takes the held bytes away,
    /// resume at the segment's first byte if one whole, plausible header is there.
    mutating func acceptAtSegmentStart() -> Outcome? {
        guard bufferStartsSegment, case .plausible = chain(from: 0, links: 1) else { return nil }
        let replay = buffer
        let offset = bufferStartOffset
        bufferStartOffset += UInt64(buffer.count)
        buffer.removeAll()
        return .found(offset: offset, replay: replay, discarded: 0, evidence: .segmentStart)
    }

    /// Bytes are missing again: what was held is no longer contiguous with what follows, and the
    /// next byte starts a segment.
    mutating func skipGap(length: UInt64) -> Int {
        let discarded = buffer.count
        bufferStartOffset += UInt64(discarded) + length
        buffer.removeAll()
        bufferStartsSegment = true
        return discarded
    }

    /// Bytes held while undecided (counted as undecoded by the caller).
    var heldBytes: Int { buffer.count }

    private enum Verdict { case plausible, implausible, undecided }

    private func chain(from start: Int, links: Int = FrameResynchronizer.chainLength) -> Verdict {
        var position = start
        var inFragmentedMessage: Bool?  // unknown at the start: the gap may have cut a message
        for link in 0..<links {
            guard position + 2 <= buffer.count else { return .undecided }
            let needed = WebSocketFrameHeader.length(firstByte: buffer[position], secondByte: buffer[position + 1])
            guard position + needed <= buffer.count else { return .undecided }
            guard let header = WebSocketFrameHeader(bytes: buffer[position..<(position + needed)]) else { return .implausible }
            let opcode = header.opcode
            if opcode.isReserved || header.rsv2 || header.rsv3 || header.isMasked != expectsMasked { return .implausible }
            if header.rsv1 && (!allowsRSV1 || opcode.isControl || opcode == .continuation) { return .implausible }
            if !header.isMinimalLengthEncoding || header.hasLengthTopBitSet { return .implausible }
            if opcode.isControl {
                if !header.fin || header.payloadLength > 125 { return .implausible }
            } else if opcode == .continuation {
                if inFragmentedMessage == false { return .implausible }
                inFragmentedMessage = !header.fin
            } else {
                if inFragmentedMessage == true { return .implausible }
                inFragmentedMessage = !header.fin
            }
            if link == links - 1 { return .plausible }
            let next = UInt64(position + needed) + header.payloadLength
            if next - UInt64(start) > UInt64(FrameResynchronizer.window) { return .implausible }
            guard next <= UInt64(buffer.count) else { return .undecided }
            position = Int(next)
        }
        return .plausible
    }
}
