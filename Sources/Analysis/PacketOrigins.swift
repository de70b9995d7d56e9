import PacketCapture

/// Where a packet of a merged capture came from: its file (index into `AnalysisReport.files`) and
/// its number in that file, so it can be found there with Wireshark (the JSON `file`, `filePacket`).
public struct PacketOrigin: Sendable, Hashable {
    public let fileIndex: Int
    public let filePacket: UInt64

    public init(fileIndex: Int, filePacket: UInt64) {
        self.fileIndex = fileIndex
        self.filePacket = filePacket
    }
}

/// The file and file-local number of every packet of a merged capture, kept as runs: packets that
/// follow each other in one file share an entry, so a capture split into files (ring buffers,
/// `editcap -c`) costs one entry per file, not per packet. Only merged captures keep one.
public struct PacketOrigins: Sendable {
    /// A run: packets `firstPacket`, `firstPacket + 1`, ... are packets `firstFilePacket`, ... of file `fileIndex`.
    private struct Run: Sendable {
        var firstPacket: UInt64
        var fileIndex: Int
        var firstFilePacket: UInt64
        var count: UInt64
    }

    private var runs: [Run] = []

    public init() {}

    /// Notes the next packet read (packet numbers rise).
    mutating func note(_ packet: CapturedPacket) {
        if var last = runs.last, last.fileIndex == packet.fileIndex,
           last.firstPacket + last.count == packet.number, last.firstFilePacket + last.count == packet.filePacketNumber {
            last.count += 1
            runs[runs.count - 1] = last
            return
        }
        runs.append(Run(firstPacket: packet.number, fileIndex: packet.fileIndex, firstFilePacket: packet.filePacketNumber, count: 1))
    }

    /// Where packet `number` came from; nil for a number not read.
    public func origin(of number: UInt64) -> PacketOrigin? {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].firstPacket <= number { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let run = runs[low - 1]
        guard number < run.firstPacket + run.count else { return nil }
        return PacketOrigin(fileIndex: run.fileIndex, filePacket: run.firstFilePacket + (number - run.firstPacket))
    }

    /// Runs kept (for tests: one per stretch of packets from one file).
    public var runCount: Int { runs.count }
}
