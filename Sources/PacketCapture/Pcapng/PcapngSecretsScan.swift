/// What a walk over a pcapng file's blocks found.
public struct PcapngSecretsScan: Sendable, Equatable {
    /// Whether the data start with a pcapng Section Header Block. False for a pcap file (which
    /// cannot hold secrets) and anything else; then nothing else was read.
    public var isPcapng: Bool
    /// The sections walked (Section Header Blocks seen).
    public var sections: Int
    /// The blocks walked, of every type.
    public var blocks: Int
    /// The Decryption Secrets Blocks, in file order.
    public var secrets: [PcapngDecryptionSecrets]
    /// Why the walk stopped before the end of the data (a malformed block, a size over a limit, a
    /// read error), with its offset; nil when it reached the end. The secrets before it are kept.
    public var problem: String?

    public init(isPcapng: Bool, sections: Int, blocks: Int, secrets: [PcapngDecryptionSecrets], problem: String?) {
        self.isPcapng = isPcapng
        self.sections = sections
        self.blocks = blocks
        self.secrets = secrets
        self.problem = problem
    }

    /// The TLS key log secrets joined in file order, one NSS key log text (nil when there are none).
    public var tlsKeyLog: String? {
        let logs = secrets.filter { $0.type == .tlsKeyLog }
        guard !logs.isEmpty else { return nil }
        return logs.map { log in log.text.hasSuffix("\n") || log.text.isEmpty ? log.text : log.text + "\n" }.joined()
    }
}

/// Bounds for walking an untrusted pcapng file.
public struct PcapngWalkLimits: Sendable, Equatable {
    /// The largest block accepted (libpcap's and Wireshark's own limit is 16 MiB).
    public var maximumBlockLength: UInt32
    /// The most secrets bytes collected over all blocks.
    public var maximumSecretsBytes: Int

    public init(maximumBlockLength: UInt32 = 16 << 20, maximumSecretsBytes: Int = 64 << 20) {
        self.maximumBlockLength = maximumBlockLength
        self.maximumSecretsBytes = maximumSecretsBytes
    }
}
