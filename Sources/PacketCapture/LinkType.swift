/// A pcap link-layer header type (LINKTYPE_* as in the pcap file header; libpcap's DLT_* where they agree).
public struct LinkType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order. `DLT_NULL`.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II (and 802.3 with 802.1Q/802.1ad tags). `DLT_EN10MB`.
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP as libpcap maps DLT_RAW (12 or 14 on some systems) to `LINKTYPE_RAW`.
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback: a 4-byte address family in network byte order. `LINKTYPE_LOOP`.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (`tcpdump -i any` before libpcap 1.10). `DLT_LINUX_SLL`.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4. `LINKTYPE_IPV4`.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6. `LINKTYPE_IPV6`.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2. `DLT_LINUX_SLL2`.
    public static let linuxSLL2 = LinkType(rawValue: 276)
    /// DLT_RAW's value on most BSDs and Linux' libpcap headers before mapping.
    public static let rawBSD = LinkType(rawValue: 12)
    /// DLT_RAW's value on OpenBSD.
    public static let rawOpenBSD = LinkType(rawValue: 14)

    public var name: String {
        switch self {
        case .null: "NULL (BSD loopback)"
        case .ethernet: "Ethernet"
        case .raw, .rawBSD, .rawOpenBSD: "raw IP"
        case .loop: "LOOP (OpenBSD loopback)"
        case .linuxSLL: "Linux cooked (SLL)"
        case .ipv4: "raw IPv4"
        case .ipv6: "raw IPv6"
        case .linuxSLL2: "Linux cooked v2 (SLL2)"
        default: "link type \(rawValue)"
        }
    }

    public var description: String { name }
}
