/// Writes a pcap file with nanosecond timestamps through libpcap (`pcap_open_dead` + `pcap_dump`).
/// The tests, the crafted captures and the benchmark generator all write captures with it.
public final class CaptureWriter {
    private let pcap: PcapWriteHandle
    public let path: String
    public let linkType: LinkType

    public init(path: String, linkType: LinkType, snapshotLength: Int = 262_144) throws(CaptureError) {
        self.path = path
        self.linkType = linkType
        pcap = try PcapWriteHandle(path: path, linkType: linkType.rawValue, snapshotLength: Int32(snapshotLength))
    }

    /// Appends one packet.
    /// - Parameters:
    ///   - bytes: the bytes to store (may be fewer than the packet had, to model snaplen truncation).
    ///   - originalLength: the packet's length on the wire; defaults to `bytes.count`.
    public func write(_ bytes: [UInt8], timestamp: CaptureTimestamp, originalLength: Int? = nil) {
        bytes.withUnsafeBytes {
            pcap.write($0, seconds: timestamp.seconds, nanoseconds: timestamp.nanoseconds,
                       originalLength: originalLength ?? bytes.count)
        }
    }

    /// Flushes and closes the file (also done when the writer is released).
    public func close() { pcap.close() }
}
