import HTTPUpgrade
import PacketCapture
import PacketDecoding
import TCPReassembly
import WebSocketWire
import WireBytes

/// One connection's way up the layers: stream bytes go to the HTTP parser until the upgrade, then
/// to the WebSocket session; a stream that is not HTTP is probed for WebSocket framing (a capture
/// that starts after the handshake). Stream offsets become packet numbers through provenance.
final class ConnectionPipeline {
    // What every chunk touches comes first, so it shares cache lines (the report is kilobytes long).
    private let options: AnalysisOptions
    /// True when the heuristic showed the reassembler's guessed roles were the wrong way round.
    private var rolesSwapped = false
    private var lastTime: CaptureTimestamp
    private var websocket: WebSocketStage?
    private var provenance: [ProvenanceIndex] = [ProvenanceIndex(), ProvenanceIndex()]
    private var probe: FramingProbe?
    private var http: HTTPConnectionParser?
    private(set) var report: ConnectionReport
    private var upgradeRequestPacket: UInt64?
    /// Requests still waiting for (the end of) their responses, oldest first (pipelining).
    private var openExchanges: [ExchangeInProgress] = []
    /// A WebSocket upgrade request still waiting for its answer (to report a refusal).
    private var pendingUpgradeRequest: HTTPRequestHead?
    private var httpEvents: [HTTPEvent] = []

    init(identity: ConnectionIdentity, statistics: ConnectionStatistics, options: AnalysisOptions, time: CaptureTimestamp) {
        report = ConnectionReport(identity: identity, tcp: statistics)
        self.options = options
        lastTime = time
        if options.decodesApplicationLayer { http = HTTPConnectionParser() }
    }

    var identity: ConnectionIdentity { report.identity }

    private func peer(_ reassemblerPeer: Peer) -> Peer { rolesSwapped ? reassemblerPeer.opposite : reassemblerPeer }
    private func slot(_ peer: Peer) -> Int { peer == .client ? 0 : 1 }

    // MARK: Input from the reassembler

    func receive(_ chunk: StreamChunk, into events: inout [AnalysisEvent]) {
        let from = peer(chunk.from)
        lastTime = chunk.timestamp
        guard options.decodesApplicationLayer else { return }
        provenance[slot(from)].record(chunk)
        feed(chunk.bytes, from: from, into: &events)
    }

    func receive(_ gap: StreamGap, into events: inout [AnalysisEvent]) {
        let from = peer(gap.from)
        events.append(.gap(identity, gap))
        if websocket != nil {
            decodeWebSocket(into: &events) { $0.gap(from: from, length: gap.length, into: &$1) }
        } else if let parser = http {
            // HTTP cannot resume inside a lost head: probe for framing after the gap instead.
            http = nil
            var newProbe = FramingProbe()
            newProbe.start[slot(from)] = gap.offset + gap.length
            newProbe.start[slot(from.opposite)] = parser.streamOffset(of: from.opposite)
            probe = newProbe
        } else if probe != nil {
            probe!.skip(gap.length, from: slot(from))
        }
    }

    func receive(finding: Finding, from reassemblerPeer: Peer?, packet: UInt64?, into events: inout [AnalysisEvent]) {
        record(FindingRecord(connection: identity, from: reassemblerPeer.map(peer), frameIndex: nil, packet: packet,
                             finding: finding), into: &events)
    }

    /// The connection is over (or the capture ended): flush the decoders.
    func close(statistics: ConnectionStatistics, into events: inout [AnalysisEvent]) {
        report.tcp = statistics
        if probe != nil { decideProbe(force: true, into: &events) }
        if websocket != nil {
            decodeWebSocket(into: &events) { $0.finish(into: &$1) }
            summarizeWebSocket()
        }
        if http != nil {
            httpEvents.removeAll(keepingCapacity: true)
            http!.endOfStream(from: .client, into: &httpEvents)
            http!.endOfStream(from: .server, into: &httpEvents)
            handleHTTPEvents(remainder: UnsafeRawBufferPointer(start: nil, count: 0), from: .client, into: &events)
        }
    }

    // MARK: Routing

    private func feed(_ bytes: UnsafeRawBufferPointer, from: Peer, into events: inout [AnalysisEvent]) {
        if http != nil {
            httpEvents.removeAll(keepingCapacity: true)
            let used = http!.consume(bytes, from: from, into: &httpEvents)
            let remainder = UnsafeRawBufferPointer(rebasing: bytes[min(used, bytes.count)...])
            handleHTTPEvents(remainder: remainder, from: from, into: &events)
            if http != nil { trimProvenanceDuringHTTP() }
        } else if probe != nil {
            probe!.append(bytes, from: slot(from))
            decideProbe(force: false, into: &events)
        } else if websocket != nil {
            decodeWebSocket(into: &events) { $0.consume(bytes, from: from, into: &$1) }
        }
    }

    private func handleHTTPEvents(remainder: UnsafeRawBufferPointer, from: Peer, into events: inout [AnalysisEvent]) {
        let pending = httpEvents
        httpEvents.removeAll(keepingCapacity: true)
        for event in pending {
            switch event {
            case .requestHead(let head):
                report.httpRequests += 1
                report.httpFromClient.messages += 1
                report.httpFromClient.headerBytes += UInt64(head.headLength)
                if head.asksForUpgrade { upgradeRequestPacket = provenance[0].location(of: head.startOffset)?.packet }
                if head.asksForWebSocket { pendingUpgradeRequest = head }
                if openExchanges.count < 10_000 {
                    openExchanges.append(ExchangeInProgress(
                        exchange: HTTPExchange(method: head.method, target: head.target, requestHeadBytes: UInt64(head.headLength),
                                               firstPacket: provenance[0].location(of: head.startOffset)?.packet),
                        request: head.startOffset..<(head.startOffset + UInt64(head.headLength))))
                }
            case .responseHead(let head):
                report.httpResponses += 1
                report.httpFromServer.messages += 1
                report.httpFromServer.headerBytes += UInt64(head.headLength)
                if !head.isInformational, let index = openExchanges.firstIndex(where: { $0.response == nil }) {
                    openExchanges[index].exchange.status = head.status
                    openExchanges[index].exchange.responseHeadBytes = UInt64(head.headLength)
                    openExchanges[index].response = head.startOffset..<(head.startOffset + UInt64(head.headLength))
                }
                if let request = pendingUpgradeRequest, !head.isInformational, !head.isSwitchingProtocols {
                    // A refused upgrade (400, 401, 426 ...): the connection stays HTTP, the attempt is reported.
                    pendingUpgradeRequest = nil
                    let handshake = WebSocketHandshake(request: request, response: head)
                    let refused = HandshakeRecord(connection: identity, handshake: handshake, requestHead: request, responseHead: head,
                                                  requestPacket: upgradeRequestPacket,
                                                  responsePacket: provenance[1].location(of: head.startOffset)?.packet)
                    report.handshake = refused
                    events.append(.handshake(refused))
                    for finding in handshake.clientFindings { record(findingRecord(finding, from: .client), into: &events) }
                }
            case .body(let sender, let offset, let length):
                if sender == .client {
                    report.httpFromClient.bodyBytes += UInt64(length)
                    if let index = openExchanges.indices.last {
                        openExchanges[index].exchange.requestBodyBytes += UInt64(length)
                        openExchanges[index].request = openExchanges[index].request.lowerBound..<(offset + UInt64(length))
                    }
                } else {
                    report.httpFromServer.bodyBytes += UInt64(length)
                    if let index = openExchanges.firstIndex(where: { $0.response != nil && !$0.isAnswered }) ?? openExchanges.indices.first,
                       let response = openExchanges[index].response {
                        openExchanges[index].exchange.responseBodyBytes += UInt64(length)
                        openExchanges[index].response = response.lowerBound..<(offset + UInt64(length))
                    }
                }
            case .messageEnd(let sender):
                // A response's end completes the oldest exchange; requests end on their own.
                if sender == .server, let index = openExchanges.firstIndex(where: { $0.response != nil && !$0.isAnswered }) {
                    openExchanges[index].isAnswered = true
                    while let first = openExchanges.first, first.isAnswered { finishExchange(openExchanges.removeFirst()) }
                }
            case .finding(let finding, let sender):
                record(findingRecord(finding, from: sender), into: &events)
            case .upgrade(let handOff):
                startWebSocket(after: handOff, remainder: remainder, from: from, into: &events)
            case .notHTTP(let handOff):
                startProbe(handOff, remainder: remainder, from: from)
            case .trailers:
                break
            }
        }
    }

    private func startWebSocket(after handOff: UpgradeHandOff, remainder: UnsafeRawBufferPointer, from: Peer,
                                into events: inout [AnalysisEvent]) {
        http = nil
        // The upgrade request is the handshake, not an exchange of the HTTP traffic.
        if let request = handOff.request { openExchanges.removeAll { $0.request.lowerBound == request.startOffset } }
        // The handshake's heads were counted as ordinary HTTP when they were parsed: move them.
        if let request = handOff.request {
            report.httpFromClient.messages -= 1
            report.httpFromClient.headerBytes -= UInt64(request.headLength)
            report.httpFromClient.handshakeBytes += UInt64(request.headLength)
        }
        report.httpFromServer.messages -= 1
        report.httpFromServer.headerBytes -= UInt64(handOff.response.headLength)
        report.httpFromServer.handshakeBytes += UInt64(handOff.response.headLength)
        let responsePacket = provenance[1].location(of: handOff.response.startOffset)?.packet
        if let handshake = WebSocketHandshake(upgrade: handOff) {
            let handshakeRecord = HandshakeRecord(connection: identity, handshake: handshake, requestHead: handOff.request,
                                                  responseHead: handOff.response, requestPacket: upgradeRequestPacket,
                                                  responsePacket: responsePacket)
            report.handshake = handshakeRecord
            events.append(.handshake(handshakeRecord))
            for finding in handshake.clientFindings { record(findingRecord(finding, from: .client), into: &events) }
            for finding in handshake.serverFindings { record(findingRecord(finding, from: .server), into: &events) }
        }
        guard handOff.isWebSocket else { return }   // another protocol (h2c, ...): not ours to decode
        var configuration = sessionConfiguration(handshakeSeen: true)
        configuration.clientStartOffset = handOff.clientProtocolOffset
        configuration.serverStartOffset = handOff.serverProtocolOffset
        if let accepted = report.handshake?.handshake.extensions {
            configuration.negotiatedExtensionNames = accepted.map(\.name)
            if let deflate = accepted.first(where: { PerMessageDeflateParameters.extensionNames.contains($0.name.lowercased()) }) {
                let (parameters, findings) = PerMessageDeflateParameters.fromAcceptedExtension(
                    name: deflate.name, parameters: deflate.parameters.map { ($0.name, $0.value) },
                    streamOffset: handOff.response.startOffset)
                configuration.deflate = parameters
                for finding in findings { record(findingRecord(finding, from: .server), into: &events) }
            }
        }
        startStage(configuration, startOffsets: [handOff.clientProtocolOffset, handOff.serverProtocolOffset])
        decodeWebSocket(into: &events) { session, sink in
            if !handOff.heldClientBytes.isEmpty { session.consume(handOff.heldClientBytes, from: .client, into: &sink) }
            if !remainder.isEmpty { session.consume(remainder, from: from, into: &sink) }
        }
    }

    private func sessionConfiguration(handshakeSeen: Bool) -> WebSocketSession.Configuration {
        WebSocketSession.Configuration(handshakeSeen: handshakeSeen, maxInflatedMessageSize: options.maxInflatedMessageSize,
                                       retainPayloads: options.retainsPayloads,
                                       payloadRetentionLimit: options.payloadRetentionLimit)
    }

    // MARK: Connections without a visible handshake

    private func startProbe(_ handOff: NotHTTPHandOff, remainder: UnsafeRawBufferPointer, from: Peer) {
        if probe == nil {
            var newProbe = FramingProbe()
            if let parser = http {
                newProbe.start = [parser.streamOffset(of: .client), parser.streamOffset(of: .server)]
            }
            probe = newProbe
            http = nil
        }
        probe!.start[slot(handOff.from)] = handOff.offset
        probe!.buffers[slot(handOff.from)] = handOff.bufferedBytes
        if handOff.from == from, !remainder.isEmpty { probe!.append(remainder, from: slot(from)) }
    }

    private func decideProbe(force: Bool, into events: inout [AnalysisEvent]) {
        guard let current = probe else { return }
        let verdict = WebSocketFramingHeuristic.assess(first: current.buffers[0], second: current.buffers[1])
        if !verdict.looksLikeWebSocket {
            if force || current.isFull { probe = nil }   // not WebSocket: leave the bytes alone
            return
        }
        guard force || current.hasEnoughEvidence else { return }
        probe = nil
        var start = current.start
        var buffers = current.buffers
        if verdict.firstIsClient == false, report.identity.roleBasis.isGuess {
            rolesSwapped = true
            report.identity = ConnectionIdentity(number: identity.number, client: identity.server, server: identity.client,
                                                 roleBasis: identity.roleBasis)
            start.swapAt(0, 1)
            buffers.swapAt(0, 1)
            provenance.swapAt(0, 1)
        }
        var configuration = sessionConfiguration(handshakeSeen: false)
        configuration.clientStartOffset = start[0]
        configuration.serverStartOffset = start[1]
        startStage(configuration, startOffsets: start)
        report.isWebSocketByHeuristic = true
        record(FindingRecord(connection: identity, from: nil, frameIndex: nil,
                             packet: provenance[0].location(of: start[0])?.packet ?? provenance[1].location(of: start[1])?.packet,
                             finding: Finding(rule: AnalysisRule.handshakeNotCaptured,
                                              message: "No opening handshake in the capture; WebSocket framing recognised from the bytes: \(verdict.explanation)")),
               into: &events)
        decodeWebSocket(into: &events) { session, sink in
            session.consume(buffers[0], from: .client, into: &sink)
            session.consume(buffers[1], from: .server, into: &sink)
        }
    }

    // MARK: WebSocket

    private func startStage(_ configuration: WebSocketSession.Configuration, startOffsets: [UInt64]) {
        websocket = WebSocketStage(session: WebSocketSession(configuration: configuration),
                                   recorder: FrameRecorder(identity: identity, options: options, time: lastTime,
                                                           startOffsets: startOffsets))
        report.isWebSocket = true
    }

    /// Runs `decode` on the session with the recorder as its sink.
    private func decodeWebSocket(into events: inout [AnalysisEvent],
                                 _ decode: (inout WebSocketSession, inout FrameRecorder) -> Void) {
        guard let stage = websocket else { return }
        // Whole-struct calls: reading a field of `stage.recorder` would copy the recorder.
        stage.recorder.beginBatch(time: lastTime, provenance: &provenance, events: &events)
        decode(&stage.session, &stage.recorder)
        stage.recorder.endBatch(provenance: &provenance, events: &events, report: &report)
    }

    private func finishExchange(_ done: ExchangeInProgress) {
        guard report.httpExchanges.count < ConnectionReport.exchangeLimit else { return }
        var exchange = done.exchange
        exchange.requestPackets = Set(provenance[0].packets(covering: done.request)).count
        exchange.responsePackets = done.response.map { Set(provenance[1].packets(covering: $0)).count } ?? 0
        report.httpExchanges.append(exchange)
    }

    private func trimProvenanceDuringHTTP() {
        guard let parser = http else { return }
        // Keep the last MiB before the parser's position: held upgrade bytes and the head in progress.
        for peer in [Peer.client, .server] where provenance[slot(peer)].runCount > 4_096 {
            let position = parser.streamOffset(of: peer)
            provenance[slot(peer)].discard(before: position > 1 << 20 ? position - (1 << 20) : 0)
        }
    }

    private func summarizeWebSocket() {
        guard let session = websocket?.session, let frameTimes = websocket?.recorder.frameTimes else { return }
        report.fromClient = session.counts(for: .client)
        report.fromServer = session.counts(for: .server)
        report.close = session.close
        report.pingPongs = (session.pingPongPairs + session.unansweredPings).map { pair in
            var roundTrip: Double?
            if let ping = pair.pingFrameIndex.flatMap({ frameTimes[$0] }),
               let pong = pair.pongFrameIndex.flatMap({ frameTimes[$0] }) {
                roundTrip = pong - ping
            }
            return PingPongTiming(pair: pair, roundTrip: roundTrip)
        }
    }

    private func findingRecord(_ finding: Finding, from sender: Peer?) -> FindingRecord {
        let packet = finding.streamOffset.flatMap { offset in
            sender.flatMap { provenance[slot($0)].location(of: offset)?.packet }
        }
        return FindingRecord(connection: identity, from: sender, frameIndex: nil, packet: packet, finding: finding)
    }

    private func record(_ finding: FindingRecord, into events: inout [AnalysisEvent]) {
        report.add(finding)
        events.append(.finding(finding))
    }
}

/// An HTTP exchange being parsed, with the stream ranges of its request and response.
struct ExchangeInProgress {
    var exchange: HTTPExchange
    var request: Range<UInt64>
    var response: Range<UInt64>?
    var isAnswered = false
}

/// The first bytes of each direction of a stream that is not HTTP, kept until the WebSocket
/// framing heuristic can decide (bounded: a few KiB per direction).
struct FramingProbe {
    static let capacity = 4_096
    var start: [UInt64] = [0, 0]
    var buffers: [[UInt8]] = [[], []]
    /// Bytes lost in a gap while probing make the buffered prefix useless for framing.
    var isBroken = false

    mutating func append(_ bytes: UnsafeRawBufferPointer, from index: Int) {
        let room = Self.capacity - buffers[index].count
        if room > 0 { buffers[index].append(contentsOf: bytes.prefix(room)) }
    }

    mutating func skip(_ length: UInt64, from index: Int) {
        if buffers[index].isEmpty { start[index] += length } else { isBroken = true }
    }

    var isFull: Bool { isBroken || buffers.allSatisfy { $0.count >= Self.capacity } }
    /// Enough bytes that the verdict will not change: a few frames each way, or one direction full.
    var hasEnoughEvidence: Bool { buffers.contains { $0.count >= Self.capacity } || buffers.allSatisfy { $0.count >= 64 } }
}
