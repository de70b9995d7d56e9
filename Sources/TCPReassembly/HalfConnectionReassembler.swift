import PacketCapture
import PacketDecoding
import WireBytes

/// Which stream a direction's events belong to.
struct DirectionContext {
    let connection: Int
    let peer: Peer
    let limits: TCPReassembler.Configuration
}

/// What the reassembler produces during one call: the events, and the out-of-order copies those
/// events borrow from (kept alive until the next call).
struct ReassemblyOutput {
    var events: [StreamEvent] = []
    var retainedCopies: [SegmentCopy] = []

    /// Called at the start of each call: the events of the last one may not borrow them any more.
    mutating func releaseRetainedCopies() {
        retainedCopies.removeAll(keepingCapacity: true)
    }
}

/// One direction of a connection: turns its segments into an in-order byte stream.
///
/// In-order bytes go out at once, borrowed from the segment. Bytes ahead of a hole are copied into
/// the out-of-order buffer until the hole fills or is given up as a gap: when the peer acknowledges
/// past it, when the buffer reaches its cap, or when the stream ends. Bytes already delivered or
/// buffered are retransmissions: the first copy wins, and a differing copy is reported.
struct HalfConnectionReassembler {
    /// Set by the first packet of this direction (or a SYN-ACK acknowledging the SYN).
    private(set) var space: RelativeSequenceSpace?
    private(set) var endedHow: StreamEnd?
    /// The next stream offset to deliver: everything before it was delivered or reported as a gap.
    private(set) var deliveredEdge: Int64 = 0
    /// The furthest offset the peer acknowledged (clipped to the FIN): bytes before it were sent.
    private var acknowledgedEdge: Int64 = 0
    /// End of the furthest byte (or FIN) seen in this direction.
    private var highestSeenEnd: Int64 = 0
    /// Stream offset of the FIN (the stream's length), once seen.
    private var finOffset: Int64?
    private var buffer = OutOfOrderBuffer()
    private(set) var statistics = DirectionStatistics()
    private var reportedRules: Set<String> = []

    /// The largest TCP window (RFC 7323 §2.3): the most an ACK can run ahead of the data we saw.
    static let maximumWindow: Int64 = 1 << 30

    var isEnded: Bool { endedHow != nil }

    /// The payload length on the wire (a negative missing length from a confused decoder counts as 0).
    static func wirePayloadLength(of segment: TCPSegment) -> Int {
        segment.payload.count + max(0, segment.missingPayloadLength)
    }
    var bufferedBytes: Int { buffer.byteCount }
    var hasAllocatedBuffer: Bool { buffer.hasAllocatedStorage }

    /// Starts the stream at the byte a SYN-ACK acknowledges, when this direction's SYN was missed.
    mutating func startIfUnknown(at firstByte: TCPSequenceNumber) {
        if space == nil { space = RelativeSequenceSpace(base: firstByte) }
    }

    /// Takes one segment sent in this direction.
    mutating func receive(_ segment: TCPSegment, context: DirectionContext, output: inout ReassemblyOutput) {
        let wireLength = Int64(Self.wirePayloadLength(of: segment))
        statistics.count(packet: segment.packetNumber, at: segment.timestamp, flags: segment.flags,
                         wirePayloadLength: Int(wireLength))
        let isSYN = segment.flags.contains(.syn)
        // A SYN consumes one sequence number: its payload (TCP Fast Open) starts after it.
        let firstByte = TCPSequenceNumber(segment.sequenceNumber).advanced(by: isSYN ? 1 : 0)
        startIfUnknown(at: firstByte)
        guard let space else { return }
        let start = space.offset(of: firstByte, near: deliveredEdge)

        if let endedHow {
            if wireLength > 0, start + wireLength > deliveredEdge {
                report(endedHow == .reset ? TCPRule.dataAfterReset : TCPRule.dataAfterFin,
                       "\(wireLength) bytes at stream offset \(max(start, 0)) after the stream ended (\(endedHow.rawValue)).",
                       key: "finding.tcp.data-after-end", [.integer(Int64(wireLength)), .integer(max(start, 0)), .text(endedHow.rawValue)],
                       offset: start, packet: segment.packetNumber, context: context, output: &output)
            } else if wireLength > 0 {
                statistics.retransmittedPackets += 1
                statistics.retransmittedBytes += UInt64(wireLength)
            }
            return
        }
        highestSeenEnd = max(highestSeenEnd, start + wireLength)
        if segment.flags.contains(.fin), finOffset == nil { finOffset = start + wireLength }
        if wireLength > 0 { accept(segment, at: start, context: context, output: &output) }
        resolveHolesProvenByAcknowledgment(packet: segment.packetNumber, context: context, output: &output)
        endIfFINReached(context: context, output: &output)
    }

    /// Takes the acknowledgment number of a segment the peer sent: proof that bytes before it were
    /// sent, so holes before it are lost from the capture rather than still on their way.
    mutating func acknowledge(_ number: UInt32, packet: UInt64, context: DirectionContext,
                              output: inout ReassemblyOutput) {
        guard let space, endedHow == nil else { return }
        var acknowledged = space.offset(of: TCPSequenceNumber(number), near: deliveredEdge)
        // An ACK covers the FIN's sequence number too; the stream itself ends at the FIN.
        if let finOffset { acknowledged = min(acknowledged, finOffset) }
        guard acknowledged > acknowledgedEdge,
              acknowledged <= max(highestSeenEnd, deliveredEdge) + Self.maximumWindow else { return }
        acknowledgedEdge = acknowledged
        resolveHolesProvenByAcknowledgment(packet: packet, context: context, output: &output)
        endIfFINReached(context: context, output: &output)
    }

    /// Ends the stream (RST, end of capture, port reuse): every hole left is lost, everything
    /// buffered after it is delivered, and the buffer is released.
    mutating func end(how: StreamEnd, packet: UInt64?, context: DirectionContext, output: inout ReassemblyOutput) {
        guard endedHow == nil else { return }
        // Bytes before the furthest byte, FIN or acknowledgment seen were sent; those missing are lost.
        var lastSentByte = max(highestSeenEnd, acknowledgedEdge)
        if let finOffset { lastSentByte = min(lastSentByte, finOffset) }
        resolveHoles(upTo: lastSentByte, reason: .lost, packet: packet, context: context, output: &output)
        finishEnding(how: how, context: context, output: &output)
    }

    // MARK: - Payload

    /// Delivers or buffers the part of a segment's payload that is new; counts the rest as a
    /// retransmission and checks it against the first copy where that is still buffered.
    private mutating func accept(_ segment: TCPSegment, at start: Int64, context: DirectionContext,
                                 output: inout ReassemblyOutput) {
        // Most segments are the next bytes, all captured, with nothing buffered: passed on as they
        // are (what the general path below does for them, without its range arithmetic).
        if start == deliveredEdge, buffer.isEmpty, segment.missingPayloadLength <= 0 {
            deliver(segment.payload, at: start, packet: segment.packetNumber, payloadOffset: 0,
                    timestamp: segment.timestamp, context: context, output: &output)
            return
        }
        let end = start + Int64(Self.wirePayloadLength(of: segment))
        guard end > deliveredEdge else {
            statistics.retransmittedPackets += 1
            statistics.retransmittedBytes += UInt64(end - start)
            return
        }
        let newStart = max(start, deliveredEdge)
        statistics.retransmittedBytes += UInt64(newStart - start)

        if buffer.isEmpty {
            place(newStart..<end, of: segment, at: start, context: context, output: &output)
        } else {
            // The first copy wins: keep only what no buffered piece covers yet.
            var uncovered: [Range<Int64>] = []
            var cursor = newStart
            var conflictOffset: Int64?
            for piece in buffer.pieces(overlapping: newStart..<end) {
                if piece.start > cursor { uncovered.append(cursor..<piece.start) }
                let overlap = max(piece.start, newStart)..<min(piece.end, end)
                statistics.retransmittedBytes += UInt64(overlap.count)
                if conflictOffset == nil {
                    conflictOffset = firstDifference(in: overlap, piece: piece, segment: segment, segmentStart: start)
                }
                cursor = max(cursor, piece.end)
            }
            if cursor < end { uncovered.append(cursor..<end) }
            if uncovered.isEmpty { statistics.retransmittedPackets += 1 }
            if let conflictOffset {
                statistics.conflictingRetransmissions += 1
                report(TCPRule.retransmissionConflict,
                       "Packet \(segment.packetNumber) repeats stream bytes with different content at offset \(conflictOffset); the first copy is kept.",
                       key: "finding.tcp.retransmission-conflict", [.number(segment.packetNumber), .integer(Int64(conflictOffset))],
                       offset: conflictOffset, packet: segment.packetNumber, context: context, output: &output,
                       onlyOnce: false)
            }
            for range in uncovered {
                flush(context: context, output: &output)
                place(range, of: segment, at: start, context: context, output: &output)
            }
        }
        flush(context: context, output: &output)
        enforceBufferCap(packet: segment.packetNumber, context: context, output: &output)
    }

    /// Delivers `range` of the segment straight from its payload when it is next in line, else
    /// copies it into the buffer. Payload bytes the capture lacks (snaplen) become a gap.
    private mutating func place(_ range: Range<Int64>, of segment: TCPSegment, at start: Int64,
                                context: DirectionContext, output: inout ReassemblyOutput) {
        let capturedEnd = start + Int64(segment.payload.count)
        let captured = range.clamped(to: start..<max(start, capturedEnd))
        let missing = range.clamped(to: capturedEnd..<max(capturedEnd, range.upperBound))
        if range.lowerBound == deliveredEdge {
            if !captured.isEmpty {
                let payloadRange = Int(captured.lowerBound - start)..<Int(captured.upperBound - start)
                deliver(UnsafeRawBufferPointer(rebasing: segment.payload[payloadRange]), at: captured.lowerBound,
                        packet: segment.packetNumber, payloadOffset: payloadRange.lowerBound,
                        timestamp: segment.timestamp, context: context, output: &output)
            }
            if !missing.isEmpty {
                emitGap(missing, reason: .notCaptured, packet: segment.packetNumber, context: context, output: &output)
            }
        } else {
            if !captured.isEmpty {
                let payloadRange = Int(captured.lowerBound - start)..<Int(captured.upperBound - start)
                let copy = SegmentCopy(copying: UnsafeRawBufferPointer(rebasing: segment.payload[payloadRange]))
                buffer.insert(BufferedPiece(start: captured.lowerBound, length: Int64(captured.count), copy: copy,
                                            packet: segment.packetNumber, payloadOffset: payloadRange.lowerBound,
                                            timestamp: segment.timestamp))
            }
            if !missing.isEmpty {
                buffer.insert(BufferedPiece(start: missing.lowerBound, length: Int64(missing.count), copy: nil,
                                            packet: segment.packetNumber,
                                            payloadOffset: Int(missing.lowerBound - start), timestamp: segment.timestamp))
            }
            statistics.peakBufferedBytes = max(statistics.peakBufferedBytes, UInt64(buffer.byteCount))
        }
    }

    /// The first offset in `overlap` where both copies were captured and differ.
    private func firstDifference(in overlap: Range<Int64>, piece: BufferedPiece, segment: TCPSegment,
                                 segmentStart: Int64) -> Int64? {
        guard let copy = piece.copy else { return nil }
        let comparable = overlap.clamped(to: segmentStart..<(segmentStart + Int64(segment.payload.count)))
        for offset in comparable where copy.bytes[Int(offset - piece.start)] != segment.payload[Int(offset - segmentStart)] {
            return offset
        }
        return nil
    }

    /// Delivers the buffered pieces that are next in line.
    private mutating func flush(context: DirectionContext, output: inout ReassemblyOutput) {
        while let next = buffer.first, next.start <= deliveredEdge {
            let piece = buffer.removeFirst()
            guard piece.end > deliveredEdge else { continue }
            let skipped = Int(deliveredEdge - piece.start)
            if let copy = piece.copy {
                output.retainedCopies.append(copy)
                deliver(UnsafeRawBufferPointer(rebasing: copy.bytes[skipped...]), at: deliveredEdge, packet: piece.packet,
                        payloadOffset: piece.payloadOffset + skipped, timestamp: piece.timestamp,
                        context: context, output: &output)
            } else {
                emitGap(deliveredEdge..<piece.end, reason: .notCaptured, packet: piece.packet,
                        context: context, output: &output)
            }
        }
    }

    // MARK: - Holes

    @inline(__always)   // after every segment and acknowledgment; it rarely has anything to do
    private mutating func resolveHolesProvenByAcknowledgment(packet: UInt64, context: DirectionContext,
                                                             output: inout ReassemblyOutput) {
        // Only holes with data (or the FIN) seen after them: an ACK alone is no reason to jump
        // ahead of everything captured while the bytes may still arrive.
        let target = min(acknowledgedEdge, highestSeenEnd)
        if target > deliveredEdge {
            resolveHoles(upTo: target, reason: .lost, packet: packet, context: context, output: &output)
        }
    }

    /// Gives up every hole before `target`: each becomes a gap, and the data after it is delivered.
    private mutating func resolveHoles(upTo target: Int64, reason: GapReason, packet: UInt64?,
                                       context: DirectionContext, output: inout ReassemblyOutput) {
        flush(context: context, output: &output)
        while deliveredEdge < target {
            // After a flush the next piece (if any) starts beyond the delivered edge: a hole.
            let holeEnd = min(target, buffer.first?.start ?? target)
            emitGap(deliveredEdge..<holeEnd, reason: reason, packet: packet, context: context, output: &output)
            flush(context: context, output: &output)
        }
    }

    private mutating func enforceBufferCap(packet: UInt64, context: DirectionContext, output: inout ReassemblyOutput) {
        let limits = context.limits
        while buffer.byteCount > limits.maximumBufferedBytesPerDirection
                || buffer.pieceCount > limits.maximumBufferedSegmentsPerDirection,
              let next = buffer.first {
            statistics.bufferCapHits += 1
            report(TCPRule.bufferCap,
                   "More than \(limits.maximumBufferedBytesPerDirection) bytes or \(limits.maximumBufferedSegmentsPerDirection) segments waited behind a hole at stream offset \(deliveredEdge); the hole is skipped.",
                   key: "finding.tcp.buffer-cap", [.integer(Int64(limits.maximumBufferedBytesPerDirection)),
                                                    .integer(Int64(limits.maximumBufferedSegmentsPerDirection)), .integer(deliveredEdge)],
                   offset: deliveredEdge, packet: packet, context: context, output: &output)
            emitGap(deliveredEdge..<next.start, reason: .bufferCap, packet: packet, context: context, output: &output)
            flush(context: context, output: &output)
        }
    }

    // MARK: - Ending

    private mutating func endIfFINReached(context: DirectionContext, output: inout ReassemblyOutput) {
        if let finOffset, deliveredEdge >= finOffset { finishEnding(how: .fin, context: context, output: &output) }
    }

    private mutating func finishEnding(how: StreamEnd, context: DirectionContext, output: inout ReassemblyOutput) {
        guard endedHow == nil else { return }
        if let first = buffer.first {
            report(TCPRule.dataAfterFin, "Bytes from stream offset \(first.start) on lie beyond the FIN and are ignored.",
                   key: "finding.tcp.data-after-fin", [.integer(first.start)],
                   offset: first.start, packet: first.packet, context: context, output: &output)
        }
        buffer.removeAll()
        endedHow = how
        output.events.append(.ended(connection: context.connection, from: context.peer, how: how))
    }

    // MARK: - Events

    private mutating func deliver(_ bytes: UnsafeRawBufferPointer, at offset: Int64, packet: UInt64, payloadOffset: Int,
                                  timestamp: CaptureTimestamp, context: DirectionContext, output: inout ReassemblyOutput) {
        output.events.append(.data(StreamChunk(connection: context.connection, from: context.peer,
                                               offset: UInt64(offset), bytes: bytes, packet: packet,
                                               payloadOffset: payloadOffset, timestamp: timestamp)))
        statistics.deliveredBytes += UInt64(bytes.count)
        deliveredEdge = offset + Int64(bytes.count)
    }

    private mutating func emitGap(_ range: Range<Int64>, reason: GapReason, packet: UInt64?, context: DirectionContext,
                                  output: inout ReassemblyOutput) {
        let length = UInt64(range.count)
        output.events.append(.gap(StreamGap(connection: context.connection, from: context.peer,
                                            offset: UInt64(range.lowerBound), length: length, reason: reason,
                                            packet: packet)))
        statistics.countGap(length: length)
        deliveredEdge = range.upperBound
        switch reason {
        case .lost:
            report(TCPRule.lostSegment, "\(length) bytes at stream offset \(range.lowerBound) are not in the capture.",
                   key: "finding.tcp.lost-segment", [.number(length), .integer(range.lowerBound)],
                   offset: range.lowerBound, packet: packet, context: context, output: &output, onlyOnce: false)
        case .notCaptured:
            report(TCPRule.snaplenTruncation,
                   "\(length) payload bytes at stream offset \(range.lowerBound) were cut off by the snapshot length.",
                   key: "finding.tcp.snaplen-truncated", [.number(length), .integer(range.lowerBound)],
                   offset: range.lowerBound, packet: packet, context: context, output: &output)
        case .bufferCap:
            break // reported by enforceBufferCap
        }
    }

    /// Adds a finding; by default only the first of each rule per direction (a truncated capture
    /// would otherwise report every packet).
    private mutating func report(_ rule: Rule, _ message: String, key: String, _ arguments: [MessageArgument], offset: Int64, packet: UInt64?,
                                 context: DirectionContext, output: inout ReassemblyOutput, onlyOnce: Bool = true) {
        if onlyOnce {
            guard reportedRules.insert(rule.id).inserted else { return }
        }
        output.events.append(.finding(connection: context.connection, from: context.peer,
                                      Finding(rule: rule, message: message, streamOffset: UInt64(max(offset, 0)),
                                              messageKey: key, arguments: arguments),
                                      packet: packet))
    }
}
