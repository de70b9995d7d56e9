/// Walks the blocks of a pcapng file and collects its Decryption Secrets Blocks.
///
/// libpcap skips DSBs (its pcapng reader passes on section, interface and packet blocks only), so
/// secrets stored in a capture with `editcap --inject-secrets` are found here, in a second pass over
/// the same file. Every length is checked before it is used: a block shorter than its header or
/// than what it claims to hold, not a multiple of 4, over `maximumBlockLength`, or with a trailing
/// length that differs from the leading one ends the walk with a `problem`, keeping what was found.
/// Memory stays bounded: blocks other than DSBs are skipped unread, and the secrets collected are
/// capped by `maximumSecretsBytes`.
struct PcapngBlockWalker<Source: PcapngByteSource> {
    private var source: Source
    private let limits: PcapngWalkLimits
    private var offset: UInt64 = 0
    private var bigEndian = false
    private var scan = PcapngSecretsScan(isPcapng: false, sections: 0, blocks: 0, secrets: [], problem: nil)
    private var secretsBytes = 0

    /// Section Header Block type: the same in either byte order.
    static var sectionHeaderType: UInt32 { 0x0A0D_0D0A }
    /// Decryption Secrets Block type.
    static var decryptionSecretsType: UInt32 { 0x0000_000A }
    /// The smallest Section Header Block: type, length, byte-order magic, version, section length, trailer.
    static var minimumSectionHeaderLength: UInt32 { 28 }

    init(source: Source, limits: PcapngWalkLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func walk() -> PcapngSecretsScan {
        while step() {}
        return scan
    }

    /// One block; false at the end or after a problem.
    private mutating func step() -> Bool {
        let header = source.read(8)
        if header.isEmpty {
            if let failure = source.failure { return stop("read error at offset \(offset): \(failure)") }
            return false
        }
        guard header.count == 8 else { return scan.isPcapng ? stop(cutOff("a block header")) : false }
        let rawType = Self.word(header, 0, bigEndian: false)
        if rawType == Self.sectionHeaderType { return sectionHeader(header) }
        guard scan.isPcapng else { return false }   // not pcapng at all: nothing to report
        let type = Self.word(header, 0, bigEndian: bigEndian)
        let length = Self.word(header, 4, bigEndian: bigEndian)
        guard check(length, minimum: 12, of: "block of type 0x\(String(type, radix: 16))") else { return false }
        if type == Self.decryptionSecretsType {
            guard decryptionSecrets(length: length) else { return false }
        } else {
            guard skipBody(Int(length) - 12) else { return false }
        }
        return trailer(length)
    }

    private mutating func sectionHeader(_ header: [UInt8]) -> Bool {
        let magic = source.read(4)
        guard magic.count == 4 else { return scan.isPcapng ? stop(cutOff("a section header")) : false }
        switch Self.word(magic, 0, bigEndian: true) {
        case 0x1A2B_3C4D: bigEndian = true
        case 0x4D3C_2B1A: bigEndian = false
        default:
            // At the start this is simply not pcapng; later it is a broken section.
            return scan.isPcapng ? stop("bad byte-order magic in the section header at offset \(offset)") : false
        }
        scan.isPcapng = true
        let length = Self.word(header, 4, bigEndian: bigEndian)
        guard check(length, minimum: Self.minimumSectionHeaderLength, of: "section header") else { return false }
        let version = source.read(2)
        guard version.count == 2 else { return stop(cutOff("a section header")) }
        let major = bigEndian ? UInt16(version[0]) << 8 | UInt16(version[1]) : UInt16(version[1]) << 8 | UInt16(version[0])
        guard major == 1 else { return stop("section at offset \(offset) has pcapng version \(major), not 1") }
        scan.sections += 1
        guard skipBody(Int(length) - 12 - 4 - 2) else { return false }
        return trailer(length)
    }

    private mutating func decryptionSecrets(length: UInt32) -> Bool {
        guard length >= 20 else { return stop("decryption secrets block at offset \(offset) is \(length) bytes, too short for its fields") }
        let fields = source.read(8)
        guard fields.count == 8 else { return stop(cutOff("a decryption secrets block")) }
        let type = PcapngSecretsType(rawValue: Self.word(fields, 0, bigEndian: bigEndian))
        let secretsLength = Int(Self.word(fields, 4, bigEndian: bigEndian))
        let padded = (secretsLength + 3) & ~3
        guard 20 + padded <= Int(length) else {
            return stop("decryption secrets block at offset \(offset) claims \(secretsLength) bytes of secrets but is only \(length) bytes long")
        }
        guard secretsBytes + secretsLength <= limits.maximumSecretsBytes else {
            return stop("secrets over the limit of \(limits.maximumSecretsBytes) bytes at offset \(offset)")
        }
        let data = source.read(secretsLength)
        guard data.count == secretsLength else { return stop(cutOff("a decryption secrets block")) }
        secretsBytes += secretsLength
        scan.secrets.append(PcapngDecryptionSecrets(type: type, data: data, section: max(scan.sections - 1, 0), offset: offset))
        // Padding and options.
        return skipBody(Int(length) - 16 - secretsLength - 4)
    }

    private mutating func check(_ length: UInt32, minimum: UInt32, of what: String) -> Bool {
        if length < minimum { return stop("\(what) at offset \(offset) claims \(length) bytes, less than its \(minimum)-byte minimum") }
        if length % 4 != 0 { return stop("\(what) at offset \(offset) claims \(length) bytes, not a multiple of 4") }
        if length > limits.maximumBlockLength {
            return stop("\(what) at offset \(offset) claims \(length) bytes, over the limit of \(limits.maximumBlockLength)")
        }
        return true
    }

    private mutating func skipBody(_ count: Int) -> Bool {
        guard source.skip(count) == count else { return stop(cutOff("a block")) }
        return true
    }

    private mutating func trailer(_ length: UInt32) -> Bool {
        let bytes = source.read(4)
        guard bytes.count == 4 else { return stop(cutOff("a block's trailing length")) }
        let trailing = Self.word(bytes, 0, bigEndian: bigEndian)
        guard trailing == length else {
            return stop("block at offset \(offset) ends with length \(trailing), not its leading \(length)")
        }
        scan.blocks += 1
        offset += UInt64(length)
        return true
    }

    private func cutOff(_ what: String) -> String {
        if let failure = source.failure { return "read error inside \(what) at offset \(offset): \(failure)" }
        return "the file ends inside \(what) at offset \(offset)"
    }

    private mutating func stop(_ problem: String) -> Bool {
        scan.problem = problem
        return false
    }

    private static func word(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> UInt32 {
        let b = (UInt32(bytes[at]), UInt32(bytes[at + 1]), UInt32(bytes[at + 2]), UInt32(bytes[at + 3]))
        return bigEndian ? b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3 : b.3 << 24 | b.2 << 16 | b.1 << 8 | b.0
    }
}
