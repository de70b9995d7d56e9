/// Reads packets from a pcap or pcapng file through libpcap, with nanosecond timestamps.
///
/// Packets are numbered from 1 over the whole file, as Wireshark numbers them, also when a BPF
/// filter hides some of them. The bytes of each packet are borrowed (see `CapturedPacket`).
/// A live interface can become a second source later: only this type would change.
public final class CaptureReader {
    private let pcap: PcapReadHandle
    private var lastNumber: UInt64 = 0
    /// The file's link-layer type.
    public let linkType: LinkType
    /// The path (or name) the errors mention.
    public var path: String { pcap.path }
    /// Packets read so far, including those the filter skipped.
    public var packetsRead: UInt64 { lastNumber }
    /// Hand up the packets the filter hides too, flagged (`matchesFilter` false), instead of
    /// skipping them: connections are then numbered over every packet of the file, as without
    /// the filter (and as Wireshark's `tcp.stream`).
    public var handsUpFilteredPackets = false

    /// Opens a capture file.
    /// - Parameters:
    ///   - path: a pcap or pcapng file.
    ///   - filter: a BPF expression (`tcp port 8080`); packets that do not match are skipped but counted.
    public init(path: String, filter: String? = nil) throws(CaptureError) {
        pcap = try PcapReadHandle(path: path)
        linkType = LinkType(rawValue: pcap.linkType)
        if let filter { try pcap.setFilter(filter) }
    }

    /// Reads a capture held in memory (tests, fuzzing).
    public init(bytes: [UInt8], name: String = "<memory>", filter: String? = nil) throws(CaptureError) {
        pcap = try PcapReadHandle(bytes: bytes, name: name)
        linkType = LinkType(rawValue: pcap.linkType)
        if let filter { try pcap.setFilter(filter) }
    }

    /// libpcap's description of a link type, e.g. "IEEE 802.11" for 105.
    public static func describe(_ linkType: LinkType) -> String {
        PcapReadHandle.linkTypeName(linkType.rawValue) ?? "unknown"
    }

    /// The next packet, or nil at the end of the file.
    /// - Throws: `CaptureError` with kind `.truncated` when the file ends inside a packet,
    ///   `.readFailed` for other read errors (e.g. a pcapng whose interfaces differ in link type).
    public func next() throws(CaptureError) -> CapturedPacket? {
        while true {
            switch pcap.next() {
            case .end:
                return nil
            case .failed(let reason):
                let kind: CaptureError.Kind = reason.contains("truncated") ? .truncated : .readFailed
                var explained = reason
                if reason.contains("link-layer type") || reason.contains("different from the type of the first interface") {
                    explained += " (libpcap reads pcapng files only when all their interfaces share one link type; split the file with editcap or tshark)"
                }
                throw CaptureError(kind: kind, path: pcap.path, reason: explained, afterPacket: lastNumber)
            case .packet(let raw):
                lastNumber += 1
                guard raw.matchesFilter || handsUpFilteredPackets else { continue }
                var packet = CapturedPacket(
                    number: lastNumber,
                    timestamp: CaptureTimestamp(seconds: raw.seconds, nanoseconds: raw.nanoseconds),
                    linkType: linkType,
                    capturedLength: raw.capturedLength,
                    originalLength: raw.originalLength,
                    bytes: UnsafeRawBufferPointer(start: UnsafeRawPointer(raw.data), count: raw.capturedLength))
                packet.matchesFilter = raw.matchesFilter
                return packet
            }
        }
    }
}
