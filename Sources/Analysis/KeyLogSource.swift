import PacketCapture
import TLS

/// The TLS secrets of one analysis: the key log it was given, joined with the TLS key logs the
/// capture itself carries in Decryption Secrets Blocks (libpcap skips those blocks, so the file is
/// walked a second time by `PcapngSecrets`).
///
/// The walk is made once, when the first TLS connection asks for keys: a capture without TLS costs
/// nothing, and a pcap file is never walked (only pcapng can hold secrets).
final class KeyLogSource {
    /// Where the capture's own secrets can be read from.
    enum CaptureInput {
        /// Nothing to look at (a pcap file, or the analysis was asked not to look).
        case none(TLSKeySources.CaptureSecrets)
        /// A pcapng file (gzip'd or not), read again by path.
        case file(String)
        /// A pcapng held in memory.
        case bytes([UInt8])
    }

    private let given: KeyLog?
    private var input: CaptureInput
    private var loaded = false
    private var combined: KeyLog?
    private var fromCapture: KeyLog?
    private(set) var sources: TLSKeySources

    init(given: KeyLog?, capture: CaptureInput) {
        self.given = given
        input = capture
        let initial: TLSKeySources.CaptureSecrets
        if case .none(let why) = capture { initial = why } else { initial = .notLookedFor }
        sources = TLSKeySources(keyLogGiven: given != nil, capture: initial)
    }

    /// The secrets to decrypt with: the given key log and the capture's, joined (nil when there
    /// are none at all). The first call walks the capture.
    func keyLog() -> KeyLog? {
        if !loaded { load() }
        return combined
    }

    /// Which source has secrets for the session of this ClientHello random (the given key log first).
    func origin(ofClientRandom random: [UInt8]) -> TLSKeyOrigin? {
        if given?.secrets(forClientRandom: random) != nil { return .keyLog }
        if fromCapture?.secrets(forClientRandom: random) != nil { return .capture }
        return nil
    }

    private func load() {
        loaded = true
        combined = given
        let scan: PcapngSecretsScan
        switch input {
        case .none:
            return
        case .file(let path):
            do {
                scan = try PcapngSecrets.scan(path: path)
            } catch {
                sources.capture = .searched(keyLogs: 0, sessions: 0, problem: error.description)
                return
            }
        case .bytes(let bytes):
            scan = PcapngSecrets.scan(bytes: bytes)
        }
        input = .none(.notLookedFor)   // the bytes are not needed any more
        guard scan.isPcapng else {
            sources.capture = .notPcapng
            return
        }
        let logs = scan.secrets.filter { $0.type == .tlsKeyLog }
        if !logs.isEmpty {
            var captured = KeyLog()
            for log in logs { captured.add(log.data) }   // each block's last line ends with it
            fromCapture = captured
            if var joined = given {
                for log in logs { joined.add(log.data) }
                combined = joined
            } else {
                combined = captured
            }
        }
        sources.capture = .searched(keyLogs: logs.count, sessions: fromCapture?.sessionCount ?? 0, problem: scan.problem)
    }
}
