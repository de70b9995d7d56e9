/// A capture timestamp with nanosecond resolution (pcap files are read with nanosecond precision,
/// microsecond files are scaled up by libpcap).
public struct CaptureTimestamp: Sendable, Hashable, Comparable {
    public var seconds: Int64
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Seconds since the epoch as a Double (the JSON `time` field).
    public var epochSeconds: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    public static func < (lhs: CaptureTimestamp, rhs: CaptureTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// `lhs - rhs` in seconds.
    public static func - (lhs: CaptureTimestamp, rhs: CaptureTimestamp) -> Double {
        Double(lhs.seconds - rhs.seconds) + (Double(lhs.nanoseconds) - Double(rhs.nanoseconds)) / 1e9
    }
}

/// One packet as libpcap delivered it.
///
/// `bytes` is borrowed: it points into libpcap's buffer and is valid only until the reader is asked
/// for the next packet. Whoever needs the bytes longer copies them (the TCP reassembler does, for
/// out-of-order segments only).
public struct CapturedPacket {
    /// 1-based, as Wireshark numbers packets.
    public var number: UInt64
    public var timestamp: CaptureTimestamp
    public var linkType: LinkType
    /// Bytes present in the capture (after snaplen truncation).
    public var capturedLength: Int
    /// Bytes the packet had on the wire.
    public var originalLength: Int
    public var bytes: UnsafeRawBufferPointer
    /// Which input file the packet came from, 0-based in the order the files were given (0 for a
    /// single file, a stream or an interface): the JSON `file`.
    public var fileIndex: Int
    /// The packet's number in its own file, 1-based (equal to `number` unless files are merged):
    /// the JSON `filePacket`, so the packet can be found in that file with Wireshark.
    public var filePacketNumber: UInt64
    /// False for a packet the capture filter hides, handed up only so that it keeps its
    /// connection's number (see `CaptureReader.handsUpFilteredPackets`).
    public var matchesFilter = true

    public init(number: UInt64, timestamp: CaptureTimestamp, linkType: LinkType,
                capturedLength: Int, originalLength: Int, bytes: UnsafeRawBufferPointer,
                fileIndex: Int = 0, filePacketNumber: UInt64? = nil) {
        self.number = number
        self.timestamp = timestamp
        self.linkType = linkType
        self.capturedLength = capturedLength
        self.originalLength = originalLength
        self.bytes = bytes
        self.fileIndex = fileIndex
        self.filePacketNumber = filePacketNumber ?? number
    }
}
