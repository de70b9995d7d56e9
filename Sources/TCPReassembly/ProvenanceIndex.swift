/// Where each byte of one direction's stream came from: stream offset -> (packet, offset in that
/// packet's TCP payload), as gopacket's `ScatterGather.CaptureInfo(offset)`.
///
/// Fed from `.data` events; one entry per contiguous run, found by binary search. Call
/// `discard(before:)` as the decoders above consume the stream, so memory stays bounded by the
/// bytes not yet consumed rather than the stream's length.
public struct ProvenanceIndex: Sendable, Hashable {
    /// A run of stream bytes carried contiguously by one packet.
    public struct Piece: Sendable, Hashable {
        public var packet: UInt64
        /// Where the run starts and ends in the packet's TCP payload.
        public var payloadRange: Range<Int>
        /// Where the run starts and ends in the stream.
        public var streamRange: Range<UInt64>

        public init(packet: UInt64, payloadRange: Range<Int>, streamRange: Range<UInt64>) {
            self.packet = packet
            self.payloadRange = payloadRange
            self.streamRange = streamRange
        }
    }

    /// Sorted by stream offset, never overlapping; gaps leave holes between them.
    private var pieces: [Piece] = []
    /// Pieces before this index are discarded (kept until compaction to avoid shifting).
    private var head = 0
    /// End of the last record: the index only grows forward.
    private var recordedEnd: UInt64 = 0

    public init() {}

    /// The stream offset just past the last recorded byte.
    public var lastOffset: UInt64 { recordedEnd }

    /// Records that `length` stream bytes from `offset` on sat at `payloadOffset` in `packet`.
    /// Records come in stream order, as `.data` events do; bytes before the end of the last
    /// record are ignored.
    public mutating func record(offset: UInt64, length: Int, packet: UInt64, payloadOffset: Int) {
        guard length > 0, offset >= recordedEnd else { return }
        recordedEnd = offset + UInt64(length)
        let streamRange = offset..<(offset + UInt64(length))
        let payloadRange = payloadOffset..<(payloadOffset + length)
        if head < pieces.count, let last = pieces.last, last.packet == packet,
           last.streamRange.upperBound == offset, last.payloadRange.upperBound == payloadOffset {
            pieces[pieces.count - 1].streamRange = last.streamRange.lowerBound..<streamRange.upperBound
            pieces[pieces.count - 1].payloadRange = last.payloadRange.lowerBound..<payloadRange.upperBound
        } else {
            pieces.append(Piece(packet: packet, payloadRange: payloadRange, streamRange: streamRange))
        }
    }

    /// Records a `.data` event's bytes.
    public mutating func record(_ chunk: StreamChunk) {
        record(offset: chunk.offset, length: chunk.bytes.count, packet: chunk.packet, payloadOffset: chunk.payloadOffset)
    }

    /// The packet and payload offset of one stream byte; nil if it was in a gap or discarded.
    public func location(of offset: UInt64) -> (packet: UInt64, payloadOffset: Int)? {
        let index = firstPiece(endingAfter: offset)
        guard index < pieces.count, pieces[index].streamRange.contains(offset) else { return nil }
        let piece = pieces[index]
        return (piece.packet, piece.payloadRange.lowerBound + Int(offset - piece.streamRange.lowerBound))
    }

    /// The pieces that carried `range`, clipped to it, in stream order (gaps and discarded bytes
    /// leave holes). A frame spread over 55 segments yields their 55 packets.
    public func pieces(covering range: Range<UInt64>) -> [Piece] {
        var result: [Piece] = []
        var index = firstPiece(endingAfter: range.lowerBound)
        while index < pieces.count, pieces[index].streamRange.lowerBound < range.upperBound {
            let piece = pieces[index]
            let clipped = piece.streamRange.clamped(to: range)
            let payloadStart = piece.payloadRange.lowerBound + Int(clipped.lowerBound - piece.streamRange.lowerBound)
            result.append(Piece(packet: piece.packet, payloadRange: payloadStart..<(payloadStart + clipped.count),
                                streamRange: clipped))
            index += 1
        }
        return result
    }

    /// The packet numbers that carried `range`, in stream order, each once.
    public func packets(covering range: Range<UInt64>) -> [UInt64] {
        var packets: [UInt64] = []
        for piece in pieces(covering: range) where packets.last != piece.packet { packets.append(piece.packet) }
        return packets
    }

    /// Forgets the bytes before `offset` (already consumed by the decoders).
    public mutating func discard(before offset: UInt64) {
        head = firstPiece(endingAfter: offset)
        if head < pieces.count, pieces[head].streamRange.lowerBound < offset {
            let cut = Int(offset - pieces[head].streamRange.lowerBound)
            pieces[head].streamRange = offset..<pieces[head].streamRange.upperBound
            pieces[head].payloadRange = (pieces[head].payloadRange.lowerBound + cut)..<pieces[head].payloadRange.upperBound
        }
        if head == pieces.count {
            pieces.removeAll(keepingCapacity: pieces.count < 1024)
            head = 0
        } else if head >= 64, head * 2 >= pieces.count {
            pieces.removeFirst(head)
            head = 0
        }
    }

    /// How many runs are held (for tests and memory checks).
    public var runCount: Int { pieces.count - head }

    /// First index from `head` on whose piece ends after `offset`.
    private func firstPiece(endingAfter offset: UInt64) -> Int {
        var low = head, high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if pieces[middle].streamRange.upperBound > offset { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
