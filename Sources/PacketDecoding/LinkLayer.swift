public import PacketCapture

extension LinkType {
    /// Whether wslens can decode packets of this link type.
    public var isSupported: Bool {
        switch self {
        case .null, .ethernet, .raw, .rawBSD, .rawOpenBSD, .loop, .linuxSLL, .linuxSLL2, .ipv4, .ipv6: true
        default: false
        }
    }
}

/// The network-layer protocol found under the link header.
enum NetworkProtocol {
    case ipv4
    case ipv6
    /// Decided by the IP version nibble (raw IP link types).
    case ipByVersion
    case other(NotIP)
}

/// What a link header carries instead of IP. Named only when such a packet comes: the type stays
/// free of strings, so every packet's link header is stripped without reference counting.
@usableFromInline
enum NotIP {
    case arp
    case llcFrame
    case etherType(UInt16)
    case bsdLoopbackFamily(UInt32)

    var name: String {
        switch self {
        case .arp: "ARP"
        case .llcFrame: "802.3 LLC frame"
        case .etherType(let type): "EtherType 0x" + String(type, radix: 16)
        case .bsdLoopbackFamily(let family): "BSD loopback family \(family)"
        }
    }
}

enum LinkLayer {
    /// Strips the link header. Returns the header length and what follows, or nil if the packet is
    /// shorter than its link header.
    @inline(__always)   // once per packet, from one place
    static func strip(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) -> (headerLength: Int, next: NetworkProtocol)? {
        switch linkType {
        case .ethernet:
            guard bytes.count >= 14 else { return nil }
            var offset = 12
            var type = EtherType(rawValue: bytes.u16(offset))
            // 802.1Q / 802.1ad tags, possibly stacked (QinQ).
            while type == .vlan || type == .serviceVLAN || type == .legacyQinQ {
                offset += 4
                guard bytes.count >= offset + 2 else { return nil }
                type = EtherType(rawValue: bytes.u16(offset))
            }
            return (offset + 2, network(for: type))
        case .linuxSLL:
            guard bytes.count >= 16 else { return nil }
            return (16, network(for: EtherType(rawValue: bytes.u16(14))))
        case .linuxSLL2:
            guard bytes.count >= 20 else { return nil }
            return (20, network(for: EtherType(rawValue: bytes.u16(0))))
        case .null, .loop:
            guard bytes.count >= 4 else { return nil }
            // NULL stores the family in the capturing host's byte order (unknown to us): accept both.
            let family = linkType == .loop ? bytes.u32(0) : nullFamily(bytes)
            switch family {
            case 2: return (4, .ipv4)
            case 10, 24, 28, 30: return (4, .ipv6)   // AF_INET6 on Linux, NetBSD/OpenBSD, FreeBSD, macOS
            default: return (4, .other(.bsdLoopbackFamily(family)))
            }
        case .raw, .rawBSD, .rawOpenBSD:
            return (0, .ipByVersion)
        case .ipv4:
            return (0, .ipv4)
        case .ipv6:
            return (0, .ipv6)
        default:
            return nil
        }
    }

    private static func nullFamily(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        let little = bytes.u32LittleEndian(0)
        return little <= 0xff ? little : bytes.u32(0)
    }

    private static func network(for type: EtherType) -> NetworkProtocol {
        switch type {
        case .ipv4: .ipv4
        case .ipv6: .ipv6
        case .arp: .other(.arp)
        default: type.rawValue < 0x0600 ? .other(.llcFrame) : .other(.etherType(type.rawValue))
        }
    }
}
