import TCPReassembly
public import TLS
import WireBytes

/// One TLS record's part in a frame: which bytes of the frame it carried, and the record itself
/// (header, protection, nonce, tag) with the packets that carried it.
public struct TLSRecordSpan: Sendable, Hashable {
    public let record: TLSRecordInfo
    /// The bytes of the frame this record carried, counted from the frame's first byte.
    public let frameBytes: Range<UInt64>
    /// Where those bytes sit in the record's decrypted application data.
    public let plaintextBytes: Range<UInt64>
    /// The packets that carried the whole record, header to tag.
    public let packets: [UInt64]
}

/// While frames are printed (`explain`, `frames`, the report): which record carried each
/// plaintext byte, and what each application data record was, so a frame can name its records.
///
/// Kept only for the bytes the decoders above may still ask about: `discard(before:)` follows the
/// frame recorder's provenance, so memory stays bounded by the frame or message in progress.
final class TLSRecordTracker {
    private struct Tracked {
        var info: TLSRecordInfo
        var packets: [UInt64]
    }

    private var index = PerPeer(repeating: TLSPlaintextIndex())
    /// Application data records in index order.
    private var records = PerPeer(repeating: [Tracked]())

    /// A decrypted application data record, with the packets that carried it.
    func note(_ info: TLSRecordInfo, packets: [UInt64]) {
        guard case .decrypted(let type, _, _, _, _) = info.protection, type == .applicationData else { return }
        // Indices only grow; records between tracked ones carried no application data.
        records[info.from].append(Tracked(info: info, packets: packets))
    }

    func note(_ chunk: TLSPlaintextChunk) {
        index[chunk.from].record(chunk)
    }

    /// The records that carried the plaintext `range` of `peer`'s stream (a frame's bytes).
    func spans(covering range: Range<UInt64>, from peer: Peer) -> [TLSRecordSpan] {
        index[peer].pieces(covering: range).compactMap { piece in
            guard let tracked = record(piece.recordIndex, from: peer) else { return nil }
            let bodyStart = tracked.info.headerOffset + UInt64(TLSRecordHeader.length) + UInt64(tracked.info.explicitNonce.count)
            let start = piece.ciphertextOffset - bodyStart
            return TLSRecordSpan(record: tracked.info,
                                 frameBytes: (piece.plaintextRange.lowerBound - range.lowerBound)..<(piece.plaintextRange.upperBound - range.lowerBound),
                                 plaintextBytes: start..<(start + UInt64(piece.plaintextRange.count)),
                                 packets: tracked.packets)
        }
    }

    /// Forgets what lies before `offset` in `peer`'s plaintext stream.
    func discard(before offset: UInt64, from peer: Peer) {
        index[peer].discard(before: offset)
        guard let oldest = index[peer].oldestRecordIndex else {
            records[peer].removeAll(keepingCapacity: true)
            return
        }
        let drop = records[peer].prefix { $0.info.index < oldest }.count
        if drop > 0 { records[peer].removeFirst(drop) }
    }

    private func record(_ recordIndex: Int, from peer: Peer) -> Tracked? {
        // Binary search: tracked records are in index order, with holes.
        var low = 0, high = records[peer].count
        while low < high {
            let middle = (low + high) / 2
            if records[peer][middle].info.index < recordIndex { low = middle + 1 } else { high = middle }
        }
        return low < records[peer].count && records[peer][low].info.index == recordIndex ? records[peer][low] : nil
    }
}
