import WireBytes

/// The first bytes of each direction of a stream that is not HTTP, kept until the WebSocket
/// framing heuristic can decide (bounded: a few KiB per direction). A class: it is the payload of
/// the connection's `.probing` stage and changes in place.
final class FramingProbe {
    static let capacity = 4_096
    /// Stream offset of each direction's first kept byte.
    var start = PerPeer<UInt64>(repeating: 0)
    var buffers = PerPeer<[UInt8]>(repeating: [])
    /// Bytes lost in a gap while probing make the buffered prefix useless for framing.
    var isBroken = false

    func append(_ bytes: UnsafeRawBufferPointer, from peer: Peer) {
        let room = Self.capacity - buffers[peer].count
        if room > 0 { buffers[peer].append(contentsOf: bytes.prefix(room)) }
    }

    func skip(_ length: UInt64, from peer: Peer) {
        if buffers[peer].isEmpty { start[peer] += length } else { isBroken = true }
    }

    var isFull: Bool { isBroken || (buffers.client.count >= Self.capacity && buffers.server.count >= Self.capacity) }
    /// Enough bytes that the verdict will not change: a few frames each way, or one direction full.
    var hasEnoughEvidence: Bool {
        buffers.client.count >= Self.capacity || buffers.server.count >= Self.capacity
            || (buffers.client.count >= 64 && buffers.server.count >= 64)
    }
}
