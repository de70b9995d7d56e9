public import PacketCapture
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
    /// Bytes after the IP packet in the link frame (Ethernet padding of short frames, a trailer).
    public var linkTrailerBytes: UInt64 = 0
    /// Packets without payload, SYN, FIN or RST: acknowledgments only.
    public var pureAckPackets: UInt64 = 0

    public init() {}

    public static func + (lhs: LayerBytes, rhs: LayerBytes) -> LayerBytes {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// What `lhs` has beyond `rhs` (the bytes of a later phase of a connection).
    public static func - (lhs: LayerBytes, rhs: LayerBytes) -> LayerBytes {
        var difference = LayerBytes()
        difference.packets = lhs.packets - rhs.packets
        difference.payloadPackets = lhs.payloadPackets - rhs.payloadPackets
        difference.capturedBytes = lhs.capturedBytes - rhs.capturedBytes
        difference.linkHeaderBytes = lhs.linkHeaderBytes - rhs.linkHeaderBytes
        difference.ipHeaderBytes = lhs.ipHeaderBytes - rhs.ipHeaderBytes
        difference.tcpHeaderBytes = lhs.tcpHeaderBytes - rhs.tcpHeaderBytes
        difference.tcpPayloadBytes = lhs.tcpPayloadBytes - rhs.tcpPayloadBytes
        difference.linkTrailerBytes = lhs.linkTrailerBytes - rhs.linkTrailerBytes
        difference.pureAckPackets = lhs.pureAckPackets - rhs.pureAckPackets
        return difference
    }

    /// Adds in place: counted twice per packet, into the totals and into its connection.
    @inline(__always)
    public static func += (lhs: inout LayerBytes, rhs: LayerBytes) {
        lhs.packets += rhs.packets
        lhs.payloadPackets += rhs.payloadPackets
        lhs.capturedBytes += rhs.capturedBytes
        lhs.linkHeaderBytes += rhs.linkHeaderBytes
        lhs.ipHeaderBytes += rhs.ipHeaderBytes
        lhs.tcpHeaderBytes += rhs.tcpHeaderBytes
        lhs.tcpPayloadBytes += rhs.tcpPayloadBytes
        lhs.linkTrailerBytes += rhs.linkTrailerBytes
        lhs.pureAckPackets += rhs.pureAckPackets
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

/// WebSocket bytes of one direction: the header split into its parts, and the payload.
public struct WebSocketBytes: Sendable, Hashable {
    public var frames: UInt64 = 0
    /// The two bytes every frame starts with (FIN, RSV, opcode, MASK, 7-bit length).
    public var baseHeaderBytes: UInt64 = 0
    /// The 16- or 64-bit extended payload lengths.
    public var extendedLengthBytes: UInt64 = 0
    /// The 4-byte masking keys of client frames.
    public var maskingKeyBytes: UInt64 = 0
    /// Payload bytes as sent (compressed where compressed).
    public var payloadBytes: UInt64 = 0

    public init() {}

    public var headerBytes: UInt64 { baseHeaderBytes + extendedLengthBytes + maskingKeyBytes }
}

/// HTTP/1.1 bytes of one direction: the WebSocket handshake apart from ordinary exchanges.
public struct HTTPBytes: Sendable, Hashable {
    /// Request or response heads (start line + headers + blank line), the handshake's excluded.
    public var messages: UInt64 = 0
    public var headerBytes: UInt64 = 0
    public var bodyBytes: UInt64 = 0
    /// The opening handshake's request or response head.
    public var handshakeBytes: UInt64 = 0

    public init() {}
}

/// One HTTP/1.1 request and its response, as the overhead view lists plain HTTP traffic.
public struct HTTPExchange: Sendable, Hashable {
    public var method: String
    public var target: String
    public var status: Int?
    public var requestHeadBytes: UInt64
    public var requestBodyBytes: UInt64 = 0
    public var responseHeadBytes: UInt64 = 0
    public var responseBodyBytes: UInt64 = 0
    /// Packets that carried the request's and the response's bytes.
    public var requestPackets = 0
    public var responsePackets = 0
    /// The packet that carried the request line.
    public var firstPacket: UInt64?
    /// When the request head was complete, and when the response ended (the packets' timestamps).
    public var requestTime: CaptureTimestamp?
    public var responseTime: CaptureTimestamp?
}
