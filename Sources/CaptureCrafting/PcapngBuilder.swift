public import PacketCapture

/// Writes pcapng files block by block, in either byte order: the sections, interfaces, packets and
/// Decryption Secrets Blocks that `editcap` and `dumpcap` write, and, for robustness tests, blocks
/// whose lengths lie (`rawBlock`). CaptureWriter writes pcap only; this is its pcapng sibling.
public struct PcapngBuilder {
    public let bigEndian: Bool
    public private(set) var bytes: [UInt8] = []

    public init(bigEndian: Bool = false) { self.bigEndian = bigEndian }

    /// A Section Header Block (version 1.0, section length unknown).
    public mutating func sectionHeader(majorVersion: UInt16 = 1, minorVersion: UInt16 = 0) {
        var body = word(0x1A2B_3C4D)
        body += half(majorVersion) + half(minorVersion)
        body += Array(repeating: 0xFF, count: 8)   // section length -1: not given
        block(type: 0x0A0D_0D0A, body: body)
    }

    /// An Interface Description Block with nanosecond timestamps (`if_tsresol` = 9).
    public mutating func interface(linkType: LinkType, snapshotLength: UInt32 = 262_144) {
        var body = half(UInt16(truncatingIfNeeded: linkType.rawValue)) + half(0) + word(snapshotLength)
        body += option(9, [9])   // if_tsresol: 10^-9
        body += option(0, [])    // opt_endofopt
        block(type: 0x0000_0001, body: body)
    }

    /// An Enhanced Packet Block on interface `interface`.
    public mutating func packet(_ data: [UInt8], timestamp: CaptureTimestamp, interface: UInt32 = 0, originalLength: Int? = nil) {
        let ticks = UInt64(timestamp.seconds) &* 1_000_000_000 &+ UInt64(timestamp.nanoseconds)
        var body = word(interface) + word(UInt32(ticks >> 32)) + word(UInt32(ticks & 0xFFFF_FFFF))
        body += word(UInt32(data.count)) + word(UInt32(originalLength ?? data.count))
        body += padded(data)
        block(type: 0x0000_0006, body: body)
    }

    /// A Decryption Secrets Block, as `editcap --inject-secrets` writes it.
    public mutating func decryptionSecrets(type: PcapngSecretsType, data: [UInt8]) {
        block(type: 0x0000_000A, body: word(type.rawValue) + word(UInt32(data.count)) + padded(data))
    }

    /// A block with the given body; the lengths are the true ones unless given (hostile tests).
    public mutating func block(type: UInt32, body: [UInt8]) {
        let length = UInt32(12 + body.count)
        rawBlock(type: type, leadingLength: length, body: body, trailingLength: length)
    }

    /// A block exactly as given, lengths included, true or not.
    public mutating func rawBlock(type: UInt32, leadingLength: UInt32, body: [UInt8], trailingLength: UInt32?) {
        bytes += word(type) + word(leadingLength) + body
        if let trailingLength { bytes += word(trailingLength) }
    }

    /// Appends bytes as they are (a file cut off, another file after this one).
    public mutating func append(_ raw: [UInt8]) { bytes += raw }

    private func option(_ code: UInt16, _ value: [UInt8]) -> [UInt8] {
        half(code) + half(UInt16(value.count)) + padded(value)
    }

    private func padded(_ data: [UInt8]) -> [UInt8] {
        data + Array(repeating: 0, count: (4 - data.count % 4) % 4)
    }

    private func word(_ value: UInt32) -> [UInt8] {
        let big = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        return bigEndian ? big : big.reversed()
    }

    private func half(_ value: UInt16) -> [UInt8] {
        bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
    }
}
