import WireBytes

/// What both directions of a session share: the hellos, the negotiated version and suite, the
/// secrets found in the key log, and the findings that are reported once per connection.
struct TLSConnectionState: Sendable {
    let configuration: TLSSession.Configuration
    var clientHello: TLSClientHello?
    /// The client's first record was a handshake record with bytes missing (a ClientHello cut by
    /// the snapshot length, or a hole in the capture): its random is lost, not absent.
    var clientHelloCut = false
    var retriedClientHello: TLSClientHello?
    var serverHello: TLSServerHello?
    var helloRetryRequest: TLSServerHello?
    var encryptedExtensions: TLSEncryptedExtensions?
    var keyStatus: TLSKeyStatus = .awaitingHandshake
    /// Parameters of the negotiated suite, when wslens supports it.
    var parameters: TLSCipherSuite.Parameters?
    /// The session's secrets once the ServerHello was seen and the log had them.
    var secrets: KeyLog.Secrets?
    /// TLS 1.2: the key block, derived when the ServerHello is seen.
    var tls12Keys: (client: TLSTrafficKeys, server: TLSTrafficKeys)?
    /// Rule ids (with a qualifier) already reported for the whole connection.
    private var reported: Set<String> = []

    init(configuration: TLSSession.Configuration) {
        self.configuration = configuration
    }

    /// The version the ServerHello chose; nil before it.
    var version: TLSVersion? { serverHello?.version }

    // MARK: Hellos

    mutating func noteClientHello(_ hello: TLSClientHello) {
        if clientHello == nil { clientHello = hello } else { retriedClientHello = hello }
    }

    /// Records a ServerHello and looks up and derives the keys. Findings about the whole
    /// connection (no key log, no secrets, unsupported suite, missing secrets) go out once.
    mutating func noteServerHello(_ hello: TLSServerHello, streamOffset: UInt64, events: inout some TLSEventSink) {
        if hello.isHelloRetryRequest {
            helloRetryRequest = hello
            return
        }
        guard serverHello == nil else { return }
        serverHello = hello
        guard let keyLog = configuration.keyLog else {
            keyStatus = .noKeyLog
            reportOnce(TLSRule.noKeyLog, "The connection is encrypted (\(hello.version.name), \(hello.cipherSuite.name)) and no key log was given: record with SSLKEYLOGFILE set, then pass the file with --keylog.",
                       key: "finding.tls.no-key-log", [.text(hello.version.name), .text(hello.cipherSuite.name)], streamOffset: streamOffset, events: &events)
            return
        }
        guard let clientHello else {
            keyStatus = .handshakeNotCaptured
            if clientHelloCut {
                reportOnce(TLSRule.handshakeNotCaptured, "The ClientHello is cut short in the capture (bytes missing: a snapshot length smaller than the packets?), and with it the random that names the session in the key log: the connection cannot be decrypted.",
                           key: "finding.tls.handshake-not-captured.clientHelloCut", streamOffset: streamOffset, events: &events)
            } else {
                reportOnce(TLSRule.handshakeNotCaptured, "The capture has the ServerHello but not the ClientHello, whose random names the session in the key log: the connection cannot be decrypted.",
                           key: "finding.tls.handshake-not-captured.noClientHello", streamOffset: streamOffset, events: &events)
            }
            return
        }
        guard let parameters = hello.cipherSuite.parameters, parameters.version == hello.version else {
            keyStatus = .unsupportedCipherSuite(hello.cipherSuite)
            reportOnce(TLSRule.unsupportedCipherSuite, "The server chose \(hello.cipherSuite.name) (\(hello.version.name)); wslens decrypts only the AEAD suites of TLS 1.3 and TLS 1.2, so this connection stays encrypted.",
                       key: "finding.tls.unsupported-cipher-suite", [.text(hello.cipherSuite.name), .text(hello.version.name)], streamOffset: streamOffset, events: &events)
            return
        }
        self.parameters = parameters
        guard let secrets = keyLog.secrets(forClientRandom: clientHello.random) else {
            keyStatus = .noSecretsForSession
            reportOnce(TLSRule.noKeysForSession, "The key log has no secrets for this session (client random \(clientHello.random.hexString.prefix(16))...): it was written for other connections.",
                       key: "finding.tls.no-keys-for-session", [.text(String(clientHello.random.hexString.prefix(16)))], streamOffset: streamOffset, events: &events)
            return
        }
        self.secrets = secrets
        if parameters.version == .tls1_2 {
            guard let master = usableSecret(.clientRandom, length: 48, streamOffset: streamOffset, events: &events) else {
                keyStatus = .available(handshake: false, application: false)
                return
            }
            tls12Keys = TLS12KeyDerivation.keyBlock(masterSecret: master, clientRandom: clientHello.random,
                                                    serverRandom: hello.random, parameters: parameters)
            keyStatus = .available(handshake: true, application: true)
            return
        }
        let length = parameters.hash.outputLength
        let handshake = usableSecret(.clientHandshakeTrafficSecret, length: length, streamOffset: streamOffset, events: &events) != nil
            && usableSecret(.serverHandshakeTrafficSecret, length: length, streamOffset: streamOffset, events: &events) != nil
        let application = usableSecret(.clientTrafficSecret0, length: length, streamOffset: streamOffset, events: &events) != nil
            && usableSecret(.serverTrafficSecret0, length: length, streamOffset: streamOffset, events: &events) != nil
        keyStatus = .available(handshake: handshake, application: application)
        if !handshake, application {
            reportOnce(TLSRule.secretMissing, "The key log has the application traffic secrets of this session but not its handshake traffic secrets: the encrypted handshake (certificate, the server's ALPN choice) cannot be read; application data is decrypted from the first record the application secret opens.",
                       key: "finding.tls.secret-missing.handshake", streamOffset: streamOffset, events: &events)
        } else if !application {
            reportOnce(TLSRule.secretMissing, "The key log lacks the application traffic secrets (CLIENT_TRAFFIC_SECRET_0, SERVER_TRAFFIC_SECRET_0) of this session: its application data cannot be decrypted.",
                       key: "finding.tls.secret-missing.application", streamOffset: streamOffset, events: &events)
        }
    }

    /// A secret from the session's entry when present and of the expected length; a secret of
    /// another length is reported (once) and not used.
    mutating func usableSecret(_ label: KeyLog.Label, length: Int, streamOffset: UInt64? = nil,
                               events: inout some TLSEventSink) -> [UInt8]? {
        guard let secret = secrets?[label] else { return nil }
        guard secret.count == length else {
            reportOnce(TLSRule.secretLengthMismatch, "The key log's \(label.rawValue) for this session has \(secret.count) bytes; the cipher suite needs \(length). It cannot be this session's secret.",
                       key: "finding.tls.secret-length-mismatch", [.text(label.rawValue), .number(secret.count), .number(length)],
                       qualifier: label.rawValue, streamOffset: streamOffset, events: &events)
            return nil
        }
        return secret
    }

    // MARK: Findings

    /// Emits a finding about the whole connection unless this rule (and qualifier) was reported.
    mutating func reportOnce(_ rule: Rule, _ message: String, key: String? = nil, _ arguments: [MessageArgument] = [],
                             qualifier: String = "", from peer: Peer? = nil,
                             recordIndex: Int? = nil, streamOffset: UInt64? = nil, events: inout some TLSEventSink) {
        guard reported.insert(rule.id + "/" + qualifier).inserted else { return }
        events.receive(.finding(TLSFinding(finding: Finding(rule: rule, message: message, streamOffset: streamOffset,
                                                            messageKey: key, arguments: arguments),
                                           from: peer, recordIndex: recordIndex)))
    }
}
