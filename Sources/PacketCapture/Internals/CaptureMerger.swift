/// Several capture files read as one, merged by timestamp as mergecap merges them.
///
/// Each file keeps its own order; of the files' next packets the earliest goes first, and on equal
/// timestamps the one of the file given first: a stable merge, so a capture split with `editcap -c`
/// merges back into its original order even where packets share a timestamp. (mergecap 4.0 takes
/// the later file's packet first on a tie; otherwise the orders agree.) A file is open only while its packets are being merged: it is
/// opened once at the start for its header and first timestamp, then again when its first packet
/// is due, and closed at its end. A tcpdump ring buffer of a thousand files holds one or two open.
///
/// A file that turns out to be cut off or unreadable in the middle is closed where it broke; the
/// others are merged to their end, and then its error is thrown (naming that file). A heap keeps
/// the choice of the next file at O(log files) per packet.
final class CaptureMerger {
    struct Member {
        let path: String
        let linkType: Int32
        var state: State
        /// The number of `head` in its own file.
        var headNumber: UInt64 = 0
    }

    enum State {
        /// Not open; its first packet has this timestamp.
        case waiting(seconds: Int64, nanoseconds: UInt32)
        /// Open, with its next packet read and not yet delivered.
        case open(PcapReadHandle, head: PcapReadHandle.RawPacket)
        case done
    }

    struct Delivery {
        var packet: PcapReadHandle.RawPacket
        var member: Int
        var filePacketNumber: UInt64
        var linkType: Int32
    }

    private(set) var members: [Member]
    private let filter: String?
    /// The member whose head was delivered last: advanced on the next call (its bytes stay valid
    /// until then).
    private var delivered: Int?
    /// Errors of files that broke in the middle, thrown after the rest is merged.
    private(set) var errors: [CaptureError] = []
    private var errorsThrown = false
    /// Every member with a packet to give (waiting or open), by that packet's time.
    private var queue = MergeQueue()
    /// The largest snapshot length of the files (for a copy written with `-w`).
    let snapshotLength: Int32

    init(paths: [String], filter: String?, allowingMixedLinkTypes: Bool) throws(CaptureError) {
        self.filter = filter
        var members: [Member] = []
        var snapshot: Int32 = 0
        for path in paths {
            if path == "-" {
                throw CaptureError(kind: .incompatibleFiles, path: path,
                                   reason: "standard input can only be read on its own, not merged with files")
            }
            let handle = try Self.open(path, filter: filter)
            snapshot = max(snapshot, handle.snapshotLength)
            if let first = members.first, first.linkType != handle.linkType, !allowingMixedLinkTypes {
                throw CaptureError(kind: .incompatibleFiles, path: path, reason: """
                    its link type is \(Self.name(handle.linkType)), but \(first.path) has \(Self.name(first.linkType)); \
                    merged files must share one link type (read them one by one instead)
                    """)
            }
            let state: State
            switch handle.next() {
            case .packet(let raw): state = .waiting(seconds: raw.seconds, nanoseconds: raw.nanoseconds)
            case .end: state = .done
            case .failed(let reason): throw Self.readError(path: path, reason: reason, input: handle.input, after: 0)
            case .timeout: throw Self.readError(path: path, reason: "read timed out", input: handle.input, after: 0)
            }
            members.append(Member(path: path, linkType: handle.linkType, state: state))
        }
        self.members = members
        snapshotLength = snapshot
        for (index, member) in members.enumerated() {
            if case .waiting(let seconds, let nanoseconds) = member.state {
                queue.insert(MergeQueue.Entry(seconds: seconds, nanoseconds: nanoseconds, member: index))
            }
        }
    }

    private static func open(_ path: String, filter: String?) throws(CaptureError) -> PcapReadHandle {
        let handle = try PcapReadHandle(input: CaptureInput.open(path: path), name: path)
        if let filter { try handle.setFilter(filter) }
        return handle
    }

    private static func name(_ linkType: Int32) -> String {
        "\(LinkType(rawValue: linkType).name) (\(linkType))"
    }

    static func readError(path: String, reason: String, input: CaptureInput?, after: UInt64) -> CaptureError {
        if let problem = input?.problem {
            let kind: CaptureError.Kind = problem.kind == .truncated ? .truncated : .readFailed
            return CaptureError(kind: kind, path: path, reason: problem.message, afterPacket: after)
        }
        let kind: CaptureError.Kind = reason.contains("truncated") ? .truncated : .readFailed
        var explained = reason
        if reason.contains("link-layer type") || reason.contains("different from the type of the first interface") {
            explained += " (libpcap reads pcapng files only when all their interfaces share one link type; split the file with editcap or tshark)"
        }
        return CaptureError(kind: kind, path: path, reason: explained, afterPacket: after)
    }

    /// The next packet in merged order, nil at the end of all files.
    /// - Throws: the first error of a file that broke in the middle, once all others are merged.
    func next() throws(CaptureError) -> Delivery? {
        if let delivered {
            advance(delivered)
            self.delivered = nil
        }
        while let best = queue.popMin() {
            switch members[best].state {
            case .waiting:
                openWaiting(best)   // its first packet becomes the head (queued again) or it failed
            case .open(_, let head):
                delivered = best
                return Delivery(packet: head, member: best, filePacketNumber: members[best].headNumber,
                                linkType: members[best].linkType)
            case .done:
                continue
            }
        }
        if !errorsThrown, let first = errors.first {
            errorsThrown = true
            throw first
        }
        return nil
    }

    private func openWaiting(_ index: Int) {
        let path = members[index].path
        do {
            let handle = try Self.open(path, filter: filter)
            members[index].headNumber = 0
            read(index, from: handle)
        } catch {
            errors.append(error)
            members[index].state = .done
        }
    }

    private func advance(_ index: Int) {
        guard case .open(let handle, _) = members[index].state else { return }
        read(index, from: handle)
    }

    /// Reads the member's next packet into its head, or closes it at its end or error.
    private func read(_ index: Int, from handle: PcapReadHandle) {
        switch handle.next() {
        case .packet(let raw):
            members[index].headNumber += 1
            members[index].state = .open(handle, head: raw)
            queue.insert(MergeQueue.Entry(seconds: raw.seconds, nanoseconds: raw.nanoseconds, member: index))
        case .end:
            members[index].state = .done
        case .failed(let reason):
            errors.append(Self.readError(path: members[index].path, reason: reason, input: handle.input,
                                         after: members[index].headNumber))
            members[index].state = .done
        case .timeout:
            errors.append(Self.readError(path: members[index].path, reason: "read timed out", input: handle.input,
                                         after: members[index].headNumber))
            members[index].state = .done
        }
    }
}

/// A binary min-heap of the members' next packets, by (time, member): the earliest first, and on
/// equal times the file given first.
struct MergeQueue {
    struct Entry {
        var seconds: Int64
        var nanoseconds: UInt32
        var member: Int

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.seconds, lhs.nanoseconds, lhs.member) < (rhs.seconds, rhs.nanoseconds, rhs.member)
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func insert(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Int? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left] < heap[smallest] { smallest = left }
                if right < heap.count, heap[right] < heap[smallest] { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top.member
    }
}
