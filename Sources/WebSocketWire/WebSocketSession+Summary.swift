public import WireBytes

/// One close frame, as the close summary reports it.
public struct WebSocketCloseFrameInfo: Sendable, Hashable {
    public let from: Peer
    public let frameIndex: Int
    /// nil when the close frame had no status code (endpoints then report 1005).
    public let code: WebSocketCloseCode?
    public let reason: [UInt8]
    /// The reason as text, when valid UTF-8.
    public let reasonText: String?

    public init(from: Peer, frameIndex: Int, code: WebSocketCloseCode?, reason: [UInt8], reasonText: String?) {
        self.from = from
        self.frameIndex = frameIndex
        self.code = code
        self.reason = reason
        self.reasonText = reasonText
    }
}

/// How a WebSocket connection ended, as the capture shows it.
public enum WebSocketEnd: String, Sendable, Hashable, CaseIterable {
    /// Both sides sent a close frame.
    case closeHandshake
    /// One side sent a close frame; TCP closed (FIN or RST) before the other answered.
    case closeNotAnswered
    /// One side sent a close frame; the capture ended before an answer and before TCP closed.
    case closingAtCaptureEnd
    /// TCP closed (FIN or RST) without any close frame: 1006.
    case tcpClosedWithoutClose
    /// No close frame, no FIN, no RST: still open when the capture ended.
    case openAtCaptureEnd
    /// The end of a direction's stream could not be read (TLS decryption stopped: a renegotiation,
    /// a tag that failed), and no close handshake was seen before: how it ended is unknown.
    case unreadAtEnd
}

/// How the connection was closed: who closed first, with which code and reason, whether the other
/// side answered, or that TCP ended without any close frame (1006, never a code on the wire).
public struct WebSocketCloseSummary: Sendable, Hashable {
    /// The first close frame of the connection.
    public internal(set) var first: WebSocketCloseFrameInfo?
    /// The other side's close frame, answering the first.
    public internal(set) var reply: WebSocketCloseFrameInfo?
    /// Set by `finish`: the directions whose stream went on unread (`unreadAtEnd`).
    public internal(set) var unreadSides: [Peer] = []
    /// Set by `finish`: TCP ended (FIN or RST) with no close frame from either side.
    public internal(set) var endedWithoutCloseFrame = false
    /// Set by `finish`: how the connection ended, and how TCP did.
    public internal(set) var end: WebSocketEnd?
    public internal(set) var transport: WebSocketSession.TransportEnd?

    /// The side that started the closing handshake.
    public var initiator: Peer? { first?.from }
    /// Both sides sent a close frame.
    public var isHandshakeComplete: Bool { first != nil && reply != nil }

    /// The code an endpoint would report: the first close frame's code, 1005 when it had none,
    /// 1006 when the connection ended without a close frame; nil while nothing is known.
    public var reportedCode: WebSocketCloseCode? {
        if let first { return first.code ?? .noStatusReceived }
        return endedWithoutCloseFrame ? .abnormalClosure : nil
    }
}

/// A ping and the pong that answered it (by frame index), so the caller can compute round-trip
/// times from the times of the packets that completed those frames.
public struct WebSocketPingPongPair: Sendable, Hashable {
    /// The sender of the ping.
    public let pingFrom: Peer
    /// nil for an unsolicited pong (a unidirectional heartbeat, RFC 6455 §5.5.3).
    public let pingFrameIndex: Int?
    /// nil while the ping is unanswered (see `WebSocketSession.unansweredPings`).
    public let pongFrameIndex: Int?
    /// The pong carried the ping's payload unchanged.
    public let payloadMatches: Bool

    public init(pingFrom: Peer, pingFrameIndex: Int?, pongFrameIndex: Int?, payloadMatches: Bool) {
        self.pingFrom = pingFrom
        self.pingFrameIndex = pingFrameIndex
        self.pongFrameIndex = pongFrameIndex
        self.payloadMatches = payloadMatches
    }
}

/// Totals for one direction of a connection.
public struct WebSocketDirectionCounts: Sendable, Hashable {
    public internal(set) var frames = 0
    public internal(set) var dataFrames = 0
    public internal(set) var controlFrames = 0
    public internal(set) var messages = 0
    /// Header bytes of completed frames.
    public internal(set) var headerBytes: UInt64 = 0
    /// Payload bytes on the wire (before inflation) seen in frames.
    public internal(set) var payloadBytes: UInt64 = 0
    /// Stream bytes the decoder parsed.
    public internal(set) var decodedBytes: UInt64 = 0
    /// Stream bytes missing from the capture (gaps).
    public internal(set) var skippedBytes: UInt64 = 0
    /// Stream bytes seen but not decoded, because framing was lost before them.
    public internal(set) var undecodedBytes: UInt64 = 0
    public internal(set) var findings = 0
}
