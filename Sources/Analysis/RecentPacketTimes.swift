import PacketCapture

/// The times of the last few packets that carried a connection's bytes, by packet number: bytes
/// the HTTP parser held before handing them to the framing probe are replayed with the time of
/// the packet that brought them (the probe logs only what arrives after it began).
struct RecentPacketTimes {
    private static let size = 16
    private var entries: [(packet: UInt64, time: CaptureTimestamp)] = []
    private var next = 0

    mutating func note(packet: UInt64, time: CaptureTimestamp) {
        if let last = entries.isEmpty ? nil : entries[(next + entries.count - 1) % entries.count], last.packet == packet { return }
        if entries.count < Self.size {
            entries.append((packet, time))
        } else {
            entries[next] = (packet, time)
            next = (next + 1) % Self.size
        }
    }

    /// The time of `packet`, if it is one of the last few noted.
    func time(of packet: UInt64) -> CaptureTimestamp? {
        entries.first { $0.packet == packet }?.time
    }
}
