public import PacketCapture
public import PacketDecoding
public import WireBytes

/// What the reassembler tells its caller, in the order things became known.
///
/// Per connection: `.opened` first, then per direction `.data` and `.gap` in stream order (their
/// offsets tile the stream from 0 without holes or overlap), `.ended` once per direction, and
/// `.closed` once both have ended. Only findings about late packets (data after a RST or FIN)
/// can follow `.closed`.
public enum StreamEvent {
    /// A new connection. Numbers count from 1 in the order of each connection's first packet;
    /// `packet` is that first packet. Emitted when the roles are decided (SYN, SYN-ACK, first
    /// payload, FIN/RST, or the end of the capture), before any other event of the connection.
    case opened(connection: Int, client: SocketAddress, server: SocketAddress, roleBasis: RoleBasis, packet: UInt64)
    /// The next bytes of one direction's stream.
    case data(StreamChunk)
    /// Bytes of one direction's stream that the capture lacks; the stream continues after them.
    case gap(StreamGap)
    /// One direction's stream is complete: nothing more will be delivered for it.
    case ended(connection: Int, from: Peer, how: StreamEnd)
    /// Both directions have ended; the connection's buffers are released.
    case closed(connection: Int, how: StreamEnd)
    /// Something worth reporting about the segments (see `TCPRule`). `from` is nil when the
    /// finding concerns the connection as a whole.
    case finding(connection: Int, from: Peer?, Finding, packet: UInt64?)
}

/// A run of in-order stream bytes, all from one packet.
///
/// `bytes` is borrowed: it points into the segment just processed (in-order data is never copied)
/// or into the reassembler's out-of-order buffer, and is valid only until the next call to
/// `process` or `finish`. Copy what you need to keep.
public struct StreamChunk {
    public var connection: Int
    public var from: Peer
    /// Offset of `bytes[0]` in the sender's stream (0 = first byte after the SYN).
    public var offset: UInt64
    public var bytes: UnsafeRawBufferPointer
    /// The packet whose TCP payload carried these bytes.
    public var packet: UInt64
    /// Where `bytes[0]` sits in that packet's TCP payload.
    public var payloadOffset: Int
    public var timestamp: CaptureTimestamp

    public init(connection: Int, from: Peer, offset: UInt64, bytes: UnsafeRawBufferPointer, packet: UInt64,
                payloadOffset: Int, timestamp: CaptureTimestamp) {
        self.connection = connection
        self.from = from
        self.offset = offset
        self.bytes = bytes
        self.packet = packet
        self.payloadOffset = payloadOffset
        self.timestamp = timestamp
    }

    /// The stream offsets these bytes cover.
    public var streamRange: Range<UInt64> { offset..<(offset + UInt64(bytes.count)) }
}

/// Stream bytes the capture lacks, skipped so that decoding can resume after them.
public struct StreamGap: Sendable, Hashable {
    public var connection: Int
    public var from: Peer
    public var offset: UInt64
    public var length: UInt64
    public var reason: GapReason
    /// The packet that revealed the gap (the truncated packet, the ACK past the hole, the packet
    /// that hit the buffer cap); nil when the end of the capture did.
    public var packet: UInt64?

    public init(connection: Int, from: Peer, offset: UInt64, length: UInt64, reason: GapReason, packet: UInt64?) {
        self.connection = connection
        self.from = from
        self.offset = offset
        self.length = length
        self.reason = reason
        self.packet = packet
    }

    public var streamRange: Range<UInt64> { offset..<(offset + length) }
}

/// Why stream bytes are missing.
public enum GapReason: String, Sendable, Hashable {
    /// Segments the capture never saw: later data was acknowledged by the peer, or the
    /// connection or capture ended with the hole still open.
    case lost
    /// The packet was captured, but cut short by the snapshot length (snaplen).
    case notCaptured
    /// The hole was given up on because the out-of-order buffer reached its cap.
    case bufferCap
}

/// How a stream or connection ended.
public enum StreamEnd: String, Sendable, Hashable {
    /// A FIN, with every byte before it delivered or reported as a gap.
    case fin
    /// A RST from either end.
    case reset
    /// The capture ended first.
    case endOfCapture
    /// A new connection with the same endpoints (a new SYN after FIN or RST) took over.
    case superseded
}
