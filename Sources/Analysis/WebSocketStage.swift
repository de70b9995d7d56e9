import PacketCapture
import TCPReassembly
import WebSocketWire
import WireBytes

/// The WebSocket part of a connection's pipeline: the session, and what is recorded about its
/// frames as they stream by.
///
/// A struct that the pipeline moves out of itself for each batch of stream bytes: the per-frame
/// work (a million frames a second) then runs on local values, not on a class's properties,
/// every access of which is checked for exclusivity at run time.
struct WebSocketStage {
    var session: WebSocketSession
    var recorder: FrameRecorder
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
    var provenance: [ProvenanceIndex] = []
    /// The pipeline's events, lent for one batch.
    var events: [AnalysisEvent] = []
    /// Findings recorded in this batch, for the connection's report.
    var findings: [FindingRecord] = []
    var fromClient = WebSocketBytes()
    var fromServer = WebSocketBytes()
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

    /// The stream offset before which `peer`'s provenance is no longer needed.
    func provenanceNeeded(from peer: Peer) -> UInt64 {
        min(decodedUpTo[slot(peer)], messageStart[slot(peer)] ?? .max)
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

    mutating func receive(_ message: DecodedMessage) {
        let index = slot(message.from)
        messageStart[index] = nil
        guard options.emitsMessages else { return }
        let first = provenance[index].location(of: message.startOffset)?.packet
        let last = message.endOffset > message.startOffset
            ? provenance[index].location(of: message.endOffset - 1)?.packet : first
        events.append(.message(MessageRecord(connection: identity, message: message, firstPacket: first,
                                             lastPacket: last, time: time, headerBytes: messageHeaderBytes[index],
                                             packetCount: Set(messagePackets[index]).count)))
        messageHeaderBytes[index] = 0
        messagePackets[index].removeAll(keepingCapacity: true)
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
