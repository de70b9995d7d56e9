public import WireBytes

/// The rules and observations of the TLS layer. Ids are stable (prefix "tls.") and part of the
/// public output: never rename one.
///
/// Most are observations about what could be decrypted, not verdicts on the peers: a tag that
/// does not verify says the keys do not fit (or bytes were altered), not that a peer broke a rule.
public enum TLSRule {
    // MARK: Records (RFC 8446 §5, RFC 5246 §6.2)

    public static let recordTooLong = Rule(
        id: "tls.record-too-long", rfcSection: "8446 5.2", severity: .error,
        summary: "A record must not exceed 2^14 bytes of plaintext, 2^14 + 256 bytes protected in TLS 1.3, or 2^14 + 2048 bytes protected in TLS 1.2.")
    public static let unknownContentType = Rule(
        id: "tls.unknown-content-type", rfcSection: "8446 5", severity: .error,
        summary: "A record's content type must be one TLS defines; a peer receiving another must abort with unexpected_message.")
    public static let innerPlaintextWithoutType = Rule(
        id: "tls.inner-plaintext-without-type", rfcSection: "8446 5.4", severity: .error,
        summary: "A TLS 1.3 record's decrypted inner plaintext must end in a non-zero content type after its padding.")
    public static let malformedHandshake = Rule(
        id: "tls.malformed-handshake", rfcSection: "8446 4", severity: .error,
        summary: "A ClientHello, ServerHello or EncryptedExtensions message must parse as the RFC defines it (a peer would send decode_error).")
    public static let fatalAlert = Rule(
        id: "tls.fatal-alert", rfcSection: "8446 6.2", severity: .warning,
        summary: "A peer sent an error alert: the TLS connection failed.")

    // MARK: Keys and decryption

    public static let noKeyLog = Rule(
        id: "tls.no-key-log", rfcSection: nil, severity: .info,
        summary: "The connection is encrypted and no key log was given: set SSLKEYLOGFILE when recording, then pass the file with --keylog.")
    public static let noKeysForSession = Rule(
        id: "tls.no-keys-for-session", rfcSection: nil, severity: .info,
        summary: "The key log has no secrets for this connection's ClientHello random: it was written for other sessions.")
    public static let handshakeNotCaptured = Rule(
        id: "tls.handshake-not-captured", rfcSection: nil, severity: .info,
        summary: "The capture lacks the ClientHello or ServerHello (it started late or bytes are missing): the keys of this connection cannot be found.")
    public static let secretMissing = Rule(
        id: "tls.secret-missing", rfcSection: nil, severity: .info,
        summary: "The key log lacks a secret this connection needs; what it protects stays encrypted.")
    public static let secretLengthMismatch = Rule(
        id: "tls.secret-length-mismatch", rfcSection: nil, severity: .warning,
        summary: "A key log secret has the wrong length for the negotiated cipher suite; it cannot be this session's.")
    public static let unsupportedCipherSuite = Rule(
        id: "tls.unsupported-cipher-suite", rfcSection: nil, severity: .info,
        summary: "The negotiated cipher suite is named but not decrypted: wslens decrypts the AEAD suites of TLS 1.3 and TLS 1.2 (AES-GCM, ChaCha20-Poly1305).")
    public static let authenticationFailed = Rule(
        id: "tls.authentication-failed", rfcSection: nil, severity: .warning,
        summary: "A record's authentication tag did not verify with the key log's secrets (wrong keys, or altered bytes); decryption stopped for that direction.")
    public static let earlyData = Rule(
        id: "tls.early-data", rfcSection: "8446 8", severity: .info,
        summary: "The client sent 0-RTT early data with its ClientHello. It was decrypted with CLIENT_EARLY_TRAFFIC_SECRET; unlike the rest of TLS, early data can be replayed, so a server should accept only requests that are safe to repeat.")
    public static let earlyDataNotDecrypted = Rule(
        id: "tls.early-data-not-decrypted", rfcSection: "8446 4.2.10", severity: .info,
        summary: "The client sent 0-RTT early data that stays encrypted: the key log has no CLIENT_EARLY_TRAFFIC_SECRET for the session, or no suite the client offers opened it.")
    public static let earlyDataRejected = Rule(
        id: "tls.early-data-rejected", rfcSection: "8446 4.2.10", severity: .info,
        summary: "The server did not accept the client's 0-RTT early data (its EncryptedExtensions has no early_data): the early bytes in the client's stream were never processed, and the client sends again what it needs after the handshake.")
    public static let renegotiationNotDecrypted = Rule(
        id: "tls.renegotiation-not-decrypted", rfcSection: "5746", severity: .info,
        summary: "A TLS 1.2 renegotiation began; records after its new keys take effect are not decrypted.")
    public static let handshakeMessageTooLong = Rule(
        id: "tls.handshake-message-too-long", rfcSection: nil, severity: .info,
        summary: "A hello message is longer than wslens keeps (64 KiB); it was counted but not parsed.")

    // MARK: The capture itself

    public static let recordBytesMissing = Rule(
        id: "tls.record-bytes-missing", rfcSection: nil, severity: .info,
        summary: "Bytes missing from the capture fell inside a record: that record cannot be decrypted, decoding goes on with the next.")
    public static let framingLost = Rule(
        id: "tls.framing-lost", rfcSection: nil, severity: .warning,
        summary: "Record boundaries are unknown from here (bytes missing outside a record body, or an impossible record length); this direction is not decoded until a record header follows right after bytes missing from the capture.")
    public static let framingRecovered = Rule(
        id: "tls.framing-recovered", rfcSection: nil, severity: .info,
        summary: "Record boundaries were found again at a record header right after bytes missing from the capture; the bytes skipped are not decoded, and the records in them are not counted.")
    public static let recordIncompleteAtEnd = Rule(
        id: "tls.record-incomplete-at-end", rfcSection: nil, severity: .info,
        summary: "The capture ended in the middle of a record (a truncated record).")

    /// Every rule of this module, for listings and documentation.
    public static let all: [Rule] = [
        recordTooLong, unknownContentType, innerPlaintextWithoutType, malformedHandshake, fatalAlert,
        noKeyLog, noKeysForSession, handshakeNotCaptured, secretMissing, secretLengthMismatch, unsupportedCipherSuite,
        authenticationFailed, earlyData, earlyDataNotDecrypted, earlyDataRejected, renegotiationNotDecrypted, handshakeMessageTooLong,
        recordBytesMissing, framingLost, framingRecovered, recordIncompleteAtEnd,
    ]
}
