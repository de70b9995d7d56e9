/// A pcap link-layer header type (LINKTYPE_* as in the pcap file header; libpcap's DLT_* where they agree).
public struct LinkType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    // Computed and inlinable rather than stored: the decoder compares every packet's link type,
    // and a global `let` of another module is reached through a lazy-initialisation call each time.

    /// BSD loopback: a 4-byte address family in the capturing host's byte order. `DLT_NULL`.
    @inlinable public static var null: LinkType { LinkType(rawValue: 0) }
    /// Ethernet II (and 802.3 with 802.1Q/802.1ad tags). `DLT_EN10MB`.
    @inlinable public static var ethernet: LinkType { LinkType(rawValue: 1) }
    /// Raw IP as libpcap maps DLT_RAW (12 or 14 on some systems) to `LINKTYPE_RAW`.
    @inlinable public static var raw: LinkType { LinkType(rawValue: 101) }
    /// OpenBSD loopback: a 4-byte address family in network byte order. `LINKTYPE_LOOP`.
    @inlinable public static var loop: LinkType { LinkType(rawValue: 108) }
    /// Linux cooked capture v1 (`tcpdump -i any` before libpcap 1.10). `DLT_LINUX_SLL`.
    @inlinable public static var linuxSLL: LinkType { LinkType(rawValue: 113) }
    /// Raw IPv4. `LINKTYPE_IPV4`.
    @inlinable public static var ipv4: LinkType { LinkType(rawValue: 228) }
    /// Raw IPv6. `LINKTYPE_IPV6`.
    @inlinable public static var ipv6: LinkType { LinkType(rawValue: 229) }
    /// Linux cooked capture v2. `DLT_LINUX_SLL2`.
    @inlinable public static var linuxSLL2: LinkType { LinkType(rawValue: 276) }
    /// DLT_RAW's value on most BSDs and Linux' libpcap headers before mapping.
    @inlinable public static var rawBSD: LinkType { LinkType(rawValue: 12) }
    /// DLT_RAW's value on OpenBSD.
    @inlinable public static var rawOpenBSD: LinkType { LinkType(rawValue: 14) }

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
