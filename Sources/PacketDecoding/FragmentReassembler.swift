/// Reassembles IPv4 and IPv6 fragments into whole datagram payloads.
///
/// Bounded: at most `maxPendingDatagrams` incomplete datagrams of at most 65,535 payload bytes
/// each; a datagram whose fragments have not all arrived within `timeoutPackets` packets is
/// dropped (and counted). Fragments are rare on real WebSocket traffic, so this favours clarity.
struct FragmentReassembler {
    struct Key: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var identification: UInt32
        var protocolNumber: UInt8
    }

    private struct Pending {
        var pieces: [(offset: Int, bytes: [UInt8])] = []
        var totalLength: Int?
        var firstPacket: UInt64
    }

    let maxPendingDatagrams: Int
    let timeoutPackets: UInt64
    private var pending: [Key: Pending] = [:]
    private(set) var droppedDatagrams = 0
    /// The last completed datagram's payload; the TCP segment borrows it until the next packet,
    /// so it lives at a fixed address (a Swift array could move).
    private let completed = DatagramBuffer()

    init(maxPendingDatagrams: Int = 256, timeoutPackets: UInt64 = 10_000) {
        self.maxPendingDatagrams = maxPendingDatagrams
        self.timeoutPackets = timeoutPackets
    }

    /// Adds one fragment. Returns true when the datagram is complete; its payload is then
    /// available through `withCompletedPayload`.
    mutating func add(key: Key, offset: Int, moreFragments: Bool, bytes: UnsafeRawBufferPointer, packet: UInt64) -> Bool {
        expire(before: packet)
        if pending[key] == nil {
            guard pending.count < maxPendingDatagrams else {
                droppedDatagrams += 1
                return false
            }
            pending[key] = Pending(firstPacket: packet)
        }
        let end = offset + bytes.count
        guard end <= 65_535 else {
            pending[key] = nil
            droppedDatagrams += 1
            return false
        }
        pending[key]!.pieces.append((offset, Array(bytes)))
        if !moreFragments { pending[key]!.totalLength = end }
        guard let total = pending[key]!.totalLength else { return false }

        // Complete when the pieces cover 0..<total without a hole; the first copy of a byte wins.
        let pieces = pending[key]!.pieces.sorted { $0.offset < $1.offset }
        var covered = 0
        for piece in pieces where piece.offset <= covered {
            covered = max(covered, piece.offset + piece.bytes.count)
        }
        guard covered >= total else { return false }
        let payload = completed.reset(count: total)
        var written = [Bool](repeating: false, count: total)
        for piece in pending[key]!.pieces {
            for (index, byte) in piece.bytes.enumerated() where piece.offset + index < total && !written[piece.offset + index] {
                payload[piece.offset + index] = byte
                written[piece.offset + index] = true
            }
        }
        pending[key] = nil
        return true
    }

    /// The last completed datagram's payload, valid until the next completed datagram.
    var completedPayload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(completed.bytes) }

    private mutating func expire(before packet: UInt64) {
        guard !pending.isEmpty else { return }
        let stale = pending.filter { packet - $0.value.firstPacket > timeoutPackets }.map(\.key)
        for key in stale {
            pending[key] = nil
            droppedDatagrams += 1
        }
    }
}

/// A byte buffer at a fixed address, reused for each completed datagram.
final class DatagramBuffer {
    private let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)
    private(set) var bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    func reset(count: Int) -> UnsafeMutableRawBufferPointer {
        bytes = UnsafeMutableRawBufferPointer(rebasing: storage[0..<min(count, storage.count)])
        return bytes
    }

    deinit { storage.deallocate() }
}
