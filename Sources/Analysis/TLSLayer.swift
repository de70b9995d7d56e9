public import TLS
import TCPReassembly
public import WireBytes

/// TLS under a connection's HTTP and WebSocket stages (wss): the TLS session decrypts what it has
/// keys for, and the plaintext goes up as a stream of its own, whose bytes keep their packets: a
/// plaintext byte maps to the ciphertext byte that carried it (AEAD ciphers are stream ciphers
/// over the record body), and that to its packet through the wire's provenance.
final class TLSLayer {
    var session: TLSSession
    /// Provenance of the TCP streams (ciphertext); the pipeline's own provenance holds the plaintext's.
    var wire = PerPeer(repeating: ProvenanceIndex())
    /// The session's events of the call being handled (reused).
    var events: [TLSEvent] = []
    private(set) var alerts: [TLSAlertInfo] = []
    private(set) var records = PerPeer(repeating: 0)
    private(set) var keyUpdates = PerPeer(repeating: 0)
    /// A HelloRetryRequest came before the ServerHello; the ServerHello accepted a pre-shared key
    /// (a resumed session).
    private(set) var helloRetried = false
    private(set) var resumed = false
    /// Directions whose decryption stopped before their end.
    var unread: Set<Peer> = []
    /// The handshake, ChangeCipherSpecs and alerts, for the ladder (bounded).
    private(set) var steps: [TLSHandshakeStep] = []
    /// The packets that ended the latest records of each direction (record index, packet): a
    /// handshake message or alert event follows its record's closely.
    private var recordEnds = PerPeer(repeating: [(index: Int, packet: UInt64?)]())
    private let keys: KeyLogSource
    /// Which records carried which plaintext (only when frames are printed).
    let tracker: TLSRecordTracker?

    init(keys: KeyLogSource, tracksRecords: Bool) {
        self.keys = keys
        tracker = tracksRecords ? TLSRecordTracker() : nil
        session = TLSSession(configuration: .init(keyLog: keys.keyLog()))
    }

    private func recordEnd(_ index: Int, from peer: Peer) -> UInt64? {
        recordEnds[peer].last { $0.index == index }?.packet ?? nil
    }

    private func step(_ step: TLSHandshakeStep) {
        if steps.count < TLSHandshakeStep.limit { steps.append(step) }
    }

    /// Whether the first bytes of a direction begin a TLS record (a handshake record when the
    /// capture has the connection's start; any record type when it began later).
    static func looksLikeTLS(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= TLSRecordHeader.length else { return false }
        let header = TLSRecordHeader(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4])
        return header.isPlausible
    }

    /// Notes what the report keeps of an event (the pipeline acts on the rest).
    func note(_ event: TLSEvent) {
        switch event {
        case .record(let record):
            records[record.from] += 1
            if recordEnds[record.from].count == 32 { recordEnds[record.from].removeFirst() }
            recordEnds[record.from].append((record.index, wire[record.from].location(of: record.range.upperBound - 1)?.packet))
            tracker?.note(record, packets: wire[record.from].packets(covering: record.range))
        case .alert(let alert):
            if alerts.count < 100 { alerts.append(alert) }
            step(TLSHandshakeStep(from: alert.from, kind: .alert(level: alert.alert?.levelName, description: alert.alert?.name),
                                  encrypted: alert.wasEncrypted, packet: recordEnd(alert.recordIndex, from: alert.from)))
        case .handshakeMessage(let message):
            if message.type == .keyUpdate { keyUpdates[message.from] += 1 }
            step(TLSHandshakeStep(from: message.from, kind: .message(message.type.name), encrypted: message.wasEncrypted,
                                  packet: recordEnd(message.lastRecordIndex, from: message.from)))
        case .serverHello(let hello, _):
            if hello.isHelloRetryRequest {
                helloRetried = true
                // The message's step came just before this event: it was a HelloRetryRequest.
                if let last = steps.lastIndex(where: { $0.from == .server }), steps[last].kind == .message(TLSHandshakeType.serverHello.name) {
                    steps[last] = TLSHandshakeStep(from: .server, kind: .message("hello_retry_request"), encrypted: steps[last].encrypted,
                                                   packet: steps[last].packet)
                }
            } else if hello.acceptsPreSharedKey {
                resumed = true
            }
        case .changeCipherSpec(let from, let recordIndex):
            step(TLSHandshakeStep(from: from, kind: .changeCipherSpec, encrypted: false, packet: recordEnd(recordIndex, from: from)))
        default: break
        }
    }

    /// Keeps the wire's provenance for the last records only: a record is at most 18 KiB.
    func trimWireProvenance() {
        for peer in Peer.allCases where wire[peer].runCount > 1_024 {
            let end = wire[peer].lastOffset
            wire[peer].discard(before: end > 1 << 18 ? end - (1 << 18) : 0)
        }
    }

    /// What `summary` shows of the TLS connection.
    var report: TLSReport {
        TLSReport(version: session.version, cipherSuite: session.cipherSuite,
                  serverName: session.clientHello?.serverName, offeredALPN: session.clientHello?.alpnProtocols ?? [],
                  selectedALPN: session.selectedALPN, keyStatus: session.keyStatus, records: records,
                  plaintextBytes: PerPeer(client: session.counts(for: .client).applicationDataBytes,
                                          server: session.counts(for: .server).applicationDataBytes),
                  alerts: alerts, clientHelloSeen: session.clientHello != nil, clientHelloCut: session.clientHelloCut,
                  keyOrigin: session.keyStatus.canDecryptApplicationData ? session.clientHello.flatMap { keys.origin(ofClientRandom: $0.random) } : nil,
                  counts: PerPeer(client: session.counts(for: .client), server: session.counts(for: .server)),
                  keyUpdates: keyUpdates, steps: steps, helloRetryRequest: helloRetried, resumed: resumed,
                  earlyData: session.clientHello?.offersEarlyData == true
                      ? TLSEarlyDataReport(decryptedBytes: session.counts(for: .client).earlyDataBytes,
                                           accepted: session.encryptedExtensions?.acceptsEarlyData)
                      : nil)
    }
}

/// A TLS connection as `summary` shows it.
public struct TLSReport: Sendable {
    public let version: TLSVersion?
    public let cipherSuite: TLSCipherSuite?
    /// The server name the client asked for (SNI).
    public let serverName: String?
    public let offeredALPN: [String]
    public let selectedALPN: String?
    /// Whether and why the application data can (not) be decrypted.
    public let keyStatus: TLSKeyStatus
    public let records: PerPeer<Int>
    /// Application data decrypted, per direction (records lost to the capture not included).
    public let plaintextBytes: PerPeer<UInt64>
    public let alerts: [TLSAlertInfo]
    public let clientHelloSeen: Bool
    /// The ClientHello is cut short in the capture: `serverName` and `offeredALPN` are unknown, not absent.
    public let clientHelloCut: Bool
    /// Where the session's secrets came from, when it was decrypted.
    public let keyOrigin: TLSKeyOrigin?
    /// Records, bytes per kind (headers, handshake, tags ...) and what was decrypted, per direction.
    public let counts: PerPeer<TLSDirectionCounts>
    /// TLS 1.3 KeyUpdate messages sent (each direction's keys changed that many times).
    public let keyUpdates: PerPeer<Int>
    /// The handshake messages, ChangeCipherSpecs and alerts in order, with their packets (at most
    /// `TLSHandshakeStep.limit`).
    public let steps: [TLSHandshakeStep]
    /// TLS 1.3: the server asked for another key share (HelloRetryRequest) before its ServerHello.
    public let helloRetryRequest: Bool
    /// The server accepted a pre-shared key: a resumed session (no certificate in the handshake).
    public let resumed: Bool
    /// TLS 1.3 0-RTT: present when the ClientHello announced early data.
    public let earlyData: TLSEarlyDataReport?
}

/// TLS 1.3 0-RTT early data as `summary` shows it.
public struct TLSEarlyDataReport: Sendable {
    /// Early application data decrypted (0 when it could not be).
    public let decryptedBytes: UInt64
    /// Whether the server took it (early_data in its EncryptedExtensions); nil when the encrypted
    /// handshake could not be read.
    public let accepted: Bool?
}
