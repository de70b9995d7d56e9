import PacketCapture

/// A copy of out-of-order payload bytes, at a fixed address so `.data` events can borrow it.
final class SegmentCopy {
    let bytes: UnsafeMutableRawBufferPointer

    init(copying source: UnsafeRawBufferPointer) {
        bytes = .allocate(byteCount: source.count, alignment: 1)
        bytes.copyMemory(from: source)
    }

    deinit { bytes.deallocate() }
}

/// Stream bytes waiting for a hole before them to fill.
struct BufferedPiece {
    var start: Int64
    var length: Int64
    /// The bytes; nil when the capture lacks them (snaplen), to be reported as a gap in turn.
    var copy: SegmentCopy?
    var packet: UInt64
    /// Where the piece starts in that packet's TCP payload.
    var payloadOffset: Int
    var timestamp: CaptureTimestamp

    var end: Int64 { start + length }
    var range: Range<Int64> { start..<end }
}

/// One direction's out-of-order pieces, sorted by stream offset and never overlapping (the first
/// copy of a byte wins, so later copies only fill what is still uncovered).
///
/// Pieces leave from the front as holes fill; a head index avoids shifting the array each time.
/// Inserting in the middle shifts, which is cheap for the usual reordering (new pieces land near
/// the end); the reassembler caps the number of pieces so that a hostile order stays bounded too.
struct OutOfOrderBuffer {
    private var pieces: [BufferedPiece] = []
    private var head = 0
    /// Payload bytes held.
    private(set) var byteCount = 0

    var isEmpty: Bool { head == pieces.count }
    var pieceCount: Int { pieces.count - head }
    var first: BufferedPiece? { isEmpty ? nil : pieces[head] }
    var hasAllocatedStorage: Bool { pieces.capacity > 0 }

    /// The pieces that overlap `range`, in order.
    func pieces(overlapping range: Range<Int64>) -> ArraySlice<BufferedPiece> {
        var index = firstIndex { $0.end > range.lowerBound }
        let startIndex = index
        while index < pieces.count, pieces[index].start < range.upperBound { index += 1 }
        return pieces[startIndex..<index]
    }

    /// Adds a piece that overlaps no buffered piece.
    mutating func insert(_ piece: BufferedPiece) {
        let index = firstIndex { $0.start > piece.start }
        pieces.insert(piece, at: index)
        byteCount += piece.copy == nil ? 0 : Int(piece.length)
    }

    mutating func removeFirst() -> BufferedPiece {
        let piece = pieces[head]
        pieces[head].copy = nil
        head += 1
        byteCount -= piece.copy == nil ? 0 : Int(piece.length)
        if head == pieces.count {
            removeAll()
        } else if head >= 64, head * 2 >= pieces.count {
            pieces.removeFirst(head)
            head = 0
        }
        return piece
    }

    /// Drops everything and gives the memory back.
    mutating func removeAll() {
        pieces = []
        head = 0
        byteCount = 0
    }

    /// Binary search: the first index from `head` on whose piece satisfies `isAfter` (which must
    /// be false for a prefix of the pieces and true for the rest).
    private func firstIndex(where isAfter: (BufferedPiece) -> Bool) -> Int {
        var low = head, high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(pieces[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
