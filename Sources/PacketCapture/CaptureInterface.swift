/// An interface a live capture can read from, as `pcap_findalldevs` lists it (`wslens interfaces`).
public struct CaptureInterface: Sendable, Hashable {
    /// The name to pass to `CaptureReader(interface:)`, e.g. "lo", "eth0", "any".
    public var name: String
    /// libpcap's description, where the system has one ("Loopback device").
    public var description: String?
    /// The IPv4 and IPv6 addresses of the interface as text ("127.0.0.1", "::1", "fe80::1%eth0").
    public var addresses: [String]
    public var flags: Flags

    public init(name: String, description: String?, addresses: [String], flags: Flags) {
        self.name = name
        self.description = description
        self.addresses = addresses
        self.flags = flags
    }

    /// libpcap's interface flags.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A loopback interface. The corresponding pcap constant is `PCAP_IF_LOOPBACK`.
        public static let loopback = Flags(rawValue: 0x0000_0001)
        /// The interface is up. The corresponding pcap constant is `PCAP_IF_UP`.
        public static let up = Flags(rawValue: 0x0000_0002)
        /// The interface is running (has a link). The corresponding pcap constant is `PCAP_IF_RUNNING`.
        public static let running = Flags(rawValue: 0x0000_0004)
        /// A wireless interface. The corresponding pcap constant is `PCAP_IF_WIRELESS`.
        public static let wireless = Flags(rawValue: 0x0000_0008)
    }

    public var isLoopback: Bool { flags.contains(.loopback) }
    public var isUp: Bool { flags.contains(.up) }
    public var isRunning: Bool { flags.contains(.running) }
    public var isWireless: Bool { flags.contains(.wireless) }

    /// Whether the interface has a link, where libpcap knows (`PCAP_IF_CONNECTION_STATUS`).
    public enum ConnectionStatus: Sendable, Hashable {
        case unknown, connected, disconnected, notApplicable
    }

    public var connectionStatus: ConnectionStatus {
        switch flags.rawValue & 0x0000_0030 {
        case 0x10: .connected
        case 0x20: .disconnected
        case 0x30: .notApplicable
        default: .unknown
        }
    }
}
