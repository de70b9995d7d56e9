public import Analysis
public import PacketCapture
public import WireBytes
import HTTPUpgrade
import PacketDecoding

/// One connection's lifecycle as a sequence diagram: two lanes (client and server, keyed by
/// `ip:port`) and rows in capture order. Built once by `LadderBuilder`, drawn as text
/// (`LadderTextView`), JSON rows and SVG, so every picture says the same.
public struct ConnectionLadder: Sendable {
    public var identity: ConnectionIdentity
    public var rows: [LadderRow]
    /// Whether the connection carried WebSocket (after a handshake or recognised from its framing).
    public var isWebSocket: Bool

    /// The lanes, left to right: the client's and the server's `ip:port`.
    public var lanes: [String] { [identity.client.description, identity.server.description] }

    /// The time relative times count from: the first row with a time.
    public var start: CaptureTimestamp? { rows.lazy.compactMap(\.time).first }
}

/// One row of a ladder: an arrow between the lanes, or a note across them.
public struct LadderRow: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// TCP: the three-way handshake, the teardown, a reset.
        case syn, synAck, ack, fin, rst
        /// HTTP: the upgrade request, its response, and plain exchanges.
        case request, response, exchange
        /// wss: TLS handshake messages, ChangeCipherSpec and alerts (one row per run sent together).
        case tls
        /// A WebSocket frame.
        case frame
        /// A run of data frames drawn as one row (without `--all`).
        case fold
        /// Stream bytes the capture lacks.
        case gap
        /// A finding not tied to a frame row.
        case finding
        /// The capture ends with the connection still open.
        case end
    }

    public enum Phase: String, Sendable, Hashable, CaseIterable {
        case opening, data, closing
    }

    public var kind: Kind
    public var phase: Phase = .opening
    /// Who sent it; nil for notes about the connection as a whole.
    public var from: Peer?
    public var firstPacket: UInt64?
    public var lastPacket: UInt64?
    public var time: CaptureTimestamp?
    /// Short, terminal-safe ASCII: drawn between the lanes.
    public var label: String
    /// The rest, terminal-safe: drawn in the comment column, wrapped, never cut.
    public var detail: String
    /// Rule ids of the findings on this row.
    public var findings: [String] = []
    /// The frame's index (frame rows), or the first folded frame's (fold rows).
    public var frame: Int?
    public var opcodeName: String?
    /// The frame's FIN bit (frame rows): the SVG draws a fragmented message as a box.
    public var fin: Bool?
    /// How many frames and payload bytes a fold row stands for.
    public var foldedFrames: Int?
    public var foldedBytes: UInt64?

    /// The sender's address while the builder runs (roles are final only at the end).
    var sender: SocketAddress?
    /// A comment that names the sender, written once the roles are final.
    var detailNeedsSender: SenderDetail?

    enum SenderDetail: Sendable, Hashable {
        case fin(payload: Int)
        case finalAck
        case rst
    }

    public init(kind: Kind, from: Peer?, firstPacket: UInt64?, lastPacket: UInt64? = nil, time: CaptureTimestamp?,
                label: String, detail: String) {
        self.kind = kind
        self.from = from
        self.firstPacket = firstPacket
        self.lastPacket = lastPacket ?? firstPacket
        self.time = time
        self.label = label
        self.detail = detail
    }

    /// A TCP row (SYN, FIN, RST, ACK) for one packet, sent by its source; the lane follows once the
    /// roles are known.
    init(_ kind: Kind, packet record: TCPPacketRecord, label: String, detail: String) {
        self.init(kind: kind, from: nil, firstPacket: record.packet, time: record.time, label: label, detail: detail)
        sender = record.source
    }

    /// The answer to an Upgrade request (its status line, the accept check, what was agreed), at
    /// its packet's time when known, else `now`.
    init(response record: HandshakeRecord, time: CaptureTimestamp?, words: LadderStrings) {
        let head = record.responseHead, handshake = record.handshake
        let statusLine = LadderText.narrow("\(head.version) \(head.status) \(head.reason)")
        self.init(kind: .response, from: .server, firstPacket: record.responsePacket, time: time, label: "\(head.status)",
                  detail: words.responseDetail(
                    statusLine: statusLine, acceptValid: handshake.acceptValid, established: handshake.isEstablished,
                    extensions: handshake.extensions.map { LadderText.narrow($0.description) },
                    subprotocol: handshake.subprotocol.map(LadderText.narrow)))
    }

    /// A row drawn as an arrow from one lane to the other (else a note across both).
    public var isArrow: Bool { from != nil && kind != .finding && kind != .end }
}

/// How the ladder's time column counts.
public enum LadderTimeMode: String, Sendable, CaseIterable {
    /// Seconds since the connection's first row.
    case relative
    /// UTC clock time.
    case absolute
    /// Seconds since the row above.
    case delta
}
