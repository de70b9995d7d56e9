import PacketCapture
import WireBytes

/// The bytes of a connection that is not HTTP, kept in capture order until the WebSocket framing
/// heuristic can decide, so that they can then be decoded as they came: chunk by chunk, both
/// directions interleaved, each chunk with its own packet time, gaps at their places. A class: it
/// is the payload of the connection's `.probing` stage and changes in place.
///
/// The heuristic examines the first `capacity` bytes of each direction (before its first gap).
/// More is kept, up to `keepLimit` per direction, because the decision can need the other
/// direction's first frame while this one sends a long one; bytes beyond it are logged as not
/// kept and replayed as a gap with a finding, never dropped silently.
final class FramingProbe {
    /// Bytes per direction the heuristic examines.
    static let capacity = 4_096
    /// Bytes per direction kept while deciding.
    static let keepLimit = 256 * 1024
    /// Log entries kept while deciding (one per chunk; a flood of one-byte segments must not grow it without bound).
    static let entryLimit = 16_384

    /// Stream offset of each direction's first kept byte.
    var start = PerPeer<UInt64>(repeating: 0)
    /// Each direction's kept bytes from `start` on (gaps and unkept bytes are in `entries`, not here).
    /// Bytes set here directly (the HTTP parser's hand-off) came before every logged entry.
    var buffers = PerPeer<[UInt8]>(repeating: [])
    /// What arrived since the probe began, in capture order.
    private(set) var entries: [Entry] = []
    /// Bytes of `buffers` that entries account for, per direction.
    private var loggedBytes = PerPeer(repeating: 0)
    /// Bytes of each direction before its first gap (nil while it had none): the heuristic's evidence stops there.
    private var contiguous = PerPeer<Int?>(repeating: nil)

    /// One step of what arrived.
    enum Entry {
        /// The next `count` bytes of `from`'s buffer, from one chunk; `time` is that chunk's packet
        /// time (nil until the pipeline stamps it, right after the chunk was fed).
        case bytes(from: Peer, count: Int, time: CaptureTimestamp?)
        /// Bytes of `from`'s stream the capture lacks.
        case gap(from: Peer, length: UInt64)
        /// Bytes that came but were not kept (beyond `keepLimit` or `entryLimit`).
        case notKept(from: Peer, length: UInt64, time: CaptureTimestamp?)

        var from: Peer {
            switch self {
            case .bytes(let from, _, _), .gap(let from, _), .notKept(let from, _, _): from
            }
        }

        func swappingPeers() -> Entry {
            switch self {
            case .bytes(let from, let count, let time): .bytes(from: from.opposite, count: count, time: time)
            case .gap(let from, let length): .gap(from: from.opposite, length: length)
            case .notKept(let from, let length, let time): .notKept(from: from.opposite, length: length, time: time)
            }
        }
    }

    /// Takes the next bytes of `peer`'s stream (one chunk, or the rest of one).
    func append(_ bytes: UnsafeRawBufferPointer, from peer: Peer) {
        guard !bytes.isEmpty else { return }
        // The examined bytes are always kept (the verdict needs them); the rest while there is room.
        let limit = entries.count < Self.entryLimit ? Self.keepLimit : Self.capacity
        let kept = min(max(0, limit - buffers[peer].count), bytes.count)
        if kept > 0 {
            buffers[peer].append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[bytes.startIndex..<(bytes.startIndex + kept)]))
            loggedBytes[peer] += kept
            entries.append(.bytes(from: peer, count: kept, time: nil))
        }
        if kept < bytes.count {
            if case .notKept(let from, let length, let time)? = entries.last, from == peer {
                entries[entries.count - 1] = .notKept(from: peer, length: length + UInt64(bytes.count - kept), time: time)
            } else {
                entries.append(.notKept(from: peer, length: UInt64(bytes.count - kept), time: nil))
            }
        }
    }

    /// `length` bytes of `peer`'s stream are missing from the capture.
    func skip(_ length: UInt64, from peer: Peer) {
        guard length > 0 else { return }
        if buffers[peer].isEmpty, !entries.contains(where: { $0.from == peer }) {
            start[peer] += length   // nothing of this direction yet: its bytes simply start later
            return
        }
        if contiguous[peer] == nil { contiguous[peer] = buffers[peer].count }
        entries.append(.gap(from: peer, length: length))
    }

    /// Gives the entries of the chunk just fed (those not stamped yet) their packet time.
    func stamp(_ time: CaptureTimestamp) {
        var index = entries.count - 1
        while index >= 0 {
            switch entries[index] {
            case .bytes(let from, let count, nil): entries[index] = .bytes(from: from, count: count, time: time)
            case .notKept(let from, let length, nil): entries[index] = .notKept(from: from, length: length, time: time)
            case .gap: break
            default: return
            }
            index -= 1
        }
    }

    /// The bytes the heuristic judges for one direction: its first `capacity` bytes before any gap.
    func evidence(_ peer: Peer) -> [UInt8] {
        Array(buffers[peer].prefix(min(Self.capacity, contiguous[peer] ?? Int.max)))
    }

    /// Bytes at the start of `peer`'s buffer that no entry accounts for (handed over by the HTTP
    /// parser, which took them in before it could tell they were not HTTP).
    func initialByteCount(of peer: Peer) -> Int { buffers[peer].count - loggedBytes[peer] }

    /// A direction's evidence cannot grow any more: it is full, or a gap ended it.
    private func isEvidenceComplete(_ peer: Peer) -> Bool {
        contiguous[peer] != nil || buffers[peer].count >= Self.capacity
    }

    /// Neither direction's evidence can change the verdict any more.
    var isFull: Bool { isEvidenceComplete(.client) && isEvidenceComplete(.server) }

    /// Enough bytes that the verdict will not change: a few frames each way, or one direction full.
    var hasEnoughEvidence: Bool {
        let client = evidence(.client).count, server = evidence(.server).count
        return client >= Self.capacity || server >= Self.capacity || (client >= 64 && server >= 64)
    }

    /// The client becomes the server (the heuristic found the guessed roles reversed).
    func swapPeers() {
        start.swapPeers()
        buffers.swapPeers()
        loggedBytes.swapPeers()
        contiguous.swapPeers()
        entries = entries.map { $0.swappingPeers() }
    }
}
