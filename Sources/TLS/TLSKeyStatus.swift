/// Whether a session's keys are known, and if not, what is missing: what `summary` says in one
/// line for a connection it cannot decrypt.
public enum TLSKeyStatus: Sendable, Hashable {
    /// No ServerHello yet: version and cipher suite are unknown.
    case awaitingHandshake
    /// No key log was given.
    case noKeyLog
    /// The ClientHello or ServerHello is not in the capture.
    case handshakeNotCaptured
    /// The key log has no secrets for this client random.
    case noSecretsForSession
    /// The cipher suite is named but not decrypted.
    case unsupportedCipherSuite(TLSCipherSuite)
    /// Secrets were found. TLS 1.3: which traffic secrets the log had (handshake, application);
    /// TLS 1.2: both true once the master secret was found.
    case available(handshake: Bool, application: Bool)

    /// Whether application data can be decrypted (as far as the key log goes; tags still decide).
    public var canDecryptApplicationData: Bool {
        if case .available(_, let application) = self { return application }
        return false
    }
}
