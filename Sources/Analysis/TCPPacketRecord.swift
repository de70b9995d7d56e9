public import PacketCapture
public import PacketDecoding
import WireBytes

/// One TCP segment's header facts, for views that draw TCP itself (the ladder: SYN, SYN-ACK, the
/// handshake's ACK, FIN, RST). Emitted only when `AnalysisOptions.emitsTCPPackets` is set, before
/// the events the same packet causes, so a view knows each packet's time as its events arrive.
public struct TCPPacketRecord: Sendable, Hashable {
    /// The connection's number (as `ConnectionIdentity.number`).
    public let connection: Int
    public let packet: UInt64
    public let time: CaptureTimestamp
    public let source: SocketAddress
    public let destination: SocketAddress
    public let flags: TCPFlags
    public let sequenceNumber: UInt32
    public let acknowledgmentNumber: UInt32
    /// Payload bytes the segment had on the wire (captured or not).
    public let payloadLength: Int

    public init(connection: Int, packet: UInt64, time: CaptureTimestamp, source: SocketAddress, destination: SocketAddress,
                flags: TCPFlags, sequenceNumber: UInt32, acknowledgmentNumber: UInt32, payloadLength: Int) {
        self.connection = connection
        self.packet = packet
        self.time = time
        self.source = source
        self.destination = destination
        self.flags = flags
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.payloadLength = payloadLength
    }
}
