public import TLS

/// What the analysis should do and how much it may keep.
public struct AnalysisOptions: Sendable {
    /// A BPF filter; packets that do not match are skipped but keep their numbers, and still
    /// number their connections (so connection numbers are the same as without the filter).
    public var filter: String?
    /// Out-of-order bytes buffered per direction before a hole is given up as lost.
    public var maxBufferedBytesPerDirection = 64 << 20
    /// Decode HTTP and WebSocket above TCP (off for `streams`, which needs TCP only).
    public var decodesApplicationLayer = true
    /// Keep frame payloads and message data for output (off for `summary`: decoding, inflating and
    /// validating still happen, only the bytes are not kept).
    public var retainsPayloads = true
    /// Emit a `.frame` event per frame (with the packets that carried it). Off when no one reads
    /// them (`summary`, `check`, `overhead`): frames are still decoded, checked and counted.
    public var emitsFrames = true
    /// Emit a `.message` event per data message. Off for `summary`, `check` and `frames`.
    public var emitsMessages = true
    /// Emit a `.tcpPacket` event per TCP segment (for the ladder). Off by default: one event per packet.
    public var emitsTCPPackets = false
    /// Bytes of one frame's payload or one message's data kept for output.
    public var payloadRetentionLimit = 64 << 20
    /// The inflated size at which one compressed message is cut off (zip-bomb guard).
    public var maxInflatedMessageSize = 64 << 20

    /// TLS secrets (NSS key log) to decrypt wss with; nil: TLS is recognised, not decrypted.
    public var keyLog: KeyLog?
    /// Also use the TLS key logs a pcapng capture carries (Decryption Secrets Blocks), read from
    /// the file once the first TLS connection needs keys.
    public var readsCaptureSecrets = true

    public init() {}
}
