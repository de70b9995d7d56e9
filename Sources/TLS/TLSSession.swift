public import WireBytes

/// Decodes both directions of one TLS connection: records, the handshake (hellos, version, cipher
/// suite, SNI, ALPN), alerts, and, with a key log, the decrypted application data of TLS 1.3 and
/// TLS 1.2 AEAD suites as a continuous plaintext stream per direction whose every chunk names the
/// record and ciphertext bytes it came from.
///
/// Feed each direction's stream bytes in order with `consume` (stream offsets count from 0 per
/// direction, as TCPReassembly delivers them), report bytes the capture lacks with `gap`, and call
/// `finish` at the end. Feed the two directions in capture order: a direction's keys are known
/// once the ServerHello (in the server's stream) has been consumed.
///
/// Nothing is decrypted without the right keys, and nothing is claimed about what was not
/// decrypted: records say why they were not (`TLSUndecryptedReason`), and `keyStatus` says what is
/// missing for the connection as a whole.
public struct TLSSession: Sendable {
    public struct Configuration: Sendable {
        /// The secrets; nil when no key log was given (the session still parses the handshake).
        public var keyLog: KeyLog?
        /// Longest hello or EncryptedExtensions body kept for parsing.
        public var maximumKeptHandshakeMessageLength: Int
        /// TLS 1.3 without handshake secrets: how many protected records of a direction are tried
        /// against the application traffic secret before it is taken to be wrong.
        public var trialRecordLimit: Int

        public init(keyLog: KeyLog? = nil, maximumKeptHandshakeMessageLength: Int = 1 << 16, trialRecordLimit: Int = 64) {
            self.keyLog = keyLog
            self.maximumKeptHandshakeMessageLength = maximumKeptHandshakeMessageLength
            self.trialRecordLimit = trialRecordLimit
        }
    }

    public let configuration: Configuration
    private var client: TLSSessionDirection
    private var server: TLSSessionDirection
    private var connection: TLSConnectionState
    private var isFinished = false

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        client = TLSSessionDirection(peer: .client, configuration: configuration)
        server = TLSSessionDirection(peer: .server, configuration: configuration)
        connection = TLSConnectionState(configuration: configuration)
    }

    /// Decodes the next bytes of `peer`'s stream.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, from peer: Peer, into events: inout some TLSEventSink) {
        switch peer {
        case .client: client.consume(bytes, connection: &connection, events: &events)
        case .server: server.consume(bytes, connection: &connection, events: &events)
        }
    }

    /// Decodes the next bytes of `peer`'s stream (convenience for tests and small tools).
    public mutating func consume(_ bytes: [UInt8], from peer: Peer, into events: inout some TLSEventSink) {
        bytes.withUnsafeBytes { consume($0, from: peer, into: &events) }
    }

    /// `length` bytes of `peer`'s stream are missing from the capture. Inside a record body only
    /// that record is lost; elsewhere record boundaries are lost for that direction.
    public mutating func gap(from peer: Peer, length: UInt64, into events: inout some TLSEventSink) {
        switch peer {
        case .client: client.gap(length: length, connection: &connection, events: &events)
        case .server: server.gap(length: length, connection: &connection, events: &events)
        }
    }

    /// The capture or the connection ended: reports records cut off by the end. Later calls do nothing.
    public mutating func finish(into events: inout some TLSEventSink) {
        guard !isFinished else { return }
        isFinished = true
        client.finish(connection: &connection, events: &events)
        server.finish(connection: &connection, events: &events)
    }

    // MARK: State after the fact

    /// The (first) ClientHello.
    public var clientHello: TLSClientHello? { connection.clientHello }
    /// The client's first record, a ClientHello, is cut short in the capture (a snapshot length):
    /// what it offered past the captured bytes (SNI, ALPN, versions) is unknown, not absent.
    public var clientHelloCut: Bool { connection.clientHelloCut }
    /// The ClientHello sent again after a HelloRetryRequest.
    public var retriedClientHello: TLSClientHello? { connection.retriedClientHello }
    /// The ServerHello that fixed version and suite (not a HelloRetryRequest).
    public var serverHello: TLSServerHello? { connection.serverHello }
    public var helloRetryRequest: TLSServerHello? { connection.helloRetryRequest }
    /// TLS 1.3: the server's EncryptedExtensions, when the handshake could be decrypted.
    public var encryptedExtensions: TLSEncryptedExtensions? { connection.encryptedExtensions }
    /// The negotiated version, once the ServerHello was seen.
    public var version: TLSVersion? { connection.serverHello?.version }
    /// The negotiated cipher suite, once the ServerHello was seen.
    public var cipherSuite: TLSCipherSuite? { connection.serverHello?.cipherSuite }
    /// The ALPN protocol the server chose: from the ServerHello (TLS 1.2) or from the decrypted
    /// EncryptedExtensions (TLS 1.3); nil when none was chosen or it could not be read.
    public var selectedALPN: String? { connection.serverHello?.alpnProtocol ?? connection.encryptedExtensions?.alpnProtocol }
    /// Whether the keys are known, or what is missing.
    public var keyStatus: TLSKeyStatus { connection.keyStatus }

    public func counts(for peer: Peer) -> TLSDirectionCounts {
        peer == .client ? client.counts : server.counts
    }

    /// The key epoch of `peer`'s next protected record; nil while its records are in the clear.
    public func epoch(of peer: Peer) -> TLSKeyEpoch? {
        peer == .client ? client.epoch : server.epoch
    }

    /// Why decryption stopped for good in `peer`'s direction, if it did.
    public func stopReason(of peer: Peer) -> TLSUndecryptedReason? {
        peer == .client ? client.stopReason : server.stopReason
    }

    /// Length of `peer`'s plaintext stream so far (decrypted application data plus plaintext gaps).
    public func plaintextLength(of peer: Peer) -> UInt64 {
        peer == .client ? client.plaintextOffset : server.plaintextOffset
    }
}
