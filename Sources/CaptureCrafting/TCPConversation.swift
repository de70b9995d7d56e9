public import PacketCapture
public import PacketDecoding
public import WireBytes

/// How crafted IP packets are framed on the link: one case per link type wslens reads.
public enum LinkFraming: Sendable, CaseIterable {
    case ethernet
    case ethernetVLAN
    case linuxSLL
    case linuxSLL2
    case nullLittleEndian
    case nullBigEndian
    case loop
    case raw

    public var linkType: LinkType {
        switch self {
        case .ethernet, .ethernetVLAN: .ethernet
        case .linuxSLL: .linuxSLL
        case .linuxSLL2: .linuxSLL2
        case .nullLittleEndian, .nullBigEndian: .null
        case .loop: .loop
        case .raw: .raw
        }
    }

    /// Wraps an IP packet (v4 or v6, told by its version nibble) in this link header.
    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        let isIPv6 = ipPacket.first.map { $0 >> 4 == 6 } ?? false
        let etherType: EtherType = isIPv6 ? .ipv6 : .ipv4
        switch self {
        case .ethernet: return PacketBuilder.ethernet(ipPacket, etherType: etherType)
        case .ethernetVLAN: return PacketBuilder.ethernet(ipPacket, etherType: etherType, vlanTags: [(.serviceVLAN, 100), (.vlan, 42)])
        case .linuxSLL: return PacketBuilder.linuxSLL(ipPacket, etherType: etherType)
        case .linuxSLL2: return PacketBuilder.linuxSLL2(ipPacket, etherType: etherType)
        case .nullLittleEndian: return PacketBuilder.null(ipPacket, family: isIPv6 ? 30 : 2, littleEndianHost: true)
        case .nullBigEndian: return PacketBuilder.null(ipPacket, family: isIPv6 ? 24 : 2, littleEndianHost: false)
        case .loop: return PacketBuilder.loop(ipPacket, family: isIPv6 ? 28 : 2)
        case .raw: return ipPacket
        }
    }
}

/// A crafted packet: its bytes and what it carries (tests use the latter to check provenance).
public struct CraftedPacket: Sendable {
    public var bytes: [UInt8]
    public var timestamp: CaptureTimestamp
    public var from: Peer
    /// Relative stream offset of the first payload byte (0 = first byte after the SYN).
    public var streamOffset: UInt64
    public var payload: [UInt8]
    /// Bytes to write (fewer than `bytes.count` models snaplen truncation).
    public var capturedLength: Int

    public init(bytes: [UInt8], timestamp: CaptureTimestamp, from: Peer, streamOffset: UInt64, payload: [UInt8]) {
        self.bytes = bytes
        self.timestamp = timestamp
        self.from = from
        self.streamOffset = streamOffset
        self.payload = payload
        self.capturedLength = bytes.count
    }
}

/// Crafts one TCP connection as packets: handshake, data with a chosen segmentation, ACKs, FIN.
///
/// Sequence numbers are real (ISNs chosen by the caller, so wrap-around across 2^32 can be tested).
/// `packets` keeps the order they were made in; tests may shuffle, duplicate or drop them before
/// writing them with `write(_:to:)`.
public struct TCPConversation: Sendable {
    public let client: SocketAddress
    public let server: SocketAddress
    public var framing: LinkFraming
    public private(set) var packets: [CraftedPacket] = []
    private var nextSequence: [Peer: UInt32]
    private var sent: [Peer: UInt64] = [.client: 0, .server: 0]
    private var clock: CaptureTimestamp
    private var identification: UInt16 = 1
    /// Time between packets, in nanoseconds.
    public var packetSpacing: UInt32 = 1_000_000

    public init(client: SocketAddress, server: SocketAddress, framing: LinkFraming = .ethernet,
                clientISN: UInt32 = 1_000, serverISN: UInt32 = 5_000,
                start: CaptureTimestamp = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 0)) {
        self.client = client
        self.server = server
        self.framing = framing
        nextSequence = [.client: clientISN, .server: serverISN]
        clock = start
    }

    /// SYN, SYN-ACK, ACK.
    public mutating func handshake() {
        emit(from: .client, flags: .syn, payload: [], consumesSequence: 1)
        emit(from: .server, flags: [.syn, .ack], payload: [], consumesSequence: 1)
        emit(from: .client, flags: .ack, payload: [])
    }

    /// Sends bytes from one side in segments of at most `segmentSize` bytes (the receiver ACKs each
    /// burst with a pure ACK, as real stacks do, so capture-loss detection by ACK can be exercised).
    public mutating func send(_ bytes: [UInt8], from peer: Peer, segmentSize: Int = 1_448, acknowledge: Bool = true) {
        var start = 0
        while start < bytes.count {
            let end = min(start + segmentSize, bytes.count)
            emit(from: peer, flags: [.ack, .psh], payload: Array(bytes[start..<end]))
            start = end
        }
        if acknowledge { emit(from: peer.opposite, flags: .ack, payload: []) }
    }

    /// Sends bytes split at the given sizes, cycling through them until every byte is sent.
    public mutating func send(_ bytes: [UInt8], from peer: Peer, pieces sizes: [Int]) {
        precondition(!sizes.isEmpty && sizes.allSatisfy { $0 > 0 }, "piece sizes must be positive")
        var start = 0
        var next = 0
        while start < bytes.count {
            let end = min(start + sizes[next % sizes.count], bytes.count)
            emit(from: peer, flags: [.ack, .psh], payload: Array(bytes[start..<end]))
            start = end
            next += 1
        }
        emit(from: peer.opposite, flags: .ack, payload: [])
    }

    /// FIN from `first`, FIN from the other side, final ACK.
    public mutating func close(first: Peer = .client) {
        emit(from: first, flags: [.fin, .ack], payload: [], consumesSequence: 1)
        emit(from: first.opposite, flags: [.fin, .ack], payload: [], consumesSequence: 1)
        emit(from: first, flags: .ack, payload: [])
    }

    /// RST from one side.
    public mutating func reset(from peer: Peer) {
        emit(from: peer, flags: [.rst, .ack], payload: [])
    }

    /// Appends a segment with explicit flags (for odd cases: data on a SYN, a bare FIN, ...).
    public mutating func emit(from peer: Peer, flags: TCPFlags, payload: [UInt8], consumesSequence extra: UInt32 = 0) {
        let sequence = nextSequence[peer]!
        let acknowledgment = flags.contains(.ack) ? nextSequence[peer.opposite]! : 0
        let (source, destination) = peer == .client ? (client, server) : (server, client)
        let ip = PacketBuilder.ipTCP(source: source, destination: destination, sequenceNumber: sequence,
                                     acknowledgmentNumber: acknowledgment, flags: flags, payload: payload,
                                     identification: identification)
        identification &+= 1
        let offset = flags.contains(.syn) ? 0 : sent[peer]!
        packets.append(CraftedPacket(bytes: framing.frame(ip), timestamp: clock, from: peer,
                                     streamOffset: offset, payload: payload))
        nextSequence[peer] = sequence &+ UInt32(truncatingIfNeeded: payload.count) &+ extra
        if !flags.contains(.syn) { sent[peer]! += UInt64(payload.count) }
        advanceClock()
    }

    private mutating func advanceClock() {
        let total = UInt64(clock.nanoseconds) + UInt64(packetSpacing)
        clock = CaptureTimestamp(seconds: clock.seconds + Int64(total / 1_000_000_000),
                                 nanoseconds: UInt32(total % 1_000_000_000))
    }

    /// Writes packets (in the given order) to a pcap file.
    public static func write(_ packets: [CraftedPacket], linkType: LinkType, to path: String) throws(CaptureError) {
        let writer = try CaptureWriter(path: path, linkType: linkType)
        for packet in packets {
            writer.write(Array(packet.bytes.prefix(packet.capturedLength)), timestamp: packet.timestamp,
                         originalLength: packet.bytes.count)
        }
        writer.close()
    }

    /// Writes this conversation's packets in order.
    public func write(to path: String) throws(CaptureError) {
        try Self.write(packets, linkType: framing.linkType, to: path)
    }
}

extension SocketAddress {
    /// "127.0.0.1", port → IPv4 socket address (crafting convenience; traps on bad text).
    public static func ipv4(_ text: String, _ port: UInt16) -> SocketAddress {
        let parts = text.split(separator: ".").map { UInt32($0)! }
        precondition(parts.count == 4)
        return SocketAddress(address: .v4(parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]), port: port)
    }

    /// An IPv6 socket address from its two 64-bit halves (`::1` is `(0, 1)`).
    public static func ipv6(_ high: UInt64, _ low: UInt64, _ port: UInt16) -> SocketAddress {
        SocketAddress(address: .v6(high: high, low: low), port: port)
    }
}
