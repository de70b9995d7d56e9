/// The protocol field of Ethernet, 802.1Q tags and Linux cooked headers.
public struct EtherType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ipv4 = EtherType(rawValue: 0x0800)
    public static let arp = EtherType(rawValue: 0x0806)
    public static let ipv6 = EtherType(rawValue: 0x86dd)
    /// 802.1Q VLAN tag.
    public static let vlan = EtherType(rawValue: 0x8100)
    /// 802.1ad service tag (QinQ outer tag).
    public static let serviceVLAN = EtherType(rawValue: 0x88a8)
    /// Pre-standard QinQ outer tag still seen in captures.
    public static let legacyQinQ = EtherType(rawValue: 0x9100)
}

/// An IP protocol number (IPv4 protocol field, IPv6 next header).
public struct IPProtocol: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let hopByHop = IPProtocol(rawValue: 0)
    public static let icmp = IPProtocol(rawValue: 1)
    public static let tcp = IPProtocol(rawValue: 6)
    public static let udp = IPProtocol(rawValue: 17)
    public static let ipv6Routing = IPProtocol(rawValue: 43)
    public static let ipv6Fragment = IPProtocol(rawValue: 44)
    public static let authenticationHeader = IPProtocol(rawValue: 51)
    public static let icmpv6 = IPProtocol(rawValue: 58)
    public static let noNextHeader = IPProtocol(rawValue: 59)
    public static let ipv6DestinationOptions = IPProtocol(rawValue: 60)

    public var name: String {
        switch self {
        case .icmp: "ICMP"
        case .tcp: "TCP"
        case .udp: "UDP"
        case .icmpv6: "ICMPv6"
        default: "IP protocol \(rawValue)"
        }
    }
}
