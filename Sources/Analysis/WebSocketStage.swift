import PacketCapture
import TCPReassembly
import WebSocketWire
import WireBytes

/// The WebSocket part of a connection's pipeline: the session, and what is recorded about its
/// frames as they stream by.
///
/// The pipeline hands both to the session's `consume` as `inout` arguments: the per-frame work
/// (a million frames a second) then runs on them directly, with the class's run-time exclusivity
/// checks paid once per batch of bytes rather than at every access of a pipeline property. A
/// class, because moving a struct this size out of the pipeline and back per batch costs more.
final class WebSocketStage {
    var session: WebSocketSession
    var recorder: FrameRecorder

    init(session: WebSocketSession, recorder: FrameRecorder) {
        self.session = session
        self.recorder = recorder
    }
}

/// Receives a session's events: counts the frame bytes per direction, keeps ping and pong
/// times, knows which stream bytes still need provenance, and turns events into records when
/// the command prints them.
struct FrameRecorder: WebSocketEventSink {
    let identity: ConnectionIdentity
    let options: AnalysisOptions
    /// When the chunk being decoded arrived: a frame completes in the chunk carrying its last byte.
    var time: CaptureTimestamp
    /// The pipeline's provenance, lent for one batch.
    private var provenance: [ProvenanceIndex] = []
    /// The pipeline's events, lent for one batch.
    private var events: [AnalysisEvent] = []
    /// Findings recorded in this batch, for the connection's report.
    private var findings: [FindingRecord] = []
    private var fromClient = WebSocketBytes()
    private var fromServer = WebSocketBytes()
    /// Frame completion times of pings and pongs, for round-trip times.
    private(set) var frameTimes: [Int: CaptureTimestamp] = [:]
    /// Per direction: where the data message in progress began (its bytes must keep provenance).
    private var messageStart: [UInt64?] = [nil, nil]
    /// Per direction: the end of the last frame (provenance before it is no longer needed).
    private var decodedUpTo: [UInt64]
    /// Per direction: header bytes and packets of the data message in progress.
    private var messageHeaderBytes = [0, 0]
    private var messagePackets: [[UInt64]] = [[], []]

    init(identity: ConnectionIdentity, options: AnalysisOptions, time: CaptureTimestamp, startOffsets: [UInt64]) {
        self.identity = identity
        self.options = options
        self.time = time
        decodedUpTo = startOffsets
    }

    private func slot(_ peer: Peer) -> Int { peer == .client ? 0 : 1 }

    /// Borrows the pipeline's provenance and events for a batch of bytes.
    mutating func beginBatch(time: CaptureTimestamp, provenance: inout [ProvenanceIndex], events: inout [AnalysisEvent]) {
        self.time = time
        swap(&self.provenance, &provenance)
        swap(&self.events, &events)
    }

    /// Gives back what `beginBatch` borrowed, with the provenance no decoder can ask about any
    /// more discarded, and brings the connection's report up to date.
    mutating func endBatch(provenance: inout [ProvenanceIndex], events: inout [AnalysisEvent],
                           report: inout ConnectionReport) {
        for index in 0..<2 {
            self.provenance[index].discard(before: min(decodedUpTo[index], messageStart[index] ?? .max))
        }
        swap(&self.provenance, &provenance)
        swap(&self.events, &events)
        if !findings.isEmpty {
            for finding in findings { report.add(finding) }
            findings.removeAll(keepingCapacity: true)
        }
        report.webSocketFromClient = fromClient
        report.webSocketFromServer = fromServer
    }

    mutating func receive(_ frame: DecodedFrame) {
        let index = slot(frame.from)
        count(frame)
        if frame.opcode == .ping || frame.opcode == .pong, frameTimes.count < 100_000 { frameTimes[frame.index] = time }
        if frame.opcode.isData, frame.opcode != .continuation, !frame.header.fin, messageStart[index] == nil {
            messageStart[index] = frame.startOffset
        }
        decodedUpTo[index] = max(decodedUpTo[index], frame.endOffset)
        guard options.emitsFrames || options.emitsMessages else { return }
        let record = FrameRecord(connection: identity, frame: frame,
                                 pieces: provenance[index].pieces(covering: frame.startOffset..<frame.endOffset), time: time)
        if options.emitsMessages, frame.opcode.isData {
            messageHeaderBytes[index] += frame.header.headerLength
            for packet in record.packets where messagePackets[index].last != packet { messagePackets[index].append(packet) }
        }
        if options.emitsFrames { events.append(.frame(record)) }
    }

    var wantsMessages: Bool { options.emitsMessages }

    mutating func messageEnded(from peer: Peer) {
        messageStart[slot(peer)] = nil
        if options.emitsMessages {
            messageHeaderBytes[slot(peer)] = 0
            messagePackets[slot(peer)].removeAll(keepingCapacity: true)
        }
    }

    mutating func receive(_ message: DecodedMessage) {
        let index = slot(message.from)
        let first = provenance[index].location(of: message.startOffset)?.packet
        let last = message.endOffset > message.startOffset
            ? provenance[index].location(of: message.endOffset - 1)?.packet : first
        events.append(.message(MessageRecord(connection: identity, message: message, firstPacket: first,
                                             lastPacket: last, time: time, headerBytes: messageHeaderBytes[index],
                                             packetCount: Set(messagePackets[index]).count)))
    }

    mutating func receive(_ finding: WebSocketFinding) {
        let packet = finding.streamOffset.flatMap { offset in
            finding.from.flatMap { provenance[slot($0)].location(of: offset)?.packet }
        }
        let record = FindingRecord(connection: identity, from: finding.from, frameIndex: finding.frameIndex,
                                   packet: packet, finding: finding.finding)
        findings.append(record)
        events.append(.finding(record))
    }

    private mutating func count(_ frame: DecodedFrame) {
        let header = frame.header
        let maskingKeyBytes: UInt64 = header.isMasked ? 4 : 0
        // Payload bytes seen: the frame may be cut short by a gap or the end of the capture.
        let spanned = frame.endOffset - frame.payloadStartOffset
        let payloadBytes = spanned - min(frame.missingPayloadBytes, spanned)
        func add(to bytes: inout WebSocketBytes) {
            bytes.frames += 1
            bytes.baseHeaderBytes += 2
            bytes.maskingKeyBytes += maskingKeyBytes
            bytes.extendedLengthBytes += UInt64(header.headerLength - 2) - maskingKeyBytes
            bytes.payloadBytes += payloadBytes
        }
        if frame.from == .client { add(to: &fromClient) } else { add(to: &fromServer) }
    }
}
