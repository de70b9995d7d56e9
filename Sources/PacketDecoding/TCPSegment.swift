public import PacketCapture

/// TCP header flags.
public struct TCPFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }

    // Computed and inlinable rather than stored: other modules test flags on every packet, and a
    // global `let` of another module is reached through a lazy-initialisation call each time.
    @inlinable public static var fin: TCPFlags { TCPFlags(rawValue: 0x001) }
    @inlinable public static var syn: TCPFlags { TCPFlags(rawValue: 0x002) }
    @inlinable public static var rst: TCPFlags { TCPFlags(rawValue: 0x004) }
    @inlinable public static var psh: TCPFlags { TCPFlags(rawValue: 0x008) }
    @inlinable public static var ack: TCPFlags { TCPFlags(rawValue: 0x010) }
    @inlinable public static var urg: TCPFlags { TCPFlags(rawValue: 0x020) }
    @inlinable public static var ece: TCPFlags { TCPFlags(rawValue: 0x040) }
    @inlinable public static var cwr: TCPFlags { TCPFlags(rawValue: 0x080) }
}

/// Header sizes of one packet, per layer, for the overhead accounting.
public struct LayerLengths: Sendable, Hashable {
    public var link: Int
    public var ip: Int
    public var tcp: Int

    @inlinable public init(link: Int, ip: Int, tcp: Int) {
        self.link = link
        self.ip = ip
        self.tcp = tcp
    }
}

/// One TCP segment decoded from a packet (or from reassembled IP fragments).
///
/// `payload` is borrowed like `CapturedPacket.bytes` (valid until the next packet is read), unless
/// the segment came out of IP fragment reassembly, in which case it points into storage owned by
/// the decoder, valid until the decoder is fed the next packet.
public struct TCPSegment {
    /// The packet that carried the segment (for fragmented datagrams: the last fragment's packet).
    public var packetNumber: UInt64
    public var timestamp: CaptureTimestamp
    public var source: SocketAddress
    public var destination: SocketAddress
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    /// The payload bytes present in the capture.
    public var payload: UnsafeRawBufferPointer
    /// Payload bytes the IP header announced but the capture lacks (snaplen); they follow `payload`.
    public var missingPayloadLength: Int
    public var headerLengths: LayerLengths

    /// The payload length the segment had on the wire.
    public var wirePayloadLength: Int { payload.count + missingPayloadLength }

    @inlinable
    public init(packetNumber: UInt64, timestamp: CaptureTimestamp, source: SocketAddress, destination: SocketAddress,
                sequenceNumber: UInt32, acknowledgmentNumber: UInt32, flags: TCPFlags, window: UInt16,
                payload: UnsafeRawBufferPointer, missingPayloadLength: Int = 0,
                headerLengths: LayerLengths = LayerLengths(link: 0, ip: 0, tcp: 20)) {
        self.packetNumber = packetNumber
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.payload = payload
        self.missingPayloadLength = missingPayloadLength
        self.headerLengths = headerLengths
    }
}
