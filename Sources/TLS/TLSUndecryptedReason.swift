/// Why a protected record was not decrypted, in terms a user can act on.
public enum TLSUndecryptedReason: Sendable, Hashable, CustomStringConvertible {
    /// No key log was given.
    case noKeyLog
    /// The key log has nothing for this connection's client random.
    case noSecretsForSession
    /// The ClientHello or ServerHello is not in the capture.
    case handshakeNotCaptured
    /// The key log lacks this secret (e.g. only application secrets were logged).
    case secretMissing(KeyLog.Label)
    /// The logged secret has the wrong length for the cipher suite.
    case secretLengthMismatch(KeyLog.Label)
    /// The cipher suite is named but not supported.
    case unsupportedCipherSuite(TLSCipherSuite)
    /// This record's tag did not verify.
    case authenticationFailed
    /// An earlier failure (tag, lost framing, renegotiation) stopped decryption in this direction.
    case stopped
    /// Bytes of this record are missing from the capture.
    case bytesMissing
    /// 0-RTT early data whose key is unknown: no suite the client offers opened it with the
    /// logged early secret, or (without that secret) a record of the early epoch after the ServerHello.
    case earlyData
    /// The body is shorter than the nonce and tag it must hold.
    case malformed
    /// Record boundaries were lost (bytes missing outside a record body, or an impossible length).
    case framingLost
    /// A TLS 1.2 renegotiation changed the keys.
    case renegotiation

    public var description: String {
        switch self {
        case .noKeyLog: return "no key log was given"
        case .noSecretsForSession: return "the key log has no secrets for this session"
        case .handshakeNotCaptured: return "the TLS handshake is not in the capture"
        case .secretMissing(let label): return "the key log lacks \(label.rawValue)"
        case .secretLengthMismatch(let label): return "the key log's \(label.rawValue) has the wrong length for the cipher suite"
        case .unsupportedCipherSuite(let suite): return "cipher suite \(suite.name) is not supported"
        case .authenticationFailed: return "the authentication tag did not verify"
        case .stopped: return "decryption stopped earlier in this direction"
        case .bytesMissing: return "bytes of the record are missing from the capture"
        case .earlyData: return "0-RTT early data without its key"
        case .malformed: return "the record is too short for its nonce and tag"
        case .framingLost: return "record boundaries were lost"
        case .renegotiation: return "a renegotiation changed the keys"
        }
    }
}
