/// Where an analysis looked for TLS secrets: a key log given to it (`--keylog`, SSLKEYLOGFILE) and
/// the capture itself (a pcapng's Decryption Secrets Blocks, as `editcap --inject-secrets` and
/// Wireshark write them). What the summary and the CLI say when a TLS connection stays encrypted.
public struct TLSKeySources: Sendable, Hashable {
    /// What the capture itself gave.
    public enum CaptureSecrets: Sendable, Hashable {
        /// Not looked for: no TLS connection was met (the walk over the file is made only then), or
        /// the analysis was asked not to look.
        case notLookedFor
        /// A pcap file (or no file at all): only pcapng can carry secrets.
        case notPcapng
        /// A pcapng file walked for its Decryption Secrets Blocks: how many TLS key logs they held,
        /// for how many sessions, and why the walk stopped early, if it did (the secrets before
        /// the problem are used).
        case searched(keyLogs: Int, sessions: Int, problem: String?)
        /// A pcapng that cannot be read a second time for its secrets (standard input, a pipe, a
        /// live capture), with the reason in words.
        case notSearchable(String)
    }

    /// A key log was given to the analysis.
    public var keyLogGiven: Bool
    public var capture: CaptureSecrets

    public init(keyLogGiven: Bool, capture: CaptureSecrets) {
        self.keyLogGiven = keyLogGiven
        self.capture = capture
    }
}

/// Which source gave a decrypted session its secrets.
public enum TLSKeyOrigin: String, Sendable, Hashable {
    /// The key log given with `--keylog` or SSLKEYLOGFILE.
    case keyLog
    /// A Decryption Secrets Block of the capture itself.
    case capture
}
