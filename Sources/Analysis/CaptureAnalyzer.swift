public import PacketCapture
import PacketDecoding
import TCPReassembly
import WireBytes

/// Reads a capture in one pass and reports what every layer found, in capture order.
///
/// Memory does not grow with the file: packets are borrowed from libpcap, in-order TCP data is
/// passed up without copying, and each connection keeps only what its decoders still need.
public struct CaptureAnalyzer {
    public let options: AnalysisOptions

    public init(options: AnalysisOptions = AnalysisOptions()) { self.options = options }

    /// Analyses a capture file.
    /// - Parameter onEvent: called for every event, in capture order.
    /// - Returns: the report; `report.captureError` is set when the file ended in a read error
    ///   (everything before it was analysed).
    /// - Throws: `CaptureError` when the file cannot be opened, the filter is invalid, or the link
    ///   type is not one wslens decodes.
    public func analyze(path: String, onEvent: (AnalysisEvent) -> Void = { _ in }) throws(CaptureError) -> AnalysisReport {
        let reader = try CaptureReader(path: path, filter: options.filter)
        return try analyze(reader: reader, onEvent: onEvent)
    }

    /// Analyses a capture held in memory (tests, fuzzing).
    public func analyze(bytes: [UInt8], name: String = "<memory>",
                        onEvent: (AnalysisEvent) -> Void = { _ in }) throws(CaptureError) -> AnalysisReport {
        let reader = try CaptureReader(bytes: bytes, name: name, filter: options.filter)
        let secrets: KeyLogSource.CaptureInput = options.readsCaptureSecrets
            ? (reader.format == .pcapng ? .bytes(bytes) : .none(.notPcapng)) : .none(.notLookedFor)
        return try analyze(reader: reader, secrets: secrets, onStart: { _ in }, onEvent: onEvent)
    }

    /// Analyses what a reader delivers: a file, standard input, merged files or a live interface.
    ///
    /// The loop pulls packets with `reader.next()` until the reader ends: at the end of the input,
    /// at a limit (`--count`, `--duration`), or once `reader.stop` was requested (a signal stops
    /// only the reader). The report is then finished as for a file: connections still open are said
    /// to be open at the end of the capture. Events come as each packet completes them.
    /// - Parameters:
    ///   - onStart: called once, with the first packet's time, before any event (`--since` counts from it).
    ///   - onEvent: called for every event, in capture order.
    public func analyze(reader: CaptureReader, onStart: (CaptureTimestamp) -> Void = { _ in },
                        onEvent: (AnalysisEvent) -> Void) throws(CaptureError) -> AnalysisReport {
        try analyze(reader: reader, secrets: captureSecrets(of: reader), onStart: onStart, onEvent: onEvent)
    }

    /// Where the TLS keys a pcapng may carry (Decryption Secrets Blocks) can be read from: a second
    /// pass over one seekable file; standard input, a gzip'd or merged capture cannot be searched.
    private func captureSecrets(of reader: CaptureReader) -> KeyLogSource.CaptureInput {
        guard options.readsCaptureSecrets else { return .none(.notLookedFor) }
        guard reader.format == .pcapng else { return .none(.notPcapng) }
        if reader.isRereadable, reader.paths.count <= 1 { return .file(reader.path) }
        if reader.paths.count > 1 {
            return .none(.notSearchable("the files of a merged capture are not searched for the TLS keys a pcapng may hold"))
        }
        return .none(.notSearchable(reader.path == "-" ? "standard input cannot be read a second time for the TLS keys a pcapng may hold"
                                                       : "\(reader.path) cannot be read a second time for the TLS keys a pcapng may hold"))
    }

    private func analyze(reader: CaptureReader, secrets: KeyLogSource.CaptureInput, onStart: (CaptureTimestamp) -> Void,
                         onEvent: (AnalysisEvent) -> Void) throws(CaptureError) -> AnalysisReport {
        guard reader.linkType.isSupported else {
            throw CaptureError(kind: .unreadable, path: reader.path,
                               reason: "link type \(reader.linkType.rawValue) (\(CaptureReader.describe(reader.linkType))) is not supported; wslens reads Ethernet, Linux cooked (SLL, SLL2), BSD loopback (NULL, LOOP) and raw IP captures")
        }
        if options.filter != nil { reader.handsUpFilteredPackets = true }   // they keep connection numbers as without the filter
        let keys = KeyLogSource(given: options.keyLog, capture: secrets)
        var run = AnalysisRun(options: options, keys: keys, path: reader.path, linkTypeName: reader.linkType.name)
        run.report.files = reader.paths
        let merged = reader.paths.count > 1
        if merged { run.origins = PacketOrigins() }
        var decoder = PacketDecoder()
        // Hidden packets get a decoder of their own: their fragments must not complete shown datagrams.
        var hiddenDecoder = PacketDecoder()
        do {
            if let first = try reader.next() {
                run.report.firstPacketTime = first.timestamp
                onStart(first.timestamp)
                if merged { run.origins?.note(first) }
                run.take(first, decoder: &decoder, hiddenDecoder: &hiddenDecoder, onEvent: onEvent)
                // Two loops, so that a single file's loop does nothing more per packet than before.
                if merged {
                    while let packet = try reader.next() {
                        run.origins?.note(packet)
                        run.take(packet, decoder: &decoder, hiddenDecoder: &hiddenDecoder, onEvent: onEvent)
                    }
                } else {
                    while let packet = try reader.next() { run.take(packet, decoder: &decoder, hiddenDecoder: &hiddenDecoder, onEvent: onEvent) }
                }
            }
        } catch {
            run.report.captureError = CaptureErrorDescription(description: error.description)
        }
        run.report.end = reader.endReason
        run.finish(packetsRead: reader.packetsRead, onEvent: onEvent)
        run.report.tlsKeySources = keys.sources
        return run.report
    }
}

/// The state of one analysis: decoder, reassembler, and a pipeline per connection carrying data.
///
/// Memory per connection is kept small because captures can hold hundreds of thousands of them:
/// the reports live in one array indexed by connection number (no dictionary, no copy at the end),
/// and a pipeline exists only while a connection that carries bytes is open.
struct AnalysisRun {
    let options: AnalysisOptions
    /// The TLS secrets, looked up when the first TLS connection needs them.
    let keys: KeyLogSource
    var report: AnalysisReport
    private var reassembler: TCPReassembler
    /// Open connections that have carried data, by number - 1 (an array: looked up per packet).
    private var pipelines: [ConnectionPipeline?] = []
    /// Connections that have been opened (the reassembler emitted `.opened`), by number - 1.
    private var opened: [Bool] = []
    /// Bytes of packets seen before their connection's roles were known (pure ACKs of a capture
    /// that starts mid-connection): counted when it opens.
    private var earlyBytes: [Int: [(SocketAddress, LayerBytes)]] = [:]
    private var streamEvents: [StreamEvent] = []
    private var events: [AnalysisEvent] = []
    /// Each packet's file, when files are merged (nil otherwise): the records get their origin from it.
    var origins: PacketOrigins?

    init(options: AnalysisOptions, keys: KeyLogSource, path: String, linkTypeName: String) {
        self.options = options
        self.keys = keys
        report = AnalysisReport(path: path, linkTypeName: linkTypeName)
        reassembler = TCPReassembler(configuration: .init(maximumBufferedBytesPerDirection: options.maxBufferedBytesPerDirection))
    }

    /// Takes the next packet: shown packets are analysed, those the filter hides only number their connection.
    @inline(__always)
    mutating func take(_ packet: CapturedPacket, decoder: inout PacketDecoder, hiddenDecoder: inout PacketDecoder,
                       onEvent: (AnalysisEvent) -> Void) {
        if packet.matchesFilter {
            process(packet, decoder: &decoder, onEvent: onEvent)
        } else {
            number(packet, decoder: &hiddenDecoder, onEvent: onEvent)
        }
    }

    /// Takes the next packet. The decoder is the caller's: the run's own state is what the
    /// decoder's callbacks change, so the two must not be one value.
    mutating func process(_ packet: CapturedPacket, decoder: inout PacketDecoder, onEvent: (AnalysisEvent) -> Void) {
        decoder.decode(packet, tcp: { segment, lengths in
            process(segment, lengths: lengths, capturedLength: packet.capturedLength, time: packet.timestamp)
        }, other: { decoded in
            processOther(decoded.content, packet)
        })
        flush(onEvent)
    }

    /// A packet the filter hides: it only numbers its connection (see `TCPReassembler.noteHidden`).
    @inline(never)
    mutating func number(_ packet: CapturedPacket, decoder: inout PacketDecoder, onEvent: (AnalysisEvent) -> Void) {
        decoder.decode(packet, tcp: { segment, _ in
            reassembler.noteHidden(segment, into: &streamEvents)
            handleStreamEvents(time: packet.timestamp, packet: packet.number)
        }, other: { _ in })
        flush(onEvent)
    }

    /// The common packet, kept apart from the rest so that its path stays short.
    private mutating func process(_ segment: TCPSegment, lengths: LayerLengths, capturedLength: Int, time: CaptureTimestamp) {
        var layers = LayerBytes()
        layers.packets = 1
        layers.capturedBytes = UInt64(capturedLength)
        layers.linkHeaderBytes = UInt64(lengths.link)
        layers.ipHeaderBytes = UInt64(lengths.ip)
        layers.tcpHeaderBytes = UInt64(lengths.tcp)
        layers.tcpPayloadBytes = UInt64(segment.payload.count)
        layers.payloadPackets = segment.payload.isEmpty ? 0 : 1
        layers.linkTrailerBytes = UInt64(capturedLength) - UInt64(lengths.link + lengths.ip + lengths.tcp + segment.payload.count)
        if segment.wirePayloadLength == 0, segment.flags.isDisjoint(with: [.syn, .fin, .rst]) { layers.pureAckPackets = 1 }
        report.totals += layers
        let number = reassembler.process(segment, into: &streamEvents)
        if options.emitsTCPPackets { recordTCPPacket(segment, connection: number, time: time) }
        if !streamEvents.isEmpty { handleStreamEvents(time: time, packet: segment.packetNumber) }   // pure ACKs mostly have none
        if number <= opened.count, opened[number - 1] {
            report.connections[number - 1].count(layers, from: segment.source)
        } else {
            holdUntilOpened(layers, from: segment.source, connection: number)
        }
    }

    @inline(never)   // only for the ladder and the report: off the common path
    private mutating func recordTCPPacket(_ segment: TCPSegment, connection: Int, time: CaptureTimestamp) {
        events.append(.tcpPacket(TCPPacketRecord(
            connection: connection, packet: segment.packetNumber, time: time, source: segment.source,
            destination: segment.destination, flags: segment.flags, sequenceNumber: segment.sequenceNumber,
            acknowledgmentNumber: segment.acknowledgmentNumber, payloadLength: segment.wirePayloadLength)))
    }

    @inline(never)   // rare (pure ACKs before a connection's roles are known): off the common path
    private mutating func holdUntilOpened(_ layers: LayerBytes, from source: SocketAddress, connection number: Int) {
        earlyBytes[number, default: []].append((source, layers))
    }

    private mutating func processOther(_ content: PacketContent, _ packet: CapturedPacket) {
        var layers = LayerBytes()
        layers.packets = 1
        layers.capturedBytes = UInt64(packet.capturedLength)
        switch content {
        case .tcp:
            preconditionFailure("TCP segments take the other path")   // see process(_:decoder:onEvent:)
        case .ipFragment:
            countOther("IP fragment (held for reassembly)", packet, &layers)
        case .otherIP(let protocolNumber):
            countOther(protocolNumber.name, packet, &layers)
        case .notIP(let name):
            countOther(name, packet, &layers)
        case .malformed(let reason):
            countOther("malformed", packet, &layers)
            let finding = FindingRecord(connection: nil, from: nil, frameIndex: nil, packet: packet.number,
                                        finding: Finding(rule: AnalysisRule.malformedPacket, message: reason.description,
                                                         messageKey: reason.messageKey, arguments: reason.arguments))
            if report.captureFindings.count < ConnectionReport.findingLimit { report.captureFindings.append(finding) }
            events.append(.finding(finding))
        case .unsupportedLinkType:
            countOther("unsupported link type", packet, &layers)
        }
    }

    private mutating func countOther(_ kind: String, _ packet: CapturedPacket, _ layers: inout LayerBytes) {
        report.totals += layers
        report.otherPackets.count(kind, capturedBytes: packet.capturedLength)
    }

    mutating func finish(packetsRead: UInt64, onEvent: (AnalysisEvent) -> Void) {
        streamEvents.removeAll(keepingCapacity: true)
        reassembler.finish(into: &streamEvents)
        handleStreamEvents(time: nil, packet: nil)
        flush(onEvent)
        report.packetsRead = packetsRead
        report.packetOrigins = origins
        reserveReports(upTo: reassembler.connectionCount)
        for index in report.connections.indices {
            report.connections[index].tcp = reassembler.statistics(for: index + 1)!
        }
        // Connections only hidden packets belonged to keep their numbers but are not listed.
        if options.filter != nil { report.connections.removeAll { $0.tcp.packets == 0 } }
    }

    /// Makes room for connection `number`'s report, with placeholders for numbers not yet opened.
    private mutating func reserveReports(upTo number: Int) {
        while report.connections.count < number {
            let statistics = reassembler.statistics(for: report.connections.count + 1)!
            report.connections.append(ConnectionReport(
                identity: ConnectionIdentity(number: statistics.connection, client: statistics.client,
                                             server: statistics.server, roleBasis: statistics.roleBasis),
                tcp: statistics))
            opened.append(false)
            pipelines.append(nil)
        }
    }

    /// The pipeline of a connection, created when it first carries something to decode.
    private mutating func pipeline(_ number: Int, time: CaptureTimestamp?) -> ConnectionPipeline? {
        guard number <= opened.count, opened[number - 1] else { return nil }
        if let existing = pipelines[number - 1] { return existing }
        let pipeline = ConnectionPipeline(identity: report.connections[number - 1].identity,
                                          statistics: reassembler.statistics(for: number)!, options: options, keys: keys,
                                          time: time ?? CaptureTimestamp(seconds: 0, nanoseconds: 0))
        pipelines[number - 1] = pipeline
        return pipeline
    }

    /// Handles the events of the last reassembler call and empties the list for the next one.
    /// `packet` is the packet being processed (its bytes per layer are not counted yet).
    private mutating func handleStreamEvents(time: CaptureTimestamp?, packet: UInt64?) {
        guard !streamEvents.isEmpty else { return }
        defer { streamEvents.removeAll(keepingCapacity: true) }
        for event in streamEvents {
            switch event {
            case .opened(let number, let client, let server, let basis, _):
                reserveReports(upTo: number)
                let identity = ConnectionIdentity(number: number, client: client, server: server, roleBasis: basis)
                report.connections[number - 1].identity = identity
                opened[number - 1] = true
                for (source, bytes) in earlyBytes.removeValue(forKey: number) ?? [] {
                    report.connections[number - 1].count(bytes, from: source)
                }
                events.append(.connectionOpened(identity))
            case .data(let chunk):
                guard let pipeline = pipeline(chunk.connection, time: time) else { break }
                pipeline.receive(chunk, into: &events)
                if pipeline.wantsLayerSnapshot {
                    pipeline.takeLayerSnapshot(report.connections[chunk.connection - 1].layers, currentPacket: packet ?? 0)
                }
            case .gap(let gap):
                pipeline(gap.connection, time: time)?.receive(gap, into: &events)
            case .finding(let number, let from, let finding, let packet):
                pipeline(number, time: time)?.receive(finding: finding, from: from, packet: packet, into: &events)
            case .ended:
                break
            case .closed(let number, _):
                guard number <= pipelines.count, let pipeline = pipelines[number - 1] else {
                    if number <= report.connections.count { events.append(.connectionClosed(report.connections[number - 1].identity)) }
                    break
                }
                pipelines[number - 1] = nil
                pipeline.close(statistics: reassembler.statistics(for: number)!, into: &events)
                report.connections[number - 1].merge(decoded: pipeline.report)
                events.append(.connectionClosed(pipeline.identity))
            }
        }
    }

    @inline(__always)   // most packets have no event: the check alone is what runs
    private mutating func flush(_ onEvent: (AnalysisEvent) -> Void) {
        guard !events.isEmpty else { return }
        if let origins {
            for event in events { onEvent(Self.locate(event, in: origins)) }
        } else {
            for event in events { onEvent(event) }
        }
        events.removeAll(keepingCapacity: true)
    }

    /// A merged capture's records say which file their (first) packet came from.
    @inline(never)
    private static func locate(_ event: AnalysisEvent, in origins: PacketOrigins) -> AnalysisEvent {
        switch event {
        case .frame(var record):
            record.origin = record.firstPacket.flatMap(origins.origin(of:))
            return .frame(record)
        case .message(var record):
            record.origin = record.firstPacket.flatMap(origins.origin(of:))
            return .message(record)
        case .finding(var record):
            record.origin = record.packet.flatMap(origins.origin(of:))
            return .finding(record)
        default:
            return event
        }
    }
}
