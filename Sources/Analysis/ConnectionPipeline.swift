import HTTPUpgrade
import PacketCapture
import PacketDecoding
import TCPReassembly
import TLS
import WebSocketWire
import WireBytes

/// One connection's way up the layers: stream bytes go to the stage the connection is in (see
/// `ConnectionStage`), and every change of stage is made here. Stream offsets become packet
/// numbers through each direction's provenance.
final class ConnectionPipeline {
    // What every chunk touches comes first, so it shares cache lines (the report is kilobytes long).
    private let options: AnalysisOptions
    /// True when the heuristic showed the reassembler's guessed roles were the wrong way round.
    private var rolesSwapped = false
    private var lastTime: CaptureTimestamp
    private var stage: ConnectionStage
    /// Where each stream byte came from; under TLS, each plaintext byte.
    private var provenance = PerPeer(repeating: ProvenanceIndex())
    private(set) var report: ConnectionReport
    private var httpLog = HTTPExchangeLog()
    /// TLS under the stages, once the first bytes showed a TLS record.
    private var tls: TLSLayer?
    /// Whether the first bytes were looked at for TLS.
    private var isTLSDecided = false
    /// Packet times of the HTTP stage's last chunks, for bytes the parser hands to the framing probe.
    private var recentPacketTimes = RecentPacketTimes()
    /// Set when an Upgrade request follows plain HTTP requests: the run then hands over the
    /// connection's bytes per layer so far (`takeLayerSnapshot`), the end of the HTTP phase.
    private(set) var wantsLayerSnapshot = false
    private var upgradeRequestPacket: UInt64?

    init(identity: ConnectionIdentity, statistics: ConnectionStatistics, options: AnalysisOptions, time: CaptureTimestamp) {
        report = ConnectionReport(identity: identity, tcp: statistics)
        self.options = options
        lastTime = time
        stage = options.decodesApplicationLayer ? .http(HTTPStage()) : .opaque
    }

    var identity: ConnectionIdentity { report.identity }

    private func peer(_ reassemblerPeer: Peer) -> Peer { rolesSwapped ? reassemblerPeer.opposite : reassemblerPeer }

    // MARK: Input from the reassembler

    /// The connection's bytes per layer before the packet `currentPacket` (being processed): the
    /// HTTP phase, if the Upgrade request asking for it began in that packet.
    func takeLayerSnapshot(_ layers: PerPeer<LayerBytes>, currentPacket: UInt64) {
        wantsLayerSnapshot = false
        report.httpPhase = HTTPPhase(layers: layers, upgradePacket: upgradeRequestPacket,
                                     isExact: upgradeRequestPacket == currentPacket)
    }

    func receive(_ chunk: StreamChunk, into events: inout [AnalysisEvent]) {
        let from = peer(chunk.from)
        lastTime = chunk.timestamp
        guard options.decodesApplicationLayer else { return }
        if !isTLSDecided {
            isTLSDecided = true
            if TLSLayer.looksLikeTLS(chunk.bytes) { tls = TLSLayer(keyLog: options.keyLog) }
        }
        if let tls {
            tls.wire[from].record(chunk)
            tls.session.consume(chunk.bytes, from: from, into: &tls.events)
            handleTLSEvents(of: tls, into: &events)
            return
        }
        provenance[from].record(chunk)
        if case .http = stage { recentPacketTimes.note(packet: chunk.packet, time: chunk.timestamp) }
        feed(chunk.bytes, from: from, into: &events)
        if case .probing(let probe) = stage { probe.stamp(chunk.timestamp) }
    }

    func receive(_ gap: StreamGap, into events: inout [AnalysisEvent]) {
        let from = peer(gap.from)
        events.append(.gap(identity, gap))
        if let tls {
            tls.session.gap(from: from, length: gap.length, into: &tls.events)
            handleTLSEvents(of: tls, into: &events)
            return
        }
        stageGap(from: from, length: gap.length, into: &events)
    }

    /// Bytes missing from `from`'s stream (TCP's, or the plaintext's under TLS) reach the stage.
    private func stageGap(from: Peer, length: UInt64, into events: inout [AnalysisEvent]) {
        switch stage {
        case .webSocket(let websocket):
            decode(websocket, into: &events) { $0.gap(from: from, length: length, into: &$1) }
        case .http(let http):
            // The parser skips a gap inside a body, takes a head cut short for what it shows, and
            // hands a direction over where message boundaries are lost.
            http.events.removeAll(keepingCapacity: true)
            http.parser.gap(from: from, length: length, into: &http.events)
            handleHTTPEvents(of: http, remainder: UnsafeRawBufferPointer(start: nil, count: 0), from: from, into: &events)
        case .probing(let probe):
            probe.skip(length, from: from)
        case .opaque:
            break
        }
    }

    func receive(finding: Finding, from reassemblerPeer: Peer?, packet: UInt64?, into events: inout [AnalysisEvent]) {
        record(FindingRecord(connection: identity, from: reassemblerPeer.map(peer), frameIndex: nil, packet: packet,
                             finding: finding), into: &events)
    }

    // MARK: TLS

    /// Plaintext goes up as a stream of its own; each plaintext byte keeps the packet that carried
    /// the ciphertext byte it was encrypted into.
    private func handleTLSEvents(of tls: TLSLayer, into events: inout [AnalysisEvent]) {
        let pending = tls.events
        tls.events.removeAll(keepingCapacity: true)
        for event in pending {
            tls.note(event)
            switch event {
            case .applicationData(let chunk):
                for piece in tls.wire[chunk.from].pieces(covering: chunk.ciphertextRange) {
                    provenance[chunk.from].record(offset: chunk.plaintextOffset + (piece.streamRange.lowerBound - chunk.ciphertextOffset),
                                                  length: piece.streamRange.count, packet: piece.packet,
                                                  payloadOffset: piece.payloadRange.lowerBound)
                }
                chunk.bytes.withUnsafeBytes { feed($0, from: chunk.from, into: &events) }
            case .plaintextGap(let gap):
                stageGap(from: gap.from, length: gap.length, into: &events)
            case .finding(let finding):
                let packet = finding.streamOffset.flatMap { offset in finding.from.flatMap { tls.wire[$0].location(of: offset)?.packet } }
                record(FindingRecord(connection: identity, from: finding.from, frameIndex: nil, packet: packet,
                                     finding: finding.finding), into: &events)
            default:
                break
            }
        }
        tls.trimWireProvenance()
    }

    /// The connection is over (or the capture ended): flush the decoders.
    func close(statistics: ConnectionStatistics, into events: inout [AnalysisEvent]) {
        if let tls {
            tls.session.finish(into: &tls.events)
            handleTLSEvents(of: tls, into: &events)
            report.tls = tls.report
        }
        report.tcp = statistics
        if case .probing(let probe) = stage { decide(probe, force: true, into: &events) }
        switch stage {
        case .webSocket(let websocket):
            let transport = Self.transportEnd(statistics)
            decode(websocket, into: &events) { $0.finish(transport: transport, into: &$1) }
            summarize(websocket, statistics: statistics, into: &events)
        case .http(let http):
            http.events.removeAll(keepingCapacity: true)
            http.parser.endOfStream(from: .client, into: &http.events)
            http.parser.endOfStream(from: .server, into: &http.events)
            handleHTTPEvents(of: http, remainder: UnsafeRawBufferPointer(start: nil, count: 0), from: .client, into: &events)
            if http.pendingWebSocketRequest != nil { report.upgradeUnanswered = true }
        case .probing, .opaque:
            break
        }
        if report.isWebSocket { report.truncatedHandshake = nil }
        httpLog.close()
        // Only a connection that did upgrade to WebSocket after its plain HTTP has two phases.
        if !report.isWebSocket || report.handshake?.handshake.status != 101 { report.httpPhase = nil }
        report.httpRequests = httpLog.requests
        report.httpResponses = httpLog.responses
        report.http = httpLog.bytes
        report.httpExchanges = httpLog.finished
    }

    // MARK: Routing

    private func feed(_ bytes: UnsafeRawBufferPointer, from: Peer, into events: inout [AnalysisEvent]) {
        switch stage {
        case .webSocket(let websocket):
            decode(websocket, into: &events) { $0.consume(bytes, from: from, into: &$1) }
        case .http(let http):
            http.events.removeAll(keepingCapacity: true)
            let used = http.parser.consume(bytes, from: from, into: &http.events)
            let remainder = UnsafeRawBufferPointer(rebasing: bytes[min(used, bytes.count)...])
            handleHTTPEvents(of: http, remainder: remainder, from: from, into: &events)
            if case .http = stage { trimProvenance(during: http) }
        case .probing(let probe):
            probe.append(bytes, from: from)
            decide(probe, force: false, current: (bytes, from), into: &events)
        case .opaque:
            break
        }
    }

    // MARK: HTTP

    private func handleHTTPEvents(of http: HTTPStage, remainder: UnsafeRawBufferPointer, from: Peer,
                                  into events: inout [AnalysisEvent]) {
        let pending = http.events
        http.events.removeAll(keepingCapacity: true)
        for event in pending {
            switch event {
            case .requestHead(let head):
                let firstPacket = provenance.client.location(of: head.startOffset)?.packet
                httpLog.request(head, firstPacket: firstPacket, time: lastTime)
                if head.asksForUpgrade { http.upgradeRequestPacket = firstPacket }
                if head.asksForWebSocket, httpLog.requests > 1 {
                    wantsLayerSnapshot = true
                    upgradeRequestPacket = firstPacket
                }
                if head.asksForWebSocket { http.pendingWebSocketRequest = head }
            case .responseHead(let head):
                httpLog.response(head)
                if let request = http.pendingWebSocketRequest, !head.isInformational, !head.isSwitchingProtocols {
                    // A refused upgrade (400, 401, 426 ...): the connection stays HTTP, the attempt is reported.
                    http.pendingWebSocketRequest = nil
                    let handshake = WebSocketHandshake(request: request, response: head)
                    let refused = HandshakeRecord(connection: identity, handshake: handshake, requestHead: request, responseHead: head,
                                                  requestPacket: http.upgradeRequestPacket,
                                                  responsePacket: provenance.server.location(of: head.startOffset)?.packet)
                    report.handshake = refused
                    events.append(.handshake(refused))
                    for finding in handshake.clientFindings { record(findingRecord(finding, from: .client), into: &events) }
                }
            case .body(let sender, let offset, let length):
                httpLog.body(from: sender, offset: offset, length: length)
            case .messageEnd(let sender):
                httpLog.messageEnd(from: sender, provenance: provenance, time: lastTime)
            case .finding(let finding, let sender):
                record(findingRecord(finding, from: sender), into: &events)
            case .upgrade(let handOff):
                if !handOff.isWebSocket { report.switchedToProtocol = handOff.response.headers["Upgrade"] ?? "an unnamed protocol" }
                startWebSocket(after: handOff, requestPacket: http.upgradeRequestPacket, remainder: remainder, from: from,
                               into: &events)
            case .notHTTP(let handOff):
                startProbe(handOff, remainder: remainder, from: from)
            case .trailers:
                break
            }
        }
    }

    /// Keeps the last MiB before the parser's position: held upgrade bytes and the head in progress.
    private func trimProvenance(during http: HTTPStage) {
        for peer in Peer.allCases where provenance[peer].runCount > 4_096 {
            let position = http.parser.streamOffset(of: peer)
            provenance[peer].discard(before: position > 1 << 20 ? position - (1 << 20) : 0)
        }
    }

    // MARK: Transitions

    /// `.http` → `.webSocket` (or `.opaque` for another protocol): the 101 answered an upgrade.
    private func startWebSocket(after handOff: UpgradeHandOff, requestPacket: UInt64?, remainder: UnsafeRawBufferPointer,
                                from: Peer, into events: inout [AnalysisEvent]) {
        stage = .opaque
        httpLog.upgraded(request: handOff.request)
        let requestPacket = handOff.request.flatMap { provenance.client.location(of: $0.startOffset)?.packet } ?? requestPacket
        let responsePacket = provenance.server.location(of: handOff.response.startOffset)?.packet
        if let handshake = WebSocketHandshake(upgrade: handOff) {
            let handshakeRecord = HandshakeRecord(connection: identity, handshake: handshake, requestHead: handOff.request,
                                                  responseHead: handOff.response, requestPacket: requestPacket,
                                                  responsePacket: responsePacket)
            report.handshake = handshakeRecord
            events.append(.handshake(handshakeRecord))
            for finding in handshake.clientFindings { record(findingRecord(finding, from: .client), into: &events) }
            for finding in handshake.serverFindings { record(findingRecord(finding, from: .server), into: &events) }
        }
        guard handOff.isWebSocket else { return }   // another protocol (h2c, ...): not ours to decode
        let startOffsets = PerPeer(client: handOff.clientProtocolOffset, server: handOff.serverProtocolOffset)
        // A head cut short (snapshot length, lost segments) hides where it ended and, for the
        // response, which extensions were accepted: frames are searched for after the cut, and
        // compression is inferred from RSV1.
        let extensionsKnown = handOff.response.truncation == nil || report.handshake?.handshake.extensionsKnown == true
        var configuration = sessionConfiguration(handshakeSeen: extensionsKnown, startOffsets: startOffsets)
        configuration.startIsAssumed = PerPeer(client: handOff.request?.truncation != nil, server: handOff.response.truncation != nil)
        if extensionsKnown, let accepted = report.handshake?.handshake.extensions {
            configuration.negotiatedExtensionNames = accepted.map(\.name)
            if let deflate = accepted.first(where: { PerMessageDeflateParameters.extensionNames.contains($0.name.lowercased()) }) {
                let (parameters, findings) = PerMessageDeflateParameters.fromAcceptedExtension(
                    name: deflate.name, parameters: deflate.parameters.map { ($0.name, $0.value) },
                    streamOffset: handOff.response.startOffset)
                configuration.deflate = parameters
                for finding in findings { record(findingRecord(finding, from: .server), into: &events) }
            }
        }
        let websocket = startWebSocketStage(configuration, startOffsets: startOffsets)
        decode(websocket, into: &events) { session, sink in
            if !handOff.heldClientBytes.isEmpty { session.consume(handOff.heldClientBytes, from: .client, into: &sink) }
            if handOff.droppedClientByteCount > 0 {
                session.gap(from: .client, length: handOff.droppedClientByteCount, into: &sink)
            }
            if !remainder.isEmpty { session.consume(remainder, from: from, into: &sink) }
        }
    }

    /// `.http` → `.probing`: a direction's bytes are not HTTP (the capture started after the handshake).
    private func startProbe(_ handOff: NotHTTPHandOff, remainder: UnsafeRawBufferPointer, from: Peer) {
        let probe: FramingProbe
        switch stage {
        case .probing(let existing):
            probe = existing
        case .http(let http):
            probe = FramingProbe()
            probe.start = PerPeer(client: http.parser.streamOffset(of: .client), server: http.parser.streamOffset(of: .server))
            stage = .probing(probe)
        case .webSocket, .opaque:
            return
        }
        probe.start[handOff.from] = handOff.offset
        probe.buffers[handOff.from] = handOff.bufferedBytes
        if handOff.from == from, !remainder.isEmpty { probe.append(remainder, from: from) }
    }

    /// `.probing` → `.webSocket` when the framing heuristic recognises frames, → `.opaque` when it
    /// cannot (with `force` at the end of the connection, once neither direction's evidence can
    /// change, or at once when the bytes cannot be frames). `current` is the chunk just appended
    /// (its bytes beyond what the probe keeps are still at hand).
    private func decide(_ probe: FramingProbe, force: Bool, current: (bytes: UnsafeRawBufferPointer, from: Peer)? = nil,
                        into events: inout [AnalysisEvent]) {
        probe.stamp(lastTime)
        let verdict = WebSocketFramingHeuristic.assess(first: probe.evidence(.client), second: probe.evidence(.server))
        if !verdict.looksLikeWebSocket {
            // An implausible direction stays implausible however many bytes follow (its start is judged).
            if force || probe.isFull || !verdict.first.isPlausible || !verdict.second.isPlausible {
                stage = .opaque   // not WebSocket: leave the bytes alone
                report.framingVerdict = verdict.explanation
            }
            return
        }
        guard force || probe.hasEnoughEvidence else { return }
        stage = .opaque
        if verdict.firstIsClient == false, report.identity.roleBasis.isGuess {
            rolesSwapped = true
            report.identity = ConnectionIdentity(number: identity.number, client: identity.server, server: identity.client,
                                                 roleBasis: identity.roleBasis)
            probe.swapPeers()
            provenance.swapPeers()
        }
        let start = probe.start
        let websocket = startWebSocketStage(sessionConfiguration(handshakeSeen: false, startOffsets: start), startOffsets: start)
        report.isWebSocketByHeuristic = true
        record(FindingRecord(connection: identity, from: nil, frameIndex: nil,
                             packet: provenance.client.location(of: start.client)?.packet ?? provenance.server.location(of: start.server)?.packet,
                             finding: Finding(rule: AnalysisRule.handshakeNotCaptured,
                                              message: "No opening handshake in the capture; WebSocket framing recognised from the bytes: \(verdict.explanation)",
                                              messageKey: "finding.analysis.handshake-not-captured", arguments: [.text(verdict.explanation)])),
               into: &events)
        replay(probe, into: websocket, current: current.map { ($0.bytes, peer($0.from)) }, events: &events)
    }

    /// Decodes what the probe kept as it came: each chunk its own batch with its own packet time,
    /// both directions in capture order, gaps at their places.
    private func replay(_ probe: FramingProbe, into websocket: WebSocketStage,
                        current: (bytes: UnsafeRawBufferPointer, from: Peer)?, events: inout [AnalysisEvent]) {
        var steps = initialSteps(of: probe)
        steps.append(contentsOf: probe.entries)
        var position = PerPeer(repeating: 0)
        var time = lastTime
        for (index, step) in steps.enumerated() {
            switch step {
            case .bytes(let from, let count, let stamped):
                time = stamped ?? time
                let range = position[from]..<(position[from] + count)
                position[from] += count
                decode(websocket, at: time, into: &events) { session, sink in
                    probe.buffers[from][range].withUnsafeBytes { session.consume($0, from: from, into: &sink) }
                }
            case .gap(let from, let length):
                decode(websocket, at: time, into: &events) { $0.gap(from: from, length: length, into: &$1) }
            case .notKept(let from, let length, let stamped):
                time = stamped ?? time
                // The chunk that triggered the decision is still at hand: decode its tail instead of losing it.
                if index == steps.count - 1, let current, current.from == from, UInt64(current.bytes.count) >= length {
                    let tail = UnsafeRawBufferPointer(rebasing: current.bytes[(current.bytes.count - Int(length))...])
                    decode(websocket, at: time, into: &events) { $0.consume(tail, from: from, into: &$1) }
                    continue
                }
                record(FindingRecord(connection: identity, from: from, frameIndex: nil, packet: nil,
                                     finding: Finding(rule: AnalysisRule.bytesNotKeptWhileProbing,
                                                      message: "\(length) bytes from the \(from) came while wslens was still deciding whether this connection carries WebSocket, beyond the \(FramingProbe.keepLimit / 1024) KiB per direction it keeps for that; they are skipped as if missing from the capture.",
                                                      messageKey: "finding.analysis.bytes-not-kept-while-probing",
                                                      arguments: [.number(length), .peer(from), .number(FramingProbe.keepLimit / 1024)])),
                       into: &events)
                decode(websocket, at: time, into: &events) { $0.gap(from: from, length: length, into: &$1) }
            }
        }
    }

    /// The probe's first bytes that the HTTP parser handed over, one step per packet that carried
    /// them, both directions merged in packet (capture) order.
    private func initialSteps(of probe: FramingProbe) -> [FramingProbe.Entry] {
        var pieces: [(packet: UInt64, from: Peer, count: Int)] = []
        for peer in Peer.allCases {
            let count = probe.initialByteCount(of: peer)
            guard count > 0 else { continue }
            let range = probe.start[peer]..<(probe.start[peer] + UInt64(count))
            let found = provenance[peer].pieces(covering: range)
            if found.reduce(0, { $0 + $1.streamRange.count }) == count {
                for piece in found { pieces.append((piece.packet, peer, piece.streamRange.count)) }
            } else {
                pieces.append((UInt64.max, peer, count))   // provenance lost: decoded with the current time
            }
        }
        return pieces.sorted { $0.packet < $1.packet }.map { piece in
            .bytes(from: piece.from, count: piece.count, time: recentPacketTimes.time(of: piece.packet))
        }
    }

    // MARK: WebSocket

    private func sessionConfiguration(handshakeSeen: Bool, startOffsets: PerPeer<UInt64>) -> WebSocketSession.Configuration {
        WebSocketSession.Configuration(handshakeSeen: handshakeSeen, maxInflatedMessageSize: options.maxInflatedMessageSize,
                                       retainPayloads: options.retainsPayloads,
                                       payloadRetentionLimit: options.payloadRetentionLimit,
                                       clientStartOffset: startOffsets.client, serverStartOffset: startOffsets.server)
    }

    private func startWebSocketStage(_ configuration: WebSocketSession.Configuration, startOffsets: PerPeer<UInt64>) -> WebSocketStage {
        let websocket = WebSocketStage(session: WebSocketSession(configuration: configuration),
                                       recorder: FrameRecorder(identity: identity, options: options, time: lastTime,
                                                               startOffsets: startOffsets))
        stage = .webSocket(websocket)
        report.isWebSocket = true
        return websocket
    }

    /// Runs `body` on the session with the recorder as its sink; what completes in it completes at
    /// `time` (default: the time of the chunk being handled).
    private func decode(_ websocket: WebSocketStage, at time: CaptureTimestamp? = nil, into events: inout [AnalysisEvent],
                        _ body: (inout WebSocketSession, inout FrameRecorder) -> Void) {
        // Whole-struct calls: reading a field of `websocket.recorder` would copy the recorder.
        websocket.recorder.beginBatch(time: time ?? lastTime, provenance: &provenance, events: &events)
        body(&websocket.session, &websocket.recorder)
        websocket.recorder.endBatch(provenance: &provenance, events: &events, report: &report)
    }

    /// How TCP ended under the WebSocket: a FIN or RST in either direction ends it, even when the
    /// capture stopped before the other side's FIN.
    private static func transportEnd(_ statistics: ConnectionStatistics) -> WebSocketSession.TransportEnd {
        let client = statistics.fromClient, server = statistics.fromServer
        if statistics.closedHow == .reset || client.sawRST || server.sawRST { return .reset }
        if statistics.closedHow == .fin || client.sawFIN || server.sawFIN { return .fin }
        return .captureEnded
    }

    private func summarize(_ websocket: WebSocketStage, statistics: ConnectionStatistics, into events: inout [AnalysisEvent]) {
        let session = websocket.session
        let recorder = websocket.recorder
        let frameTimes = recorder.frameTimes
        report.frameCounts = PerPeer(client: session.counts(for: .client), server: session.counts(for: .server))
        report.close = session.close
        var timings = (session.pingPongPairs + session.unansweredPings).map { pair in
            var roundTrip: Double?
            if let ping = pair.pingFrameIndex.flatMap({ frameTimes[$0] }),
               let pong = pair.pongFrameIndex.flatMap({ frameTimes[$0] }) {
                roundTrip = pong - ping
            }
            return PingPongTiming(pair: pair, roundTrip: roundTrip)
        }
        // A ping counts as unanswered only when the capture shows the connection for long enough
        // after it: at least 1 s, and 10 times the longest round trip measured on it.
        let longest = timings.compactMap(\.roundTrip).max() ?? 0
        let needed = max(1, 10 * longest)
        let end = statistics.lastTimestamp ?? lastTime
        for index in timings.indices where timings[index].pair.pongFrameIndex == nil {
            guard let pingIndex = timings[index].pair.pingFrameIndex, let sent = frameTimes[pingIndex] else { continue }
            let waited = max(0, end - sent)
            timings[index].observedAfter = waited
            timings[index].outcome = waited >= needed ? .unanswered : .tooSoonToTell
            guard waited >= needed else { continue }
            let pinger = timings[index].pair.pingFrom
            let note = recorder.pingNotes[pingIndex]
            let later = note.map { (pinger.opposite == .client ? report.webSocket.client : report.webSocket.server).frames - $0.framesOfPingedSide } ?? 0
            let meanwhile = later > 0 ? ", while the \(pinger.opposite) sent \(later) more frame\(later == 1 ? "" : "s")" : ""
            // Known only at the end, so not tied to the ping frame (whose own findings were printed with it).
            record(FindingRecord(connection: identity, from: pinger.opposite, frameIndex: nil, packet: note?.packet,
                                 finding: Finding(rule: WebSocketRule.pingUnanswered,
                                                  message: "The \(pinger)'s ping (frame \(pingIndex)) got no pong in the \(Self.seconds(waited)) s the capture shows of this connection after it\(meanwhile). Unanswered means: no pong after at least max(1 s, 10 × the longest ping round trip on this connection\(longest > 0 ? ", " + Self.seconds(longest * 1000) + " ms" : "")) = \(Self.seconds(needed)) s.",
                                                  messageKey: "finding.ws.ping-unanswered",
                                                  arguments: [.peer(pinger), .number(pingIndex), .decimal(Self.seconds(waited)),
                                                              .phrase(later > 0 ? "finding.ws.ping-unanswered.meanwhile" : "",
                                                                      [.peer(pinger.opposite), .number(later)]),
                                                              .phrase(longest > 0 ? "finding.ws.ping-unanswered.longest" : "",
                                                                      [.decimal(Self.seconds(longest * 1000))]),
                                                              .decimal(Self.seconds(needed))])),
                   into: &events)
        }
        report.pingPongs = timings
    }

    private static func seconds(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    // MARK: Findings

    private func findingRecord(_ finding: Finding, from sender: Peer?) -> FindingRecord {
        let packet = finding.streamOffset.flatMap { offset in
            sender.flatMap { provenance[$0].location(of: offset)?.packet }
        }
        return FindingRecord(connection: identity, from: sender, frameIndex: nil, packet: packet, finding: finding)
    }

    private func record(_ finding: FindingRecord, into events: inout [AnalysisEvent]) {
        if finding.rule == HandshakeRule.truncatedHead, report.truncatedHandshake == nil {
            // Said only if no WebSocket follows (see `close`).
            report.truncatedHandshake = finding.finding.message
        }
        report.add(finding)
        events.append(.finding(finding))
    }
}
