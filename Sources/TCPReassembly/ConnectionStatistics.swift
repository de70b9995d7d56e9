public import PacketCapture
public import PacketDecoding
public import WireBytes

/// Counters for one direction of a connection (what `wslens streams` prints).
public struct DirectionStatistics: Sendable, Hashable {
    /// Every packet sent in this direction, pure ACKs included.
    public var packets: UInt64 = 0
    /// Packets that carried TCP payload.
    public var payloadPackets: UInt64 = 0
    /// Payload bytes as seen on the wire, retransmissions included (as tshark's `tcp.len`).
    public var wirePayloadBytes: UInt64 = 0
    /// Unique stream bytes delivered in order (gaps excluded).
    public var deliveredBytes: UInt64 = 0
    /// Payload bytes that repeated bytes already delivered or buffered.
    public var retransmittedBytes: UInt64 = 0
    public var lastPacket: UInt64?
    public var lastTimestamp: CaptureTimestamp?
    public var sawSYN = false
    public var sawFIN = false
    public var sawRST = false
    public var firstPacket: UInt64?
    public var firstTimestamp: CaptureTimestamp?
    /// Packets whose payload was entirely delivered or buffered already.
    public var retransmittedPackets: UInt64 = 0
    /// Retransmissions whose bytes differed from the first copy.
    public var conflictingRetransmissions: UInt64 = 0
    public var gapCount: UInt64 = 0
    public var gapBytes: UInt64 = 0
    /// The sizes of the first `recordedGapSizeLimit` gaps.
    public var gapSizes: [UInt64] = []
    /// How often the out-of-order buffer cap forced a gap.
    public var bufferCapHits: UInt64 = 0
    /// The most out-of-order bytes buffered at once.
    public var peakBufferedBytes: UInt64 = 0

    public static let recordedGapSizeLimit = 16

    public init() {}

    mutating func count(packet: UInt64, at timestamp: CaptureTimestamp, flags: TCPFlags, wirePayloadLength: Int) {
        packets += 1
        if firstPacket == nil {
            firstPacket = packet
            firstTimestamp = timestamp
        }
        lastPacket = packet
        lastTimestamp = timestamp
        if wirePayloadLength > 0 {
            payloadPackets += 1
            wirePayloadBytes += UInt64(wirePayloadLength)
        }
        if flags.contains(.syn) { sawSYN = true }
        if flags.contains(.fin) { sawFIN = true }
        if flags.contains(.rst) { sawRST = true }
    }

    mutating func countGap(length: UInt64) {
        gapCount += 1
        gapBytes += length
        if gapSizes.count < Self.recordedGapSizeLimit { gapSizes.append(length) }
    }
}

/// One connection as the reassembler sees it: endpoints, roles, and counters per direction.
public struct ConnectionStatistics: Sendable, Hashable {
    /// 1-based, in order of the connection's first packet.
    public var connection: Int
    public var client: SocketAddress
    public var server: SocketAddress
    /// How the roles were decided. While no evidence has arrived yet this is `.higherPortGuess`.
    public var roleBasis: RoleBasis
    public var fromClient: DirectionStatistics
    public var fromServer: DirectionStatistics
    /// Set once both directions ended.
    public var closedHow: StreamEnd?

    public func direction(_ peer: Peer) -> DirectionStatistics { peer == .client ? fromClient : fromServer }

    public var firstPacket: UInt64? { [fromClient.firstPacket, fromServer.firstPacket].compactMap { $0 }.min() }
    public var lastPacket: UInt64? { [fromClient.lastPacket, fromServer.lastPacket].compactMap { $0 }.max() }
    public var firstTimestamp: CaptureTimestamp? {
        [fromClient.firstTimestamp, fromServer.firstTimestamp].compactMap { $0 }.min()
    }
    public var lastTimestamp: CaptureTimestamp? {
        [fromClient.lastTimestamp, fromServer.lastTimestamp].compactMap { $0 }.max()
    }
    public var packets: UInt64 { fromClient.packets + fromServer.packets }
    public var gapCount: UInt64 { fromClient.gapCount + fromServer.gapCount }
    public var gapBytes: UInt64 { fromClient.gapBytes + fromServer.gapBytes }
    public var retransmittedPackets: UInt64 { fromClient.retransmittedPackets + fromServer.retransmittedPackets }
}
