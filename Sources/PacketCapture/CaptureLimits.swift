/// When a capture stops by itself (`--count`, `--duration`).
public struct CaptureLimits: Sendable, Equatable {
    /// Stop after this many packets have been delivered (those that passed the filter).
    public var packets: UInt64?
    /// Live captures only: stop after this many seconds of wall-clock time since the interface was
    /// opened, also when no packet arrives. Files ignore it: their time is in their timestamps.
    public var seconds: Double?

    public init(packets: UInt64? = nil, seconds: Double? = nil) {
        self.packets = packets
        self.seconds = seconds
    }
}
