public import WireBytes

/// Decodes both directions of one WebSocket connection: frames, messages, close handshake,
/// ping/pong pairs and the conformance rules that need more than one frame to judge.
///
/// Feed each direction's stream bytes in order with `consume`, report bytes the capture lacks
/// with `gap`, and call `finish` when the capture (or the TCP connection) ends. Events come out in
/// completion order: a frame, the findings about it, then the message it completed.
///
/// A session owns its inflaters (zlib state); do not copy a session and use both copies.
public struct WebSocketSession {
    public let configuration: Configuration
    private var client: DirectionDecoder
    private var server: DirectionDecoder
    private var connection: ConnectionState
    private var isFinished = false

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        client = DirectionDecoder(peer: .client, configuration: configuration)
        server = DirectionDecoder(peer: .server, configuration: configuration)
        connection = ConnectionState(configuration: configuration)
    }

    /// Sets where a direction's WebSocket bytes begin in its stream (after the HTTP handshake).
    /// Only effective before any byte of that direction was consumed.
    public mutating func setStartOffset(_ offset: UInt64, for peer: Peer) {
        switch peer {
        case .client: client.setStartOffset(offset)
        case .server: server.setStartOffset(offset)
        }
    }

    /// Decodes the next bytes of `peer`'s stream.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, from peer: Peer, into events: inout some WebSocketEventSink) {
        switch peer {
        case .client: client.consume(bytes, connection: &connection, events: &events)
        case .server: server.consume(bytes, connection: &connection, events: &events)
        }
    }

    /// Decodes the next bytes of `peer`'s stream (convenience for tests and small tools).
    public mutating func consume(_ bytes: [UInt8], from peer: Peer, into events: inout some WebSocketEventSink) {
        bytes.withUnsafeBytes { consume($0, from: peer, into: &events) }
    }

    /// `length` bytes of `peer`'s stream are missing from the capture. Inside a payload they are
    /// skipped (the frame becomes incomplete); elsewhere framing is lost for that direction.
    public mutating func gap(from peer: Peer, length: UInt64, into events: inout some WebSocketEventSink) {
        switch peer {
        case .client: client.gap(length: length, connection: &connection, events: &events)
        case .server: server.gap(length: length, connection: &connection, events: &events)
        }
    }

    /// The capture or the TCP connection ended: reports unfinished frames and messages, and a
    /// close handshake that never happened or was not answered. Later calls do nothing.
    public mutating func finish(into events: inout some WebSocketEventSink) {
        guard !isFinished else { return }
        isFinished = true
        client.finish(connection: &connection, events: &events)
        server.finish(connection: &connection, events: &events)
        connection.finishClose(events: &events)
    }

    // MARK: State after the fact

    public var close: WebSocketCloseSummary { connection.close }
    /// Every ping with its pong, and unsolicited pongs, in the order the pongs came.
    public var pingPongPairs: [WebSocketPingPongPair] { connection.pingPongPairs }
    /// Pings that no pong answered (yet).
    public var unansweredPings: [WebSocketPingPongPair] {
        Peer.allCases.flatMap { peer in
            (connection.outstandingPings[peer] ?? []).map {
                WebSocketPingPongPair(pingFrom: peer, pingFrameIndex: $0.frameIndex, pongFrameIndex: nil, payloadMatches: false)
            }
        }
    }

    public func counts(for peer: Peer) -> WebSocketDirectionCounts {
        peer == .client ? client.counts : server.counts
    }

    /// Frames completed so far, both directions.
    public var frameCount: Int { connection.nextFrameIndex }
    /// Data messages completed so far, both directions.
    public var messageCount: Int { connection.nextMessageIndex }
}

// MARK: - Connection-wide state

/// What both directions share: indices, masking keys, the close handshake and ping/pong pairing.
struct ConnectionState {
    let configuration: WebSocketSession.Configuration
    var nextFrameIndex = 0
    var nextMessageIndex = 0
    var maskingKeys = MaskingKeyMemory()
    var close = WebSocketCloseSummary()
    var outstandingPings: [Peer: [PendingPing]] = [:]
    var pingPongPairs: [WebSocketPingPongPair] = []
    /// Unmasking and inflating happen here, in memory allocated once per session.
    let scratch = SessionScratch()

    /// Bounds on what the pairing remembers, so a hostile stream cannot grow memory without limit.
    static let outstandingPingLimit = 1024
    static let pairLimit = 100_000

    struct PendingPing {
        let frameIndex: Int
        let payload: [UInt8]
    }

    init(configuration: WebSocketSession.Configuration) {
        self.configuration = configuration
    }

    /// Remembers a masking key; false when one of the last client frames used it.
    mutating func noteMaskingKey(_ key: WebSocketMaskingKey) -> Bool {
        maskingKeys.insert(key.networkValue)
    }

    mutating func recordPing(from peer: Peer, frameIndex: Int, payload: [UInt8]) {
        var pending = outstandingPings.removeValue(forKey: peer) ?? []   // taken out: no copy-on-write copy per ping
        if pending.count >= ConnectionState.outstandingPingLimit { pending.removeFirst() }
        pending.append(PendingPing(frameIndex: frameIndex, payload: payload))
        outstandingPings[peer] = pending
    }

    /// Pairs a pong with the ping it answers. An endpoint may answer only the latest of several
    /// pings (RFC 6455 §5.5.3), so the pong is matched by payload, and earlier pings are dropped.
    /// Returns the ping's payload when the pong answers a ping with a different payload.
    mutating func recordPong(from peer: Peer, frameIndex: Int, payload: [UInt8]) -> (pingIndex: Int, expected: [UInt8])? {
        let pinger = peer.opposite
        var pending = outstandingPings.removeValue(forKey: pinger) ?? []
        var pair: WebSocketPingPongPair
        var mismatch: (Int, [UInt8])?
        if let match = pending.lastIndex(where: { $0.payload == payload }) {
            pair = WebSocketPingPongPair(pingFrom: pinger, pingFrameIndex: pending[match].frameIndex,
                                         pongFrameIndex: frameIndex, payloadMatches: true)
            pending.removeFirst(match + 1)
        } else if let latest = pending.last {
            pair = WebSocketPingPongPair(pingFrom: pinger, pingFrameIndex: latest.frameIndex,
                                         pongFrameIndex: frameIndex, payloadMatches: false)
            mismatch = (latest.frameIndex, latest.payload)
            pending.removeAll()
        } else {
            pair = WebSocketPingPongPair(pingFrom: pinger, pingFrameIndex: nil, pongFrameIndex: frameIndex,
                                         payloadMatches: false)
        }
        outstandingPings[pinger] = pending
        if pingPongPairs.count < ConnectionState.pairLimit { pingPongPairs.append(pair) }
        return mismatch
    }

    mutating func recordClose(_ info: WebSocketCloseFrameInfo) {
        if close.first == nil {
            close.first = info
        } else if close.reply == nil, close.first?.from != info.from {
            close.reply = info
        }
    }

    mutating func emit(_ finding: Finding, from peer: Peer?, frameIndex: Int?, events: inout some WebSocketEventSink) {
        events.receive(WebSocketFinding(finding: finding, from: peer, frameIndex: frameIndex))
    }

    /// At the end: a connection without any close frame, or with an unanswered one.
    mutating func finishClose(events: inout some WebSocketEventSink) {
        if let first = close.first {
            if close.reply == nil {
                let silent = first.from.opposite
                emit(Finding(rule: WebSocketRule.closeNotAnswered,
                             message: "The \(first.from) sent a close frame (frame \(first.frameIndex)), but the \(silent) never answered with its own before the capture ended.",
                             streamOffset: nil),
                     from: silent, frameIndex: nil, events: &events)
            }
        } else {
            close.endedWithoutCloseFrame = true
            emit(Finding(rule: WebSocketRule.closedWithoutCloseHandshake,
                         message: "Neither side sent a close frame; the connection ended abnormally (reported as 1006, a code never sent on the wire).",
                         streamOffset: nil),
                 from: nil, frameIndex: nil, events: &events)
        }
    }
}

/// Scratch memory for unmasking payload chunks and for the inflater's output, allocated once per
/// session; a class so it can be used while the session's other state is being mutated. Only the
/// pages used become resident: a connection that inflates adds one page for its output.
final class SessionScratch {
    private let storage: UnsafeMutableRawBufferPointer
    /// Unmasked payload bytes (a longer chunk is unmasked in slices).
    let unmask: UnsafeMutableRawBufferPointer
    /// Inflated bytes, handed to the message piece by piece (4 to 64 KiB measure the same).
    let inflateOutput: UnsafeMutableRawBufferPointer

    init(unmaskCapacity: Int = 60 * 1024, inflateOutputCapacity: Int = 4 * 1024) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: unmaskCapacity + inflateOutputCapacity, alignment: 8)
        unmask = UnsafeMutableRawBufferPointer(rebasing: storage[0..<unmaskCapacity])
        inflateOutput = UnsafeMutableRawBufferPointer(rebasing: storage[unmaskCapacity...])
    }

    deinit {
        storage.deallocate()
    }
}
