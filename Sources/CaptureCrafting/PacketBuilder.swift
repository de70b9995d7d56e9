import PacketCapture
public import PacketDecoding

/// Builds packet bytes layer by layer, with correct lengths and checksums, for crafted captures.
/// (Crafted captures are written by `CaptureWriter`, never by editing bytes by hand.)
public enum PacketBuilder {
    // MARK: Link layers

    public static func ethernet(_ payload: [UInt8], etherType: EtherType, vlanTags: [(tpid: EtherType, id: UInt16)] = [],
                                source: [UInt8] = [0x02, 0, 0, 0, 0, 0x01], destination: [UInt8] = [0x02, 0, 0, 0, 0, 0x02]) -> [UInt8] {
        var bytes = destination + source
        for tag in vlanTags {
            bytes += be16(tag.tpid.rawValue) + be16(tag.id & 0x0fff)
        }
        bytes += be16(etherType.rawValue)
        bytes += payload
        // Ethernet pads short frames to 60 bytes: the IP length, not the frame length, bounds the payload.
        if bytes.count < 60 { bytes += [UInt8](repeating: 0, count: 60 - bytes.count) }
        return bytes
    }

    public static func linuxSLL(_ payload: [UInt8], etherType: EtherType) -> [UInt8] {
        // packet type 0 (to us), ARPHRD_LOOPBACK 772, address length 6, address (8 bytes), protocol.
        be16(0) + be16(772) + be16(6) + [0, 0, 0, 0, 0, 0, 0, 0] + be16(etherType.rawValue) + payload
    }

    public static func linuxSLL2(_ payload: [UInt8], etherType: EtherType) -> [UInt8] {
        // protocol, reserved, interface index, ARPHRD_LOOPBACK, packet type, address length, address.
        be16(etherType.rawValue) + be16(0) + be32(1) + be16(772) + [0, 6] + [0, 0, 0, 0, 0, 0, 0, 0] + payload
    }

    /// BSD NULL: the address family in the capturing host's byte order.
    public static func null(_ payload: [UInt8], family: UInt32, littleEndianHost: Bool = true) -> [UInt8] {
        (littleEndianHost ? le32(family) : be32(family)) + payload
    }

    /// OpenBSD LOOP: the address family in network byte order.
    public static func loop(_ payload: [UInt8], family: UInt32) -> [UInt8] { be32(family) + payload }

    // MARK: IP

    public static func ipv4(source: UInt32, destination: UInt32, protocolNumber: IPProtocol, payload: [UInt8],
                            identification: UInt16 = 1, options: [UInt8] = [], fragmentOffset: Int = 0,
                            moreFragments: Bool = false, dontFragment: Bool = true, ttl: UInt8 = 64) -> [UInt8] {
        precondition(options.count % 4 == 0, "IPv4 options are padded to 4 bytes")
        let headerLength = 20 + options.count
        var flags: UInt16 = UInt16(fragmentOffset / 8) & 0x1fff
        if moreFragments { flags |= 0x2000 }
        if dontFragment && !moreFragments && fragmentOffset == 0 { flags |= 0x4000 }
        var header = [UInt8(0x40 | headerLength / 4), 0] + be16(UInt16(headerLength + payload.count)) + be16(identification)
        header += be16(flags) + [ttl, protocolNumber.rawValue, 0, 0] + be32(source) + be32(destination) + options
        let checksum = internetChecksum(header)
        header[10] = UInt8(checksum >> 8)
        header[11] = UInt8(checksum & 0xff)
        return header + payload
    }

    /// An IPv6 extension header to put between the fixed header and the transport header.
    public struct IPv6Extension {
        public var type: IPProtocol
        public var body: [UInt8]
        /// Hop-by-hop, routing or destination options with `body` padded to the 8-byte unit (minus the 2 lead bytes).
        public static func options(_ type: IPProtocol, bodyLength: Int = 6) -> IPv6Extension {
            IPv6Extension(type: type, body: [UInt8](repeating: 0, count: bodyLength))
        }
        /// A fragment header.
        public static func fragment(offset: Int, more: Bool, identification: UInt32) -> IPv6Extension {
            IPv6Extension(type: .ipv6Fragment, body: be16(UInt16(offset) & 0xfff8 | (more ? 1 : 0)) + be32(identification))
        }
    }

    public static func ipv6(source: (UInt64, UInt64), destination: (UInt64, UInt64), nextHeader: IPProtocol,
                            payload: [UInt8], extensions: [IPv6Extension] = [], hopLimit: UInt8 = 64) -> [UInt8] {
        var chain: [UInt8] = []
        for (index, header) in extensions.enumerated() {
            let next = index + 1 < extensions.count ? extensions[index + 1].type : nextHeader
            if header.type == .ipv6Fragment {
                chain += [next.rawValue, 0] + header.body
            } else {
                precondition((header.body.count + 2) % 8 == 0, "extension headers are multiples of 8 bytes")
                chain += [next.rawValue, UInt8((header.body.count + 2) / 8 - 1)] + header.body
            }
        }
        let first = extensions.first?.type ?? nextHeader
        return [0x60, 0, 0, 0] + be16(UInt16(chain.count + payload.count)) + [first.rawValue, hopLimit]
            + be64(source.0) + be64(source.1) + be64(destination.0) + be64(destination.1) + chain + payload
    }

    // MARK: TCP

    public static func tcp(source: SocketAddress, destination: SocketAddress, sequenceNumber: UInt32,
                           acknowledgmentNumber: UInt32, flags: TCPFlags, window: UInt16 = 65_535,
                           options: [UInt8] = [], payload: [UInt8]) -> [UInt8] {
        precondition(options.count % 4 == 0, "TCP options are padded to 4 bytes")
        let headerLength = 20 + options.count
        var segment = be16(source.port) + be16(destination.port) + be32(sequenceNumber) + be32(acknowledgmentNumber)
        segment += be16(UInt16(headerLength / 4) << 12 | flags.rawValue) + be16(window) + [0, 0, 0, 0] + options + payload
        let pseudo: [UInt8]
        switch (source.address, destination.address) {
        case (.v4(let from), .v4(let to)):
            pseudo = be32(from) + be32(to) + [0, IPProtocol.tcp.rawValue] + be16(UInt16(segment.count))
        case (.v6(let fromHigh, let fromLow), .v6(let toHigh, let toLow)):
            pseudo = be64(fromHigh) + be64(fromLow) + be64(toHigh) + be64(toLow) + be32(UInt32(segment.count)) + [0, 0, 0, IPProtocol.tcp.rawValue]
        default:
            preconditionFailure("TCP endpoints of different IP versions")
        }
        let checksum = internetChecksum(pseudo + segment)
        segment[16] = UInt8(checksum >> 8)
        segment[17] = UInt8(checksum & 0xff)
        return segment
    }

    /// An IP packet (v4 or v6 by the endpoints) carrying a TCP segment.
    public static func ipTCP(source: SocketAddress, destination: SocketAddress, sequenceNumber: UInt32,
                             acknowledgmentNumber: UInt32, flags: TCPFlags, payload: [UInt8],
                             identification: UInt16 = 1, options: [UInt8] = []) -> [UInt8] {
        let segment = tcp(source: source, destination: destination, sequenceNumber: sequenceNumber,
                          acknowledgmentNumber: acknowledgmentNumber, flags: flags, options: options, payload: payload)
        switch (source.address, destination.address) {
        case (.v4(let from), .v4(let to)):
            return ipv4(source: from, destination: to, protocolNumber: .tcp, payload: segment, identification: identification)
        case (.v6(let fromHigh, let fromLow), .v6(let toHigh, let toLow)):
            return ipv6(source: (fromHigh, fromLow), destination: (toHigh, toLow), nextHeader: .tcp, payload: segment)
        default:
            preconditionFailure("TCP endpoints of different IP versions")
        }
    }

    // MARK: Helpers

    public static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
func be64(_ value: UInt64) -> [UInt8] { be32(UInt32(value >> 32)) + be32(UInt32(value & 0xffff_ffff)) }
func le32(_ value: UInt32) -> [UInt8] { be32(value).reversed() }
