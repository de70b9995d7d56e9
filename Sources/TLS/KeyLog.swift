/// The secrets of an NSS key log file (what SSLKEYLOGFILE makes Chromium, Firefox, curl, Node's
/// `--tls-keylog` and Python's `keylog_filename` write), filed by client random.
///
/// One line is `LABEL <client random, 64 hex digits> <secret, hex>`. Lines starting with `#` and
/// blank lines are skipped, a trailing CR is dropped, secrets may have any length (32 bytes for
/// SHA-256 suites, 48 for SHA-384 and for a TLS 1.2 master secret). Lines with an unknown label,
/// malformed lines and lines that contradict an earlier one are counted with the number of the
/// first, so a caller can report each kind once. A value type: parse once, share freely.
public struct KeyLog: Sendable {
    /// The labels wslens uses (Wireshark's `tls_keylog_process_lines` documents the same set).
    public enum Label: String, Sendable, Hashable, CaseIterable {
        /// TLS 1.2 and older: the 48-byte master secret.
        case clientRandom = "CLIENT_RANDOM"
        case clientEarlyTrafficSecret = "CLIENT_EARLY_TRAFFIC_SECRET"
        case clientHandshakeTrafficSecret = "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
        case serverHandshakeTrafficSecret = "SERVER_HANDSHAKE_TRAFFIC_SECRET"
        case clientTrafficSecret0 = "CLIENT_TRAFFIC_SECRET_0"
        case serverTrafficSecret0 = "SERVER_TRAFFIC_SECRET_0"
        case exporterSecret = "EXPORTER_SECRET"
        case earlyExporterSecret = "EARLY_EXPORTER_SECRET"
    }

    /// The secrets of one session (one client random).
    public struct Secrets: Sendable, Hashable {
        public var values: [Label: [UInt8]] = [:]

        public init() {}

        public subscript(label: Label) -> [UInt8]? {
            get { values[label] }
            set { values[label] = newValue }
        }
    }

    /// Lines of one kind of problem: how many, and the 1-based number of the first.
    public struct LineProblem: Sendable, Hashable {
        public var count: Int
        public var firstLine: Int

        public init(count: Int, firstLine: Int) {
            self.count = count
            self.firstLine = firstLine
        }
    }

    private var sessions: [[UInt8]: Secrets] = [:]
    /// Lines with a label this parser does not know (e.g. the RSA pre-master label).
    public private(set) var unknownLabelLines: LineProblem?
    /// Lines that are not `LABEL <64 hex digits> <hex>`.
    public private(set) var malformedLines: LineProblem?
    /// Lines that give a secret already given with a different value (the first one is kept).
    public private(set) var conflictingLines: LineProblem?
    /// Lines read, comments and blank lines included.
    public private(set) var lineCount = 0
    /// Lines that gave a secret.
    public private(set) var secretLineCount = 0

    /// Secrets longer than this are malformed: no TLS hash is longer than 64 bytes.
    public static let maximumSecretLength = 64

    public init() {}

    /// Parses a key log's bytes (the whole file).
    public init(parsing bytes: some Collection<UInt8>) {
        self.init()
        add(bytes)
    }

    /// Parses a key log's text.
    public init(parsing text: String) {
        self.init(parsing: Array(text.utf8))
    }

    /// Adds the lines of another key log file (for example several `--keylog` options).
    public mutating func add(_ bytes: some Collection<UInt8>) {
        var line: [UInt8] = []
        for byte in bytes {
            if byte == 0x0a {
                addLine(line)
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        if !line.isEmpty { addLine(line) }
    }

    /// The secrets filed under a ClientHello's random, if any.
    public func secrets(forClientRandom random: [UInt8]) -> Secrets? {
        sessions[random]
    }

    /// How many sessions (client randoms) have at least one secret.
    public var sessionCount: Int { sessions.count }

    /// Whether the log gave no secret at all.
    public var isEmpty: Bool { sessions.isEmpty }

    // MARK: Lines

    private mutating func addLine(_ raw: [UInt8]) {
        lineCount += 1
        var line = raw[...]
        if line.last == 0x0d { line = line.dropLast() }
        let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard let first = fields.first, first.first != UInt8(ascii: "#") else { return }   // blank or comment
        guard let label = Label(rawValue: String(decoding: first, as: UTF8.self)) else {
            Self.note(&unknownLabelLines, line: lineCount)
            return
        }
        guard fields.count == 3, fields[1].count == 64, let random = Self.hex(fields[1]),
              fields[2].count >= 2, fields[2].count <= 2 * Self.maximumSecretLength, let secret = Self.hex(fields[2])
        else {
            Self.note(&malformedLines, line: lineCount)
            return
        }
        if let known = sessions[random]?[label] {
            if known != secret { Self.note(&conflictingLines, line: lineCount) }
            return
        }
        sessions[random, default: Secrets()][label] = secret
        secretLineCount += 1
    }

    private static func note(_ problem: inout LineProblem?, line: Int) {
        if problem == nil { problem = LineProblem(count: 0, firstLine: line) }
        problem!.count += 1
    }

    /// Hex digits (either case) to bytes; nil for an odd count or any other character.
    private static func hex(_ digits: ArraySlice<UInt8>) -> [UInt8]? {
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var high: UInt8 = 0
        for (position, digit) in digits.enumerated() {
            let value: UInt8
            switch digit {
            case 0x30...0x39: value = digit - 0x30
            case 0x61...0x66: value = digit - 0x57
            case 0x41...0x46: value = digit - 0x37
            default: return nil
            }
            if position % 2 == 0 { high = value } else { bytes.append(high << 4 | value) }
        }
        return bytes
    }
}
