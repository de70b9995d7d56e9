/// The format of a capture file, from its magic number.
public enum CaptureFileFormat: Sendable, Equatable {
    /// libpcap's classic format (microsecond, nanosecond or the modified variant, either byte order).
    case pcap
    /// pcapng: blocks, possibly several sections, and Decryption Secrets Blocks that libpcap skips
    /// (`PcapngSecrets` reads those).
    case pcapng

    /// The format the first four bytes announce, or nil when they announce neither.
    public init?(magic: some Collection<UInt8>) {
        let bytes = Array(magic.prefix(4))
        guard bytes.count == 4 else { return nil }
        let value = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        switch value {
        case 0x0A0D_0D0A: self = .pcapng
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1, 0xA1B2_CD34, 0x34CD_B2A1: self = .pcap
        default: return nil
        }
    }
}
