/// Captured bytes per layer. Every captured byte is counted exactly once: link header + IP headers +
/// TCP headers + TCP payload + the bytes of packets that are not TCP (or could not be decoded).
public struct LayerBytes: Sendable, Hashable {
    public var packets: UInt64 = 0
    /// Packets carrying TCP payload.
    public var payloadPackets: UInt64 = 0
    public var capturedBytes: UInt64 = 0
    public var linkHeaderBytes: UInt64 = 0
    public var ipHeaderBytes: UInt64 = 0
    public var tcpHeaderBytes: UInt64 = 0
    /// TCP payload bytes present in the capture, retransmissions included.
    public var tcpPayloadBytes: UInt64 = 0

    public init() {}

    public static func + (lhs: LayerBytes, rhs: LayerBytes) -> LayerBytes {
        var sum = lhs
        sum.packets += rhs.packets
        sum.payloadPackets += rhs.payloadPackets
        sum.capturedBytes += rhs.capturedBytes
        sum.linkHeaderBytes += rhs.linkHeaderBytes
        sum.ipHeaderBytes += rhs.ipHeaderBytes
        sum.tcpHeaderBytes += rhs.tcpHeaderBytes
        sum.tcpPayloadBytes += rhs.tcpPayloadBytes
        return sum
    }
}

/// Packets that carried no TCP segment, by kind ("ARP", "UDP", "malformed", "IP fragment"...).
public struct OtherPackets: Sendable, Hashable {
    public var packets: [String: UInt64] = [:]
    public var bytes: [String: UInt64] = [:]

    mutating func count(_ kind: String, capturedBytes: Int) {
        packets[kind, default: 0] += 1
        bytes[kind, default: 0] += UInt64(capturedBytes)
    }

    public var totalPackets: UInt64 { packets.values.reduce(0, +) }
    public var totalBytes: UInt64 { bytes.values.reduce(0, +) }
}
