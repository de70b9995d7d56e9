public import PacketCapture
import HTTPUpgrade
import PacketDecoding
public import TCPReassembly
public import WebSocketWire
public import WireBytes

/// A ping and its pong with the time between them.
public struct PingPongTiming: Sendable, Hashable {
    /// What became of a ping.
    public enum Outcome: String, Sendable, Hashable {
        case answered
        /// No pong while the capture showed the connection long enough for one.
        case unanswered
        /// No pong, but the capture (of this connection) ended too soon after the ping to say.
        case tooSoonToTell
        /// A pong no ping asked for (a heartbeat, RFC 6455 5.5.3).
        case unsolicitedPong
    }

    public let pair: WebSocketPingPongPair
    /// Seconds from the ping frame's packet to the pong frame's packet (nil when either is missing).
    public let roundTrip: Double?
    public internal(set) var outcome: Outcome
    /// For a ping without pong: seconds the capture shows of the connection after the ping.
    public internal(set) var observedAfter: Double?

    init(pair: WebSocketPingPongPair, roundTrip: Double?) {
        self.pair = pair
        self.roundTrip = roundTrip
        outcome = pair.pingFrameIndex == nil ? .unsolicitedPong : pair.pongFrameIndex == nil ? .tooSoonToTell : .answered
    }
}

/// Everything known about one TCP connection at the end of the analysis.
public struct ConnectionReport: Sendable {
    public internal(set) var identity: ConnectionIdentity
    /// Captured bytes per layer, per direction. Next to the identity: both are read and written
    /// for every packet, and this way they share cache lines.
    public internal(set) var layers = PerPeer(repeating: LayerBytes())
    /// TCP statistics from the reassembler.
    public internal(set) var tcp: ConnectionStatistics
    /// The TLS connection under HTTP and WebSocket, when the connection speaks TLS (wss).
    public internal(set) var tls: TLSReport?
    /// The WebSocket handshake, when one was seen (also refused ones).
    public internal(set) var handshake: HandshakeRecord?
    /// WebSocket framing was decoded on this connection (after a handshake or by heuristics).
    public internal(set) var isWebSocket = false
    /// The connection was recognised as WebSocket without a handshake in the capture.
    public internal(set) var isWebSocketByHeuristic = false
    /// Why the framing heuristic did not take the bytes for WebSocket (a connection that is not HTTP).
    public internal(set) var framingVerdict: String?
    /// A WebSocket Upgrade request still waiting for its response when the connection ended.
    public internal(set) var upgradeUnanswered = false
    /// The protocol a 101 switched to when it was not WebSocket (its Upgrade header).
    public internal(set) var switchedToProtocol: String?
    /// Set where the opening handshake is cut by the snapshot length: what could not be read.
    public internal(set) var truncatedHandshake: String?
    /// Frame and message counts per direction (nil when the connection is not WebSocket).
    public internal(set) var frameCounts = PerPeer<WebSocketDirectionCounts?>(repeating: nil)
    public internal(set) var close: WebSocketCloseSummary?
    public internal(set) var pingPongs: [PingPongTiming] = []
    /// HTTP requests and responses parsed (before any upgrade, the upgrade request included).
    public internal(set) var httpRequests = 0
    public internal(set) var httpResponses = 0
    /// HTTP and WebSocket bytes inside the TCP payload, per direction.
    public internal(set) var http = PerPeer(repeating: HTTPBytes())
    /// Set for a connection that carried plain HTTP exchanges before it upgraded to WebSocket.
    public internal(set) var httpPhase: HTTPPhase?
    /// Plain HTTP exchanges (the WebSocket handshake excluded), the first `exchangeLimit` of them.
    public internal(set) var httpExchanges: [HTTPExchange] = []
    public static let exchangeLimit = 1_000
    public internal(set) var webSocket = PerPeer(repeating: WebSocketBytes())
    /// Findings of this connection, in capture order (the first `findingLimit`), and counts by rule id.
    public internal(set) var findings: [FindingRecord] = []
    public internal(set) var findingCounts: [String: Int] = [:]
    public static let findingLimit = 1_000

    public var number: Int { identity.number }

    /// Why this connection is not WebSocket; nil when it is.
    public var notWebSocketReason: NotWebSocketReason? {
        if isWebSocket { return nil }
        if let tls {
            return .tls(TLSSighting(serverName: tls.serverName, alpn: tls.offeredALPN, keyStatus: tls.keyStatus,
                                    clientHelloSeen: tls.clientHelloSeen, clientHelloCut: tls.clientHelloCut))
        }
        if let truncatedHandshake { return .handshakeTruncated(truncatedHandshake) }
        if tcp.fromClient.wirePayloadBytes + tcp.fromServer.wirePayloadBytes == 0 { return .noPayload }
        if let switchedToProtocol { return .otherProtocol(switchedToProtocol) }
        if let handshake, let status = handshake.handshake.status, status != 101 {
            return .upgradeRefused(status: status, reason: handshake.responseHead.reason)
        }
        if upgradeUnanswered { return .upgradeUnanswered }
        if httpRequests + httpResponses > 0 { return .plainHTTP(requests: httpRequests, responses: httpResponses) }
        return .notHTTP(framing: framingVerdict)
    }

    /// The summary's `protocol`: `websocket`, or the reason's protocol.
    public var protocolName: String { notWebSocketReason?.protocolName ?? "websocket" }

    /// Whether the TCP connection carried any payload (the summary lists those).
    public var carriedPayload: Bool { tcp.fromClient.wirePayloadBytes + tcp.fromServer.wirePayloadBytes > 0 }

    /// Adds one packet's bytes per layer to the direction it was sent in.
    @inline(__always)   // once per packet
    mutating func count(_ bytes: LayerBytes, from source: SocketAddress) {
        if source == identity.client {
            layers.client += bytes
        } else {
            layers.server += bytes
        }
    }

    /// Takes what the pipeline decoded; the bytes per layer were counted here, per direction of
    /// this report's identity, and are swapped if the pipeline found the roles the other way round.
    mutating func merge(decoded: ConnectionReport) {
        var merged = decoded
        merged.layers = layers
        if decoded.identity.client != identity.client {
            merged.layers.swapPeers()
            merged.httpPhase?.layers.swapPeers()
        }
        self = merged
    }

    mutating func add(_ finding: FindingRecord) {
        findingCounts[finding.rule.id, default: 0] += 1
        if findings.count < Self.findingLimit { findings.append(finding) }
    }
}

/// The result of analysing one capture.
public struct AnalysisReport: Sendable {
    public internal(set) var path: String
    public internal(set) var linkTypeName: String
    /// Packets in the file (those a filter skipped included).
    public internal(set) var packetsRead: UInt64 = 0
    /// Connections in order of their number.
    public internal(set) var connections: [ConnectionReport] = []
    /// All packets, per layer (TCP and everything else).
    public internal(set) var totals = LayerBytes()
    /// Packets that carried no TCP segment, by kind.
    public internal(set) var otherPackets = OtherPackets()
    /// Findings about the capture itself (not tied to a connection).
    public internal(set) var captureFindings: [FindingRecord] = []
    /// Set when the capture ended with a read error (a cut-off file): what came before was analysed.
    public internal(set) var captureError: CaptureErrorDescription?
    /// Where TLS secrets were looked for (a key log given, the capture's Decryption Secrets Blocks).
    public internal(set) var tlsKeySources = TLSKeySources(keyLogGiven: false, capture: .notLookedFor)
    /// The files read, in the order given (one, unless several were merged into this capture).
    public internal(set) var files: [String] = []
    /// In a merged capture, each packet's file and number there; nil for one file, a stream or an interface.
    public internal(set) var packetOrigins: PacketOrigins?
    /// The time of the capture's first packet (nil when it had none): `--since`/`--until` count from it.
    public internal(set) var firstPacketTime: CaptureTimestamp?
    /// Why the capture ended: the end of the input, a limit, or a stop (Ctrl-C); nil after a read error.
    public internal(set) var end: CaptureEnd?
}

/// A read error at the end of the capture, kept in the report.
public struct CaptureErrorDescription: Sendable, Hashable, CustomStringConvertible {
    public let description: String
}
