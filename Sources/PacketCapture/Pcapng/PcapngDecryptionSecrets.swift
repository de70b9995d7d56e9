/// One Decryption Secrets Block of a pcapng file: the secrets exactly as stored.
public struct PcapngDecryptionSecrets: Sendable, Equatable {
    public var type: PcapngSecretsType
    /// The Secrets Data, without the block's padding (for a TLS key log: the log's text, verbatim).
    public var data: [UInt8]
    /// The section the block is in, 0-based (a pcapng file can hold several, e.g. after `cat`).
    public var section: Int
    /// The block's offset in the file, in bytes.
    public var offset: UInt64

    public init(type: PcapngSecretsType, data: [UInt8], section: Int, offset: UInt64) {
        self.type = type
        self.data = data
        self.section = section
        self.offset = offset
    }

    /// The data as text (a key log is ASCII); bytes that are not UTF-8 become U+FFFD.
    public var text: String { String(decoding: data, as: UTF8.self) }
}
