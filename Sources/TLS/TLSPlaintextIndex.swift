/// Where each byte of one direction's plaintext stream travelled encrypted: plaintext offset ->
/// (record, TCP stream offset of its ciphertext byte). Fed from `.applicationData` events; its
/// ciphertext offsets go on to TCPReassembly's ProvenanceIndex to name the packets.
///
/// One entry per record, found by binary search. Call `discard(before:)` as the decoders above
/// consume the plaintext, so memory stays bounded by what is not yet consumed.
public struct TLSPlaintextIndex: Sendable, Hashable {
    /// A run of plaintext bytes from one record.
    public struct Piece: Sendable, Hashable {
        public var plaintextRange: Range<UInt64>
        /// TCP stream offset of the ciphertext byte of `plaintextRange.lowerBound`.
        public var ciphertextOffset: UInt64
        public var recordIndex: Int
        /// The whole record (header to tag) in the TCP stream.
        public var recordRange: Range<UInt64>

        public init(plaintextRange: Range<UInt64>, ciphertextOffset: UInt64, recordIndex: Int, recordRange: Range<UInt64>) {
            self.plaintextRange = plaintextRange
            self.ciphertextOffset = ciphertextOffset
            self.recordIndex = recordIndex
            self.recordRange = recordRange
        }

        /// The TCP stream offsets of the ciphertext of `plaintextRange`.
        public var ciphertextRange: Range<UInt64> {
            ciphertextOffset..<(ciphertextOffset + UInt64(plaintextRange.count))
        }
    }

    private var pieces: [Piece] = []
    private var head = 0

    public init() {}

    /// Records a chunk of decrypted application data. Chunks come in plaintext order; one that
    /// does not continue past the last is ignored.
    public mutating func record(_ chunk: TLSPlaintextChunk) {
        guard !chunk.bytes.isEmpty else { return }
        if let last = pieces.last, chunk.plaintextOffset < last.plaintextRange.upperBound { return }
        pieces.append(Piece(plaintextRange: chunk.plaintextRange, ciphertextOffset: chunk.ciphertextOffset,
                            recordIndex: chunk.recordIndex, recordRange: chunk.recordRange))
    }

    /// The TCP stream offset of the ciphertext byte of one plaintext byte; nil if unknown.
    public func ciphertextOffset(of plaintextOffset: UInt64) -> UInt64? {
        let index = firstPiece(endingAfter: plaintextOffset)
        guard index < pieces.count, pieces[index].plaintextRange.contains(plaintextOffset) else { return nil }
        return pieces[index].ciphertextOffset + (plaintextOffset - pieces[index].plaintextRange.lowerBound)
    }

    /// The pieces that carried `range`, clipped to it, in order (gaps leave holes).
    public func pieces(covering range: Range<UInt64>) -> [Piece] {
        var result: [Piece] = []
        var index = firstPiece(endingAfter: range.lowerBound)
        while index < pieces.count, pieces[index].plaintextRange.lowerBound < range.upperBound {
            let piece = pieces[index]
            let clipped = piece.plaintextRange.clamped(to: range)
            result.append(Piece(plaintextRange: clipped,
                                ciphertextOffset: piece.ciphertextOffset + (clipped.lowerBound - piece.plaintextRange.lowerBound),
                                recordIndex: piece.recordIndex, recordRange: piece.recordRange))
            index += 1
        }
        return result
    }

    /// Forgets plaintext before `offset`.
    public mutating func discard(before offset: UInt64) {
        head = firstPiece(endingAfter: offset)
        if head == pieces.count {
            pieces.removeAll(keepingCapacity: pieces.count < 1024)
            head = 0
        } else if head >= 64, head * 2 >= pieces.count {
            pieces.removeFirst(head)
            head = 0
        }
    }

    /// The record of the oldest plaintext still held; nil when nothing is held.
    public var oldestRecordIndex: Int? { head < pieces.count ? pieces[head].recordIndex : nil }

    /// How many records are held (for tests and memory checks).
    public var recordCount: Int { pieces.count - head }

    private func firstPiece(endingAfter offset: UInt64) -> Int {
        var low = head, high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if pieces[middle].plaintextRange.upperBound > offset { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
