public import Analysis
public import Localization
import PacketCapture
import HTTPUpgrade
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes
import TLS

/// Builds the ladders of a capture from the analysis events (run with `emitsTCPPackets`,
/// `emitsFrames` and `emitsMessages`), then completes them from the final report (ping/pong
/// pairs, the close handshake, HTTP exchanges, phases).
///
/// Memory stays bounded without `--all`: a run of data frames keeps only its first and last rows
/// and counters, and connections that turn out not to be WebSocket are dropped when they close.
public struct LadderBuilder: Sendable {
    /// Rows kept at each end of a folded run.
    public static let runEnds = 2
    /// A run is folded when at least this many frames would disappear into the fold row.
    public static let minimumFold = 3
    /// Packet times kept per connection for rows that learn their packet later (the upgrade request).
    static let packetTimeLimit = 4_096

    public let foldsRuns: Bool
    public let connection: Int?
    /// The words of labels and comments (JSON is built in English).
    let words: LadderStrings
    private var tracks: [Int: Track] = [:]
    /// Connections dropped at their close (not WebSocket): later packets of theirs are ignored.
    private var dropped: Set<Int> = []
    /// The time of the packet being processed (events arrive in capture order).
    private var now: CaptureTimestamp?

    /// - Parameters:
    ///   - foldsRuns: fold long runs of data frames into one row (`--all` turns it off).
    ///   - connection: only this connection (then it is drawn even if it is not WebSocket).
    ///   - language: the language of the labels and comments (English for JSON, which never changes).
    public init(foldsRuns: Bool = true, connection: Int? = nil, language: Language = .en) {
        self.foldsRuns = foldsRuns
        self.connection = connection
        self.words = LadderStrings(language: language)
    }

    // MARK: Events

    public mutating func consume(_ event: AnalysisEvent) {
        switch event {
        case .tcpPacket(let record):
            now = record.time
            guard wants(record.connection) else { return }
            update(record.connection) { $0.packet(record) }
        case .connectionOpened(let identity):
            guard wants(identity.number) else { return }
            update(identity.number) { $0.identity = identity }
        case .handshake(let record):
            guard wants(record.connection.number) else { return }
            let time = now
            update(record.connection.number) { $0.handshake(record, now: time) }
        case .frame(let record):
            guard wants(record.connection.number) else { return }
            let folds = foldsRuns
            update(record.connection.number) { $0.frame(record, folds: folds) }
        case .message(let record):
            guard wants(record.connection.number) else { return }
            update(record.connection.number) { $0.message(record) }
        case .finding(let record):
            guard let identity = record.connection, wants(identity.number) else { return }
            let time = now
            update(identity.number) { $0.finding(record, now: time) }
        case .gap(let identity, let gap):
            guard wants(identity.number) else { return }
            let time = now
            update(identity.number) { $0.gap(gap, identity: identity, now: time) }
        case .connectionClosed(let identity):
            guard wants(identity.number) else { return }
            update(identity.number) { $0.identity = identity; $0.flush() }
            if connection == nil, let track = tracks[identity.number], !track.carriesWebSocket {
                tracks[identity.number] = nil
                dropped.insert(identity.number)
            }
        }
    }

    private func wants(_ number: Int) -> Bool {
        (connection == nil || connection == number) && !dropped.contains(number)
    }

    private mutating func update(_ number: Int, _ change: (inout Track) -> Void) {
        change(&tracks[number, default: Track(words: words)])
    }

    // MARK: Finish

    /// The ladders of the WebSocket connections (or of the one connection asked for), in number order.
    public mutating func finish(_ report: AnalysisReport) -> [ConnectionLadder] {
        var ladders: [ConnectionLadder] = []
        for number in tracks.keys.sorted() {
            guard report.connections.indices.contains(number - 1) else { continue }
            let connectionReport = report.connections[number - 1]
            guard connection == number || connectionReport.isWebSocket || connectionReport.handshake != nil else { continue }
            var track = tracks[number]!
            track.flush()
            ladders.append(track.complete(with: connectionReport))
        }
        return ladders
    }
}

extension LadderBuilder {
    /// Steps one side sent in the same packet, together (a ServerHello with the encrypted rest of
    /// the server's flight is one row, not six).
    static func tlsGroups(_ steps: [TLSHandshakeStep]) -> [[TLSHandshakeStep]] {
        var groups: [[TLSHandshakeStep]] = []
        for step in steps {
            if let last = groups.last?.last, last.from == step.from, last.packet == step.packet, step.packet != nil {
                groups[groups.count - 1].append(step)
            } else {
                groups.append([step])
            }
        }
        return groups
    }
}

// MARK: - One connection

private struct Track: Sendable {
    let words: LadderStrings
    var identity: ConnectionIdentity?
    var rows: [LadderRow] = []
    /// The sender of each row, by row position (resolved to client or server at the end, when the roles are final).
    var run = Run()
    /// FIN and RST rows of the latest packet: they follow the frames that packet completes.
    var pending: [LadderRow] = []
    var packetTimes: [UInt64: CaptureTimestamp] = [:]
    var tcp = TCPState()
    var carriesWebSocket = false
    var highestFrame = -1
    /// Findings that named a frame before its row existed.
    var earlyFindings: [Int: [FindingRecord]] = [:]

    struct TCPState: Sendable {
        var synAckFrom: SocketAddress?
        var handshakeAckSeen = false
        var synSeen = false
        var synAckSeen = false
        /// Per sender: the sequence number after its FIN, and whether the peer acknowledged it.
        var finEnd: [SocketAddress: UInt32] = [:]
        var finAcknowledged: Set<SocketAddress> = []
    }

    // MARK: TCP

    mutating func packet(_ record: TCPPacketRecord) {
        flushPending()
        if record.payloadLength > 0, packetTimes.count < LadderBuilder.packetTimeLimit { packetTimes[record.packet] = record.time }
        let flags = record.flags
        func row(_ kind: LadderRow.Kind, _ label: String, _ detail: String) -> LadderRow {
            LadderRow(kind, packet: record, label: label, detail: detail)
        }
        if flags.contains(.syn) {
            if flags.contains(.ack) {
                append(row(.synAck, words.synAck, words.synAckDetail(seq: record.sequenceNumber)
                           + (tcp.synAckSeen ? words.repeated : "")))
                tcp.synAckSeen = true
                tcp.synAckFrom = record.source
            } else {
                append(row(.syn, words.syn, words.synDetail(seq: record.sequenceNumber)
                           + (tcp.synSeen ? words.repeated : "")))
                tcp.synSeen = true
            }
            return
        }
        if flags.contains(.ack), let finSender = tcp.finEnd.first(where: { $0.key == record.destination }),
           record.acknowledgmentNumber == finSender.value {
            let firstTime = tcp.finAcknowledged.insert(record.destination).inserted
            if firstTime, record.payloadLength == 0, flags.isDisjoint(with: [.fin, .rst]) {
                var ack = row(.ack, words.ack, "")
                ack.detailNeedsSender = .finalAck
                append(ack)
                return
            }
        }
        if flags.contains(.rst) {
            var reset = row(.rst, words.rst, "")
            reset.detailNeedsSender = .rst
            pending.append(reset)
            return
        }
        if flags.contains(.fin) {
            tcp.finEnd[record.source] = record.sequenceNumber &+ UInt32(truncatingIfNeeded: record.payloadLength) &+ 1
            var fin = row(.fin, words.fin, "")
            fin.detailNeedsSender = .fin(payload: record.payloadLength)
            pending.append(fin)
            return
        }
        if tcp.synAckSeen, !tcp.handshakeAckSeen, record.source != tcp.synAckFrom, flags.contains(.ack) {
            tcp.handshakeAckSeen = true
            // Data on the third segment acknowledges in passing: only a bare ACK gets a row.
            if record.payloadLength == 0 { append(row(.ack, words.ack, words.ackDetail)) }
        }
    }

    // MARK: HTTP

    mutating func handshake(_ record: HandshakeRecord, now: CaptureTimestamp?) {
        flush()
        let handshake = record.handshake
        carriesWebSocket = true
        let request: LadderRow
        if let head = record.requestHead {
            let detail = words.requestDetail(
                method: LadderText.narrow(head.method), target: LadderText.narrow(head.target),
                version: LadderText.narrow(head.version.description), host: handshake.host.map(LadderText.narrow),
                key: handshake.key.map(LadderText.narrow), extensions: handshake.offeredExtensions.map { LadderText.narrow($0.description) },
                subprotocols: handshake.offeredSubprotocols.map(LadderText.narrow))
            request = LadderRow(kind: .request, from: .client, firstPacket: record.requestPacket,
                                time: record.requestPacket.flatMap { packetTimes[$0] }, label: LadderText.requestLabel(head.method, head.target, words: words),
                                detail: detail)
        } else {
            request = LadderRow(kind: .request, from: .client, firstPacket: record.requestPacket,
                                time: record.requestPacket.flatMap { packetTimes[$0] },
                                label: LadderText.requestLabel(handshake.method, handshake.target, words: words), detail: words.requestNotKept)
        }
        insertInPacketOrder(request, sender: record.connection.client)
        let response = LadderRow(response: record, time: record.responsePacket.flatMap { packetTimes[$0] } ?? now, words: words)
        insertInPacketOrder(response, sender: record.connection.server)
    }

    // MARK: WebSocket

    mutating func frame(_ record: FrameRecord, folds: Bool) {
        carriesWebSocket = true
        let frame = record.frame
        highestFrame = max(highestFrame, frame.index)
        var row = LadderText.frameRow(record, words: words)
        row.sender = frame.from == .client ? record.connection.client : record.connection.server
        for finding in earlyFindings.removeValue(forKey: frame.index) ?? [] { LadderText.attach(finding, to: &row, words: words) }
        let foldable = folds && (frame.opcode == .text || frame.opcode == .binary) && frame.header.fin
            && frame.ruleIDs.isEmpty && frame.isComplete
        if foldable {
            run.add(row, payload: frame.payloadLength, from: frame.from)
        } else {
            flush()
            append(row)
        }
    }

    mutating func message(_ record: MessageRecord) {
        let message = record.message
        guard message.frameIndices.count > 1 || message.isCompressed, let last = message.frameIndices.last else { return }
        let note = words.messageEnds(message.index, frames: message.frameIndices.count, length: message.length,
                                             inflatedFrom: message.isCompressed ? message.wireLength : nil,
                                             preview: message.text.map { LadderText.quoted($0, total: message.length, words: words) })
        withRow(frame: last) { $0.detail += "; " + note }
    }

    mutating func finding(_ record: FindingRecord, now: CaptureTimestamp?) {
        let words = self.words
        if let frame = record.frameIndex {
            if withRow(frame: frame, { LadderText.attach(record, to: &$0, words: words) }) { return }
            if frame > highestFrame {
                earlyFindings[frame, default: []].append(record)
                return
            }
        } else if let packet = record.packet {
            // A finding about a packet that already has a row (the upgrade request, a FIN) joins that row.
            if let index = rows.indices.reversed().prefix(8).first(where: { rows[$0].firstPacket == packet }) {
                LadderText.attach(record, to: &rows[index], words: words)
                return
            }
        }
        flush()
        var row = LadderRow(kind: .finding, from: record.from, firstPacket: record.packet, time: now,
                            label: words.findingLabel,
                            detail: words.findingDetail(rule: record.rule.id, rfc: record.rule.rfcSection,
                                                message: LadderText.narrow(FindingWords.rawMessage(record.finding, style: words.style))))
        row.findings = [record.rule.id]
        row.frame = record.frameIndex
        append(row)
    }

    mutating func gap(_ gap: StreamGap, identity: ConnectionIdentity, now: CaptureTimestamp?) {
        flush()
        var row = LadderRow(kind: .gap, from: gap.from, firstPacket: gap.packet, time: now, label: words.gapLabel(gap.length),
                            detail: words.gapDetail(gap.length, sender: words.sender(gap.from), reason: gap.reason))
        row.sender = gap.from == .client ? identity.client : identity.server
        append(row)
    }

    // MARK: Rows

    mutating func append(_ row: LadderRow) { rows.append(row) }

    /// Rows that learn their packet late (the upgrade request) go where their packet puts them.
    mutating func insertInPacketOrder(_ row: LadderRow, sender: SocketAddress) {
        var row = row
        row.sender = sender
        var position = rows.count
        if let packet = row.firstPacket {
            while position > 0, let previous = rows[position - 1].firstPacket, previous > packet { position -= 1 }
        }
        rows.insert(row, at: position)
    }

    mutating func flushPending() {
        guard !pending.isEmpty else { return }
        flushRun()
        rows.append(contentsOf: pending)
        pending.removeAll()
    }

    mutating func flushRun() {
        rows.append(contentsOf: run.drain(words: words))
    }

    /// Everything held back becomes rows (before a row that must not be folded, and at the end).
    mutating func flush() {
        flushRun()
        flushPending()
    }

    /// Changes the row of a frame wherever it is (rows, or the ends of the current run).
    @discardableResult
    mutating func withRow(frame: Int, _ change: (inout LadderRow) -> Void) -> Bool {
        if let index = rows.lastIndex(where: { $0.kind == .frame && $0.frame == frame }) {
            change(&rows[index])
            return true
        }
        return run.withRow(frame: frame, change)
    }

    // MARK: Completion

    /// The final ladder: senders resolved with the final roles, HTTP exchanges, ping/pong and close
    /// notes from the report, the end of the capture, phases.
    func complete(with report: ConnectionReport) -> ConnectionLadder {
        var rows = self.rows
        let identity = report.identity
        // Plain HTTP exchanges (polls before an upgrade, or a connection asked for by number).
        let upgradeRequest = report.handshake?.requestPacket
        for exchange in report.httpExchanges {
            // A refused upgrade is also a plain exchange: its request already has its row.
            guard let packet = exchange.firstPacket, packet != upgradeRequest else { continue }
            var row = LadderRow(kind: .exchange, from: .client, firstPacket: packet, time: packetTimes[packet],
                                label: LadderText.requestLabel(exchange.method, exchange.target, words: words),
                                detail: words.exchangeDetail(
                                    method: LadderText.narrow(exchange.method), target: LadderText.narrow(exchange.target),
                                    status: exchange.status, requestBytes: exchange.requestHeadBytes + exchange.requestBodyBytes,
                                    responseBytes: exchange.responseHeadBytes + exchange.responseBodyBytes,
                                    answeredAfter: exchange.responseTime.map { response in
                                        // From the request's first packet (the row's time) to the response's end.
                                        (packetTimes[packet] ?? exchange.requestTime).map { response - $0 }
                                    } ?? nil))
            row.sender = identity.client
            var position = rows.count
            while position > 0, let previous = rows[position - 1].firstPacket, previous > packet { position -= 1 }
            rows.insert(row, at: position)
        }
        // wss: the TLS handshake and alerts, each run one side sent in one packet as one row.
        if let tls = report.tls {
            for (index, group) in LadderBuilder.tlsGroups(tls.steps).enumerated() {
                let first = group[0]
                var row = LadderRow(kind: .tls, from: first.from, firstPacket: first.packet, time: first.packet.flatMap { packetTimes[$0] },
                                    label: words.tlsLabel(group.map(\.kind)),
                                    detail: words.tlsDetail(group.map { ($0.kind, $0.encrypted) }))
                if index == 0 {
                    row.detail += words.tlsSession(version: tls.version?.name, suite: tls.cipherSuite?.name, serverName: tls.serverName)
                }
                row.sender = first.from == .client ? identity.client : identity.server
                var position = rows.count
                // Before the rows of what the same packet carried after it (its records come first).
                while position > 0, let previous = rows[position - 1].firstPacket, let packet = first.packet,
                      previous > packet || (previous == packet && rows[position - 1].kind != .tls) { position -= 1 }
                rows.insert(row, at: position)
            }
            if let last = rows.lastIndex(where: { $0.kind == .tls && $0.label != words.tlsAlertLabel }),
               tls.counts.client.applicationDataRecords + tls.counts.server.applicationDataRecords > 0 {
                rows[last].detail += words.tlsApplicationData(client: tls.counts.client.applicationDataRecords,
                                                                      server: tls.counts.server.applicationDataRecords)
            }
        }
        // Capture order: frames found by the framing heuristic arrive together once it has decided, so
        // rows are ordered by the packet that completed them (rows without a packet keep their place).
        var key: UInt64 = 0
        let keys = rows.map { row -> UInt64 in
            key = row.lastPacket ?? key
            return key
        }
        rows = zip(keys, rows).enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        for index in rows.indices {
            if rows[index].kind == .frame, let packet = rows[index].lastPacket, let time = packetTimes[packet] {
                rows[index].time = time
            }
            if let sender = rows[index].sender { rows[index].from = sender == identity.client ? .client : .server }
            if let need = rows[index].detailNeedsSender, let from = rows[index].from {
                let who = words.sender(from)
                switch need {
                case .fin(let payload): rows[index].detail = words.finDetail(who, payload: payload) + rows[index].detail
                case .finalAck: rows[index].detail = words.finalAckDetail(who) + rows[index].detail
                case .rst: rows[index].detail = words.rstDetail(who) + rows[index].detail
                }
            }
        }
        func frameRow(_ frame: Int?) -> Int? {
            frame.flatMap { frame in rows.firstIndex { $0.kind == .frame && $0.frame == frame } }
        }
        for timing in report.pingPongs {
            let pair = timing.pair
            let ping = frameRow(pair.pingFrameIndex)
            var roundTrip = timing.roundTrip
            if let ping, let pong = frameRow(pair.pongFrameIndex), let sent = rows[ping].time, let answered = rows[pong].time {
                roundTrip = answered - sent
            }
            let rtt = roundTrip.map(words.duration)
            if let ping {
                rows[ping].detail += "; " + (pair.pongFrameIndex.map { words.pingAnswered(by: $0, after: rtt) }
                                             ?? words.pingUnanswered)
            }
            if let pong = frameRow(pair.pongFrameIndex), let pingIndex = pair.pingFrameIndex {
                rows[pong].detail += "; " + words.pongAnswers(pingIndex, after: rtt)
                    + (pair.payloadMatches ? "" : words.pongPayloadDiffers)
            }
        }
        let answered = Set(report.pingPongs.compactMap(\.pair.pongFrameIndex))
        for index in rows.indices where rows[index].kind == .frame && rows[index].opcodeName == "pong" {
            if let frame = rows[index].frame, !answered.contains(frame) { rows[index].detail += "; " + words.pongUnsolicited }
        }
        if let close = report.close {
            if let first = close.first, let index = frameRow(first.frameIndex) {
                rows[index].detail += "; " + words.closesFirst(words.sender(first.from))
                    + (close.reply == nil ? "; " + words.closeUnanswered : "")
            }
            if let reply = close.reply, let index = frameRow(reply.frameIndex) {
                rows[index].detail += "; " + words.answersClose(words.sender(reply.from))
            }
            if close.endedWithoutCloseFrame, let index = rows.firstIndex(where: { $0.kind == .fin || $0.kind == .rst }) {
                rows[index].detail += words.withoutCloseFrame
            }
        }
        if report.tcp.closedHow == .endOfCapture || report.tcp.closedHow == nil {
            var end = LadderRow(kind: .end, from: nil, firstPacket: nil, time: nil, label: words.endLabel,
                                detail: words.endDetail)
            end.phase = rows.last?.phase ?? .opening
            rows.append(end)
        }
        Self.assignPhases(&rows, isWebSocket: report.isWebSocket)
        return ConnectionLadder(identity: identity, rows: rows, isWebSocket: report.isWebSocket)
    }

    /// Opening until the 101 (or, without a handshake, the first frame or the first data after
    /// the TCP handshake); closing from the first close frame, FIN or RST. A capture that starts
    /// after both handshakes has no opening phase: its first notes belong to the data transfer.
    static func assignPhases(_ rows: inout [LadderRow], isWebSocket: Bool) {
        let hasUpgrade = rows.contains { $0.kind == .response && $0.label == "101" }
        func opensData(_ row: LadderRow) -> Bool {
            !hasUpgrade && [.frame, .fold, .exchange, .gap].contains(row.kind)
        }
        let handshakeKinds: [LadderRow.Kind] = [.syn, .synAck, .ack, .request, .response, .tls]
        let hasOpening = rows.prefix { !opensData($0) }.contains { handshakeKinds.contains($0.kind) }
        var phase = hasOpening ? LadderRow.Phase.opening : .data
        for index in rows.indices {
            let row = rows[index]
            if phase != .closing, row.kind == .fin || row.kind == .rst || (row.kind == .frame && row.opcodeName == "close") {
                phase = .closing
            } else if phase == .opening, opensData(row) {
                phase = .data
            }
            rows[index].phase = phase
            if phase == .opening, hasUpgrade, row.kind == .response, row.label == "101" { phase = .data }
        }
    }
}

/// A run of data frames: its first and last rows and what lies between, counted.
private struct Run: Sendable {
    var head: [LadderRow] = []
    /// The latest rows, with their payload sizes and senders; older ones move into the middle.
    var tail: [(row: LadderRow, bytes: UInt64, from: Peer)] = []
    var middle = Middle()

    struct Middle: Sendable {
        var count = 0
        var bytes: UInt64 = 0
        var fromClient = 0
        var opcodes: [String: Int] = [:]
        var first: LadderRow?
        var last: LadderRow?

        mutating func take(_ row: LadderRow, bytes: UInt64, from: Peer) {
            count += 1
            self.bytes += bytes
            if from == .client { fromClient += 1 }
            opcodes[row.opcodeName ?? "?", default: 0] += 1
            if first == nil { first = row }
            last = row
        }
    }

    /// The tail holds the last rows plus enough to make any fold at least `minimumFold` frames.
    static var tailCapacity: Int { LadderBuilder.runEnds + LadderBuilder.minimumFold - 1 }

    mutating func add(_ row: LadderRow, payload: UInt64, from: Peer) {
        if head.count < LadderBuilder.runEnds {
            head.append(row)
            return
        }
        tail.append((row, payload, from))
        if tail.count > Self.tailCapacity {
            let leaving = tail.removeFirst()
            middle.take(leaving.row, bytes: leaving.bytes, from: leaving.from)
        }
    }

    /// The rows to draw: head, one fold row, the last rows; all of them when nothing left the tail.
    mutating func drain(words: LadderStrings) -> [LadderRow] {
        defer { self = Run() }
        guard middle.count > 0 else { return head + tail.map(\.row) }
        var middle = self.middle
        for entry in tail.prefix(tail.count - LadderBuilder.runEnds) { middle.take(entry.row, bytes: entry.bytes, from: entry.from) }
        let first = middle.first!, last = middle.last!
        var fold = LadderRow(kind: .fold, from: nil, firstPacket: first.firstPacket, lastPacket: last.lastPacket,
                             time: first.time, label: words.foldLabel(middle.count),
                             detail: words.foldDetail(count: middle.count, bytes: middle.bytes, fromClient: middle.fromClient,
                                                              fromServer: middle.count - middle.fromClient,
                                                              opcodes: middle.opcodes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        fold.frame = first.frame
        fold.foldedFrames = middle.count
        fold.foldedBytes = middle.bytes
        return head + [fold] + tail.suffix(LadderBuilder.runEnds).map(\.row)
    }

    mutating func withRow(frame: Int, _ change: (inout LadderRow) -> Void) -> Bool {
        if let index = head.firstIndex(where: { $0.frame == frame }) {
            change(&head[index])
            return true
        }
        if let index = tail.firstIndex(where: { $0.row.frame == frame }) {
            change(&tail[index].row)
            return true
        }
        return false
    }
}
