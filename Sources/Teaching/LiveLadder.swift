public import Localization
public import Analysis
public import PacketCapture
import HTTPUpgrade
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes

/// The ladder as it happens (a live capture, standard input): every row is let out as soon as its
/// event is complete, so it can be printed at once. A connection's rows wait only until it shows
/// itself to be WebSocket (its 101, or its first frame); one that closes without is left out.
///
/// What the finished ladder (`LadderBuilder`) works out from the whole connection is not here:
/// runs are not folded, and ping round trips, who closed first and message ends are not added
/// to earlier rows (the rows of the frames say what each frame is).
public struct LiveLadder: Sendable {
    /// A row ready to print, with what its connection's ladder knows so far.
    public struct Row: Sendable {
        public var identity: ConnectionIdentity
        /// The row's position in its connection's ladder, from 0.
        public var index: Int
        public var row: LadderRow
        /// The time of the connection's first row (relative times count from it).
        public var start: CaptureTimestamp?
        /// The first row of its connection: print the connection's title above it.
        public var opensConnection: Bool
    }

    public let connection: Int?
    private var tracks: [Int: LiveTrack] = [:]
    private var dropped: Set<Int> = []
    private var now: CaptureTimestamp?

    private let words: LadderStrings

    /// `language`: of labels and comments (English for JSON, which never changes with the language).
    public init(connection: Int? = nil, language: Language = .en) {
        self.connection = connection
        self.words = LadderStrings(language: language)
    }

    private func wants(_ number: Int) -> Bool { (connection == nil || connection == number) && !dropped.contains(number) }

    /// The rows `event` completes, in order (run the analysis with frames, messages and TCP packets).
    public mutating func consume(_ event: AnalysisEvent) -> [Row] {
        switch event {
        case .tcpPacket(let record):
            now = record.time
            guard wants(record.connection) else { return [] }
            return update(record.connection) { $0.packet(record) }
        case .connectionOpened(let identity):
            guard wants(identity.number) else { return [] }
            return update(identity.number) { $0.identity = identity; return $0.release() }
        case .handshake(let record):
            guard wants(record.connection.number) else { return [] }
            let time = now
            return update(record.connection.number) { $0.handshake(record, now: time) }
        case .frame(let record):
            guard wants(record.connection.number) else { return [] }
            return update(record.connection.number) { $0.frame(record) }
        case .finding(let record):
            guard let identity = record.connection, wants(identity.number) else { return [] }
            let time = now
            return update(identity.number) { $0.finding(record, now: time) }
        case .gap(let identity, let gap):
            guard wants(identity.number) else { return [] }
            let time = now
            return update(identity.number) { $0.gap(gap, identity: identity, now: time) }
        case .connectionClosed(let identity):
            guard wants(identity.number) else { return [] }
            let rows = update(identity.number) { $0.identity = identity; return $0.release() }
            if tracks[identity.number]?.isWebSocket != true, connection == nil { dropped.insert(identity.number) }
            tracks[identity.number] = nil
            return rows
        case .message:
            return []
        }
    }

    /// At the end of the capture: an end row for each WebSocket connection still open.
    public mutating func finish() -> [Row] {
        var rows: [Row] = []
        for number in tracks.keys.sorted() {
            guard var track = tracks[number], track.isWebSocket || connection == number else { continue }
            var end = LadderRow(kind: .end, from: nil, firstPacket: nil, time: nil, label: words.endLabel,
                                detail: words.endDetail)
            end.phase = track.phase
            rows += track.add(end)
            tracks[number] = track
        }
        return rows
    }

    private mutating func update(_ number: Int, _ change: (inout LiveTrack) -> [Row]) -> [Row] {
        var track = tracks[number] ?? LiveTrack(number: number, forced: connection == number, words: words)
        let rows = change(&track)
        tracks[number] = track
        return rows
    }

    // MARK: Rendering

    /// The column headings, printed once.
    public static func header(style: Style) -> String {
        let words = LadderStrings(style: style)
        return style.bold(TextViews.pad("conn", 5, right: true) + " " + TextViews.pad(words.timeHeading, 10, right: true) + " "
                   + TextViews.pad(words.packetHeading, 11, right: true) + "  " + words.client
                   + String(repeating: " ", count: gap + 2 - words.client.count - words.server.count) + words.server)
    }

    /// Lifelines this far apart (wider for a longer label): no layout waits for rows to come.
    static let gap = 24

    /// One row as text lines: the connection's title first when it opens, the comment wrapped to `width`.
    public static func render(_ row: Row, width: Int, style: Style) -> [String] {
        let symbols = LadderTextView.Symbols(ascii: style.ascii)
        var lines: [String] = []
        if row.opensConnection {
            let title = symbols.plain(LadderStrings(style: style).title(row.identity.number, client: row.identity.client.description,
                                                          server: row.identity.server.description))
            lines += TextWrap.wrap(title, width: width).map(style.heading)
        }
        let ladderRow = row.row
        let time = LadderTextView.timeCells([LadderRow(kind: .end, from: nil, firstPacket: nil, time: row.start, label: "", detail: ""),
                                             ladderRow], mode: .relative)[1]
        let label = symbols.plain(ladderRow.label)
        let gap = max(Self.gap, label.count + 6)
        let inner = LadderTextView.drawing(ladderRow, label: label, gap: gap, symbols: symbols)
        let head = TextViews.pad("#\(row.identity.number)", 5, right: true) + " " + TextViews.pad(time, 10, right: true) + " "
            + TextViews.pad(LadderTextView.packetCell(ladderRow.firstPacket, ladderRow.lastPacket), 11, right: true) + "  "
            + symbols.lifeline + (ladderRow.findings.isEmpty ? inner : style.warn(inner)) + (ladderRow.kind == .end ? " " : symbols.lifeline)
        let detail = symbols.plain(ladderRow.detail)
        let commentStart = 5 + 1 + 10 + 1 + 11 + 2 + gap + 2 + 2
        let commentWidth = width - commentStart >= LadderTextView.minimumComment ? width - commentStart : max(1, width - 8)
        let comment = detail.isEmpty ? [] : TextWrap.wrap(detail, width: commentWidth)
        if width - commentStart >= LadderTextView.minimumComment {
            lines.append((head + (comment.first.map { "  " + $0 } ?? "")).trimmingTrailingSpaces())
            for more in comment.dropFirst() { lines.append(String(repeating: " ", count: commentStart) + more) }
        } else {
            lines.append(head.trimmingTrailingSpaces())
            for more in comment { lines.append("        " + more) }
        }
        return lines
    }

    /// The row as the `ladder` JSON object (the same fields as a finished ladder's rows).
    public static func json(_ row: Row) -> JSONValue {
        let anchor = LadderRow(kind: .end, from: nil, firstPacket: nil, time: row.start, label: "", detail: "")
        let ladder = ConnectionLadder(identity: row.identity, rows: [anchor], isWebSocket: true)
        return JSONContract.ladderRow(row.row, index: row.index, of: ladder)
    }
}

/// One connection's live ladder.
private struct LiveTrack: Sendable {
    let number: Int
    /// Asked for by number (`--connection`): drawn whether WebSocket or not.
    let forced: Bool
    var identity: ConnectionIdentity?
    var isWebSocket = false
    var phase = LadderRow.Phase.opening
    var start: CaptureTimestamp?
    var count = 0
    /// Rows held until the connection shows itself to be WebSocket (and its roles are known).
    var held: [LadderRow] = []
    var packetTimes: [UInt64: CaptureTimestamp] = [:]
    var synAckFrom: SocketAddress?
    var handshakeAckSeen = false
    var highestFrame = -1
    var earlyFindings: [Int: [FindingRecord]] = [:]

    let words: LadderStrings

    init(number: Int, forced: Bool, words: LadderStrings) {
        self.number = number
        self.forced = forced
        self.words = words
    }

    mutating func packet(_ record: TCPPacketRecord) -> [LiveLadder.Row] {
        if record.payloadLength > 0, !isWebSocket, packetTimes.count < 64 { packetTimes[record.packet] = record.time }
        let flags = record.flags
        func row(_ kind: LadderRow.Kind, _ label: String, _ detail: String) -> LadderRow {
            LadderRow(kind, packet: record, label: label, detail: detail)
        }
        if flags.contains(.syn) {
            if flags.contains(.ack) {
                synAckFrom = record.source
                return add(row(.synAck, words.synAck, words.synAckDetail(seq: record.sequenceNumber)))
            }
            return add(row(.syn, words.syn, words.synDetail(seq: record.sequenceNumber)))
        }
        if flags.contains(.rst) {
            return add(row(.rst, words.rst, words.rstDetail(sender(record.source))), closes: true)
        }
        if flags.contains(.fin) {
            return add(row(.fin, words.fin, words.finDetail(sender(record.source), payload: record.payloadLength)), closes: true)
        }
        if synAckFrom != nil, !handshakeAckSeen, record.source != synAckFrom, flags.contains(.ack) {
            handshakeAckSeen = true
            if record.payloadLength == 0 { return add(row(.ack, words.ack, words.ackDetail)) }
        }
        return []
    }

    mutating func handshake(_ record: HandshakeRecord, now: CaptureTimestamp?) -> [LiveLadder.Row] {
        identity = record.connection
        let handshake = record.handshake
        var request: LadderRow
        if let head = record.requestHead {
            request = LadderRow(kind: .request, from: .client, firstPacket: record.requestPacket,
                                time: record.requestPacket.flatMap { packetTimes[$0] } ?? now,
                                label: LadderText.requestLabel(head.method, head.target, words: words),
                                detail: words.requestDetail(
                                    method: LadderText.narrow(head.method), target: LadderText.narrow(head.target),
                                    version: LadderText.narrow(head.version.description), host: handshake.host.map(LadderText.narrow),
                                    key: handshake.key.map(LadderText.narrow),
                                    extensions: handshake.offeredExtensions.map { LadderText.narrow($0.description) },
                                    subprotocols: handshake.offeredSubprotocols.map(LadderText.narrow)))
        } else {
            request = LadderRow(kind: .request, from: .client, firstPacket: record.requestPacket, time: now,
                                label: LadderText.requestLabel(handshake.method, handshake.target, words: words), detail: words.requestNotKept)
        }
        request.phase = phase
        // The request came before rows still held (the ACK of its packet): it goes where its packet puts it.
        var position = held.count
        if let packet = record.requestPacket {
            while position > 0, let previous = held[position - 1].firstPacket, previous > packet { position -= 1 }
        }
        held.insert(request, at: position)
        let response = LadderRow(response: record, time: record.responsePacket.flatMap { packetTimes[$0] } ?? now, words: words)
        if handshake.isEstablished { isWebSocket = true }
        var rows = add(response)
        if handshake.isEstablished, phase == .opening { phase = .data }
        rows += release()
        return rows
    }

    mutating func frame(_ record: FrameRecord) -> [LiveLadder.Row] {
        identity = identity ?? record.connection
        isWebSocket = true
        let frame = record.frame
        highestFrame = max(highestFrame, frame.index)
        var row = LadderText.frameRow(record, words: words)
        for finding in earlyFindings.removeValue(forKey: frame.index) ?? [] { LadderText.attach(finding, to: &row, words: words) }
        earlyFindings = earlyFindings.filter { $0.key > frame.index }
        if phase == .opening { phase = .data }
        return add(row, closes: frame.opcode == .connectionClose)
    }

    mutating func finding(_ record: FindingRecord, now: CaptureTimestamp?) -> [LiveLadder.Row] {
        if let frame = record.frameIndex, frame > highestFrame {
            // Found while the frame's header was read: it joins the frame's row.
            if earlyFindings.count < 64 { earlyFindings[frame, default: []].append(record) }
            return []
        }
        var row = LadderRow(kind: .finding, from: record.from, firstPacket: record.packet, time: now,
                            label: words.findingLabel,
                            detail: words.findingDetail(rule: record.rule.id, rfc: record.rule.rfcSection,
                                                                message: LadderText.narrow(record.finding.message)))
        row.findings = [record.rule.id]
        row.frame = record.frameIndex
        return add(row)
    }

    mutating func gap(_ gap: StreamGap, identity: ConnectionIdentity, now: CaptureTimestamp?) -> [LiveLadder.Row] {
        self.identity = self.identity ?? identity
        if phase == .opening, !isWebSocket { phase = .data }
        let row = LadderRow(kind: .gap, from: gap.from, firstPacket: gap.packet, time: now, label: words.gapLabel(gap.length),
                            detail: words.gapDetail(gap.length, sender: words.sender(gap.from), reason: gap.reason))
        return add(row)
    }

    // MARK: Rows

    /// "client" or "server" for a FIN's or RST's comment (roles known by then; the reassembler's until a handshake says).
    private func sender(_ address: SocketAddress) -> String {
        words.sender(identity.map { address == $0.client ? .client : .server } ?? .client)
    }

    /// Adds a row: out at once when the connection is known to be WebSocket, else held.
    mutating func add(_ row: LadderRow, closes: Bool = false) -> [LiveLadder.Row] {
        var row = row
        if closes { phase = .closing }
        row.phase = phase
        held.append(row)
        return release()
    }

    /// Lets the held rows out once the connection is WebSocket (or asked for) and its roles are known.
    mutating func release() -> [LiveLadder.Row] {
        guard isWebSocket || forced, let identity, !held.isEmpty else { return [] }
        var rows: [LiveLadder.Row] = []
        for var row in held {
            // TCP rows learn their side here: the roles are final once the connection is known to be WebSocket.
            if let address = row.sender { row.from = address == identity.client ? .client : .server }
            start = start ?? row.time
            rows.append(LiveLadder.Row(identity: identity, index: count, row: row, start: start, opensConnection: count == 0))
            count += 1
        }
        held.removeAll()
        return rows
    }
}
