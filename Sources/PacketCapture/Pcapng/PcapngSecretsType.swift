/// What a pcapng Decryption Secrets Block holds (its Secrets Type field; the values Wireshark's
/// `wiretap/secrets-types.h` and the pcapng draft list).
public struct PcapngSecretsType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// An NSS key log (`SSLKEYLOGFILE`), as `editcap --inject-secrets tls,FILE` stores it: "TLSK".
    public static let tlsKeyLog = PcapngSecretsType(rawValue: 0x544C_534B)
    /// An SSH key log: "SSHK".
    public static let sshKeyLog = PcapngSecretsType(rawValue: 0x5353_484B)
    /// A WireGuard key log: "WGKL".
    public static let wireGuardKeyLog = PcapngSecretsType(rawValue: 0x5747_4B4C)
    /// A Zigbee network key: "ZNWK".
    public static let zigbeeNetworkKey = PcapngSecretsType(rawValue: 0x5A4E_574B)
    /// A Zigbee APS key: "ZAPS".
    public static let zigbeeAPSKey = PcapngSecretsType(rawValue: 0x5A41_5053)
    /// An OPC UA key log: "UAKL".
    public static let opcUAKeyLog = PcapngSecretsType(rawValue: 0x5541_4B4C)

    public var description: String {
        switch self {
        case .tlsKeyLog: "TLS key log"
        case .sshKeyLog: "SSH key log"
        case .wireGuardKeyLog: "WireGuard key log"
        case .zigbeeNetworkKey: "Zigbee NWK key"
        case .zigbeeAPSKey: "Zigbee APS key"
        case .opcUAKeyLog: "OPC UA key log"
        default: "secrets type 0x" + String(rawValue, radix: 16, uppercase: true)
        }
    }
}
