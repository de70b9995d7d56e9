/// What a live capture counted (`pcap_stats`), for stderr at the end, as tcpdump prints it.
///
/// libpcap keeps these as 32-bit counters on most systems, so they wrap after 2^32 packets.
public struct CaptureStatistics: Sendable, Equatable {
    /// Packets `next()` returned.
    public var delivered: UInt64
    /// Packets the capture received (`ps_recv`; on Linux those that passed the filter).
    public var received: UInt64
    /// Packets lost because the capture buffer was full: the reader did not keep up (`ps_drop`).
    public var droppedByKernel: UInt64
    /// Packets the interface or its driver dropped (`ps_ifdrop`).
    public var droppedByInterface: UInt64

    public init(delivered: UInt64, received: UInt64, droppedByKernel: UInt64, droppedByInterface: UInt64) {
        self.delivered = delivered
        self.received = received
        self.droppedByKernel = droppedByKernel
        self.droppedByInterface = droppedByInterface
    }
}
