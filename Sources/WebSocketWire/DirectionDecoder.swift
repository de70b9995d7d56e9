import WireBytes

/// One direction of a session: its frame decoder, its message assembler, the frame in progress,
/// resynchronisation after gaps, and its counts. What a header or a close frame breaks is judged
/// by `FrameHeaderRules` and `CloseFrameJudge`; what the two directions share is `ConnectionState`.
struct DirectionDecoder {
    let peer: Peer
    let configuration: WebSocketSession.Configuration
    private(set) var decoder: WebSocketFrameDecoder
    private var assembler: WebSocketMessageAssembler
    /// The frame between its header and its last payload byte, or the last one. One value reused
    /// for every frame: an optional taken out and put back per payload chunk costs 12 % more
    /// instructions on the small-frame benchmark capture, 2 % on mixed (callgrind, 2026-12).
    private var frame = FrameInProgress()
    /// Whether `frame` is in progress (false: between frames).
    private var isInFrame = false
    /// Index of the close frame this side sent, once it has.
    private var closeFrameIndex: Int?
    private var hasConsumedBytes = false
    /// Set while framing is lost: searches the following bytes for a frame boundary.
    private var resynchronizer: FrameResynchronizer?
    private(set) var counts = WebSocketDirectionCounts()
    private let rules: FrameHeaderRules
    /// Whether RSV1 may appear on this sender's frames (used when searching for a frame boundary).
    private let mayUseRSV1: Bool

    init(peer: Peer, configuration: WebSocketSession.Configuration) {
        self.peer = peer
        self.configuration = configuration
        rules = FrameHeaderRules(peer: peer, configuration: configuration)
        mayUseRSV1 = configuration.deflate != nil || !configuration.handshakeSeen || configuration.hasUnknownExtension
        let start = peer == .client ? configuration.clientStartOffset : configuration.serverStartOffset
        decoder = WebSocketFrameDecoder(startOffset: start)
        if configuration.startIsAssumed[peer] {
            // The handshake's end is not in the capture: frames are searched for from the first
            // byte after it, which starts a segment.
            decoder.desynchronize(at: start)
            resynchronizer = FrameResynchronizer(startOffset: start, expectsMasked: peer == .client, allowsRSV1: mayUseRSV1)
        }
        assembler = WebSocketMessageAssembler(
            sender: peer, compression: configuration.compression(sentBy: peer),
            limits: .init(retainData: configuration.retainPayloads,
                          retentionLimit: configuration.payloadRetentionLimit,
                          maxInflatedMessageSize: configuration.maxInflatedMessageSize))
    }

    mutating func setStartOffset(_ offset: UInt64) {
        guard !hasConsumedBytes else { return }
        decoder = WebSocketFrameDecoder(startOffset: offset)
    }

    // MARK: Bytes

    mutating func consume(_ bytes: UnsafeRawBufferPointer, connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        hasConsumedBytes = true
        if var searcher = resynchronizer.take() {
            counts.undecodedBytes += UInt64(bytes.count)
            guard case .found(let offset, let replay, _, let evidence) = searcher.feed(bytes) else {
                resynchronizer = searcher
                return
            }
            resume(at: offset, replay: replay, how: explanation(evidence, offset: offset), connection: &connection, events: &events)
            return
        }
        counts.decodedBytes += UInt64(bytes.count)
        var input = bytes
        while true {
            switch decoder.parseStep(&input) {
            case .needMoreData:
                return
            case .header(let header):
                beginFrame(header, connection: &connection, events: &events)
            case .payload(let chunk, let phase, let offset):
                takePayload(chunk, maskPhase: phase, streamOffset: offset, scratch: connection.scratch)
            case .frameEnd:
                endFrame(connection: &connection, events: &events)
            }
        }
    }

    /// Decoding goes on at a frame boundary found after framing was lost.
    private mutating func resume(at offset: UInt64, replay: [UInt8], how: (message: String, key: String), connection: inout ConnectionState,
                                 events: inout some WebSocketEventSink) {
        counts.undecodedBytes -= UInt64(replay.count)
        decoder.resume(atFrameBoundary: offset)
        connection.emit(Finding(rule: WebSocketRule.framingResynchronized, message: how.message, streamOffset: offset, messageKey: how.key),
                        from: peer, frameIndex: nil, events: &events)
        counts.findings += 1
        replay.withUnsafeBytes { consume($0, connection: &connection, events: &events) }
    }

    private func isAtAssumedStart(_ offset: UInt64) -> Bool {
        configuration.startIsAssumed[peer]
            && offset == (peer == .client ? configuration.clientStartOffset : configuration.serverStartOffset)
    }

    /// Framing is lost and the held bytes begin a segment: resume there if one plausible header is
    /// there (before a gap or the end takes those bytes away).
    private mutating func resumeAtSegmentStart(connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        guard var searcher = resynchronizer,
              case .found(let offset, let replay, _, let evidence)? = searcher.acceptAtSegmentStart() else { return }
        resynchronizer = nil
        resume(at: offset, replay: replay, how: explanation(evidence, offset: offset), connection: &connection, events: &events)
    }

    private func explanation(_ evidence: FrameResynchronizer.Evidence, offset: UInt64) -> (message: String, key: String) {
        switch evidence {
        case .chain:
            ("Decoding resumed where several frame headers parse cleanly in a row; the bytes between the gap and it were skipped.",
             "finding.ws.framing-resynchronized.chain")
        case .segmentStart where isAtAssumedStart(offset):
            ("Frames are decoded from the first byte after the cut handshake: a TCP segment starts there, and so does a plausible frame header (a guess: the handshake's end is not in the capture).",
             "finding.ws.framing-resynchronized.afterCutHandshake")
        case .segmentStart:
            ("Decoding resumed at the first byte of a TCP segment, where a plausible frame header starts (a guess: one header is weaker evidence than several in a row).",
             "finding.ws.framing-resynchronized.segmentStart")
        }
    }

    mutating func gap(length: UInt64, connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        guard length > 0 else { return }
        hasConsumedBytes = true
        if resynchronizer != nil {
            resumeAtSegmentStart(connection: &connection, events: &events)
        }
        counts.skippedBytes += length
        let gapOffset = decoder.streamOffset
        switch decoder.skipGap(length: length) {
        case .skippedPayload:
            if isInFrame {
                frame.missingPayloadBytes += length
                frame.isPayloadTruncated = true
                frame.findings.append(Finding(rule: WebSocketRule.payloadBytesMissing,
                                              message: "\(length) payload bytes are missing from the capture; decoding goes on after them.",
                                              streamOffset: gapOffset, messageKey: "finding.ws.payload-bytes-missing", arguments: [.number(length)]))
            }
            assembler.payloadMissing(length)
            // A gap that reaches the payload's last byte ends the frame now, in the packet that was cut.
            if case .readingPayload(_, 0, _) = decoder.state {
                var nothing = UnsafeRawBufferPointer(start: nil, count: 0)
                if case .frameEnd = decoder.parseStep(&nothing) {
                    endFrame(connection: &connection, events: &events)
                }
            }
        case .lostSync:
            let where_ = !isInFrame ? "between frames" : "past the end of the current frame's payload"
            let finding = Finding(rule: WebSocketRule.framingSyncLost,
                                  message: "\(length) bytes are missing from the capture \(where_); frame boundaries are unknown after them, so decoding stops until several frame headers in a row parse again.",
                                  streamOffset: gapOffset,
                                  messageKey: isInFrame ? "finding.ws.framing-sync-lost.inFrame" : "finding.ws.framing-sync-lost.betweenFrames",
                                  arguments: [.number(length)])
            if isInFrame {
                frame.findings.append(finding)
                cutFrameShort(connection: &connection, events: &events)
            } else {
                connection.emit(finding, from: peer, frameIndex: nil, events: &events)
            }
            abandonMessage(connection: &connection, events: &events)
            resynchronizer = FrameResynchronizer(
                startOffset: gapOffset + length, expectsMasked: peer == .client, allowsRSV1: mayUseRSV1)
        case .alreadyDesynchronized:
            _ = resynchronizer?.skipGap(length: length)
        }
    }

    mutating func finish(connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        if resynchronizer != nil {
            resumeAtSegmentStart(connection: &connection, events: &events)
        }
        if isInFrame {
            frame.findings.append(Finding(rule: WebSocketRule.frameIncompleteAtEnd,
                                          message: "The capture ended inside this frame.",
                                          streamOffset: decoder.streamOffset, messageKey: "finding.ws.frame-incomplete-at-end"))
            cutFrameShort(connection: &connection, events: &events)
        } else if case .readingHeader(let partial) = decoder.state, partial.headerLength > 0 {
            connection.emit(Finding(rule: WebSocketRule.frameIncompleteAtEnd,
                                    message: "The capture ended after \(partial.headerLength) bytes of a frame header.",
                                    streamOffset: decoder.frameStartOffset, messageKey: "finding.ws.frame-incomplete-at-end.header",
                                    arguments: [.number(partial.headerLength)]),
                            from: peer, frameIndex: nil, events: &events)
            counts.findings += 1
        }
        if assembler.isMessageInProgress {
            let finding = Finding(rule: WebSocketRule.messageIncompleteAtEnd,
                                  message: "The capture ended before the final fragment of a message.",
                                  streamOffset: decoder.streamOffset, messageKey: "finding.ws.message-incomplete-at-end")
            abandonMessage(connection: &connection, events: &events)
            connection.emit(finding, from: peer, frameIndex: nil, events: &events)
            counts.findings += 1
        }
    }

    // MARK: Frames

    private mutating func beginFrame(_ header: WebSocketFrameHeader, connection: inout ConnectionState,
                                     events: inout some WebSocketEventSink) {
        let start = decoder.frameStartOffset
        frame.restart(header: header, startOffset: start)
        let reused = frame.maskingKey.map { $0.networkValue != 0 && !connection.noteMaskingKey($0) }
        rules.check(header, startOffset: start, maskingKeyReused: reused, closeFrameIndex: closeFrameIndex,
                    into: &frame.findings)

        let role = assembler.beginFrame(header, startOffset: start, findings: &frame.findings)
        if assembler.hasAbandonedMessage, let abandoned = assembler.takeAbandonedMessage() {
            emitMessage(abandoned, connection: &connection, events: &events)
        }

        // Control payloads are always kept (they are small, and close/ping/pong need them).
        let limit = role == .control
            ? max(125, configuration.retainPayloads ? configuration.payloadRetentionLimit : 0)
            : (configuration.retainPayloads ? configuration.payloadRetentionLimit : 0)
        frame.setRole(role, retentionLimit: limit)
        isInFrame = true
    }

    private mutating func takePayload(_ chunk: UnsafeRawBufferPointer, maskPhase: Int, streamOffset: UInt64,
                                      scratch: SessionScratch) {
        guard isInFrame else { return }
        let wantsData = frame.role.carriesMessageData && assembler.needsPayloadBytes
        guard let key = frame.maskingKey, wantsData || frame.keepsBytes else {
            // Unmasked, or nobody needs the bytes (binary data that is not kept): count only.
            frame.keep(chunk)
            if frame.role.carriesMessageData {
                assembler.payload(chunk, streamOffset: streamOffset, inflateOutput: scratch.inflateOutput,
                                  findings: &frame.findings)
            }
            return
        }
        // Unmask slice by slice in the session's scratch buffer; the phase carries across slices.
        let unmaskArea = scratch.unmask
        var done = 0
        while done < chunk.count {
            let count = min(unmaskArea.count, chunk.count - done)
            let target = UnsafeMutableRawBufferPointer(rebasing: unmaskArea[0..<count])
            key.apply(from: UnsafeRawBufferPointer(rebasing: chunk[(chunk.startIndex + done)..<(chunk.startIndex + done + count)]),
                      to: target, startingPhase: maskPhase + done)
            let plain = UnsafeRawBufferPointer(target)
            frame.keep(plain)
            if wantsData {
                assembler.payload(plain, streamOffset: streamOffset + UInt64(done), inflateOutput: scratch.inflateOutput,
                                  findings: &frame.findings)
            }
            done += count
        }
    }

    private mutating func endFrame(connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        guard isInFrame else { return }
        isInFrame = false
        let index = connection.nextFrameIndex
        connection.nextFrameIndex += 1
        let endOffset = decoder.streamOffset
        let completesMessage = assembler.endFrame(index: index, final: frame.header.fin, endOffset: endOffset,
                                                  inflateOutput: connection.scratch.inflateOutput, findings: &frame.findings)
        var close: WebSocketCloseFrameInfo?
        if frame.missingPayloadBytes == 0 {
            switch frame.header.opcode {
            case .connectionClose:
                close = CloseFrameJudge.info(from: peer, index: index, payload: frame.payload)
                if let close {
                    connection.recordClose(close)
                    closeFrameIndex = closeFrameIndex ?? index
                }
            case .ping:
                connection.recordPing(from: peer, frameIndex: index, payload: frame.payload)
            case .pong:
                if let (pingIndex, expected) = connection.recordPong(from: peer, frameIndex: index, payload: frame.payload) {
                    frame.findings.append(Finding(rule: WebSocketRule.pongPayloadMismatch,
                                                  message: "This pong carries \(frame.payload.count) bytes (\(frame.payload.hexString)) but the ping it answers (frame \(pingIndex)) carried \(expected.count) (\(expected.hexString)).",
                                                  streamOffset: frame.startOffset, messageKey: "finding.ws.pong-payload-mismatch",
                                                  arguments: [.number(frame.payload.count), .text(frame.payload.hexString), .number(pingIndex),
                                                              .number(expected.count), .text(expected.hexString)]))
                }
            default:
                break
            }
        }
        if let close {
            frame.findings.append(contentsOf: CloseFrameJudge.findings(
                close, payload: frame.payload, payloadOffset: frame.startOffset + UInt64(frame.header.headerLength)))
        }
        emitFrame(index: index, endOffset: endOffset, close: close, isComplete: frame.missingPayloadBytes == 0,
                  connection: &connection, events: &events)
        if completesMessage {
            emitCompletedMessage(connection: &connection, events: &events)
        }
    }

    /// Emits the frame in progress as incomplete (the capture ended inside it, or framing was lost).
    private mutating func cutFrameShort(connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        guard isInFrame else { return }
        isInFrame = false
        let index = connection.nextFrameIndex
        connection.nextFrameIndex += 1
        if case .readingPayload(_, let remaining, _) = decoder.state {
            frame.missingPayloadBytes += remaining
        }
        frame.isPayloadTruncated = true
        assembler.payloadMissing(0)
        _ = assembler.endFrame(index: index, final: false, endOffset: decoder.streamOffset,
                               inflateOutput: connection.scratch.inflateOutput, findings: &frame.findings)
        emitFrame(index: index, endOffset: decoder.streamOffset, close: nil, isComplete: false,
                  connection: &connection, events: &events)
    }

    private mutating func abandonMessage(connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        if let message = assembler.abandonMessage() {
            emitMessage(message, connection: &connection, events: &events)
        }
    }

    /// Emits `frame` (just ended).
    private mutating func emitFrame(index: Int, endOffset: UInt64,
                                    close: WebSocketCloseFrameInfo?, isComplete: Bool,
                                    connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        if events.wantsFrames {
            var ruleIDs: [String] = []
            for finding in frame.findings where !ruleIDs.contains(finding.rule.id) { ruleIDs.append(finding.rule.id) }
            events.receive(DecodedFrame(
                from: peer, index: index, header: frame.header, startOffset: frame.startOffset, endOffset: endOffset,
                payload: frame.payload, isPayloadTruncated: frame.isPayloadTruncated, isComplete: isComplete,
                missingPayloadBytes: frame.missingPayloadBytes,
                closeCode: close?.code, closeReason: close?.reason, closeReasonText: close?.reasonText, ruleIDs: ruleIDs))
        }
        events.frameEnded(FrameExtent(from: peer, index: index, header: frame.header, startOffset: frame.startOffset,
                                      endOffset: endOffset, missingPayloadBytes: frame.missingPayloadBytes))
        for finding in frame.findings {
            connection.emit(finding, from: peer, frameIndex: index, events: &events)
        }
        counts.frames += 1
        counts.findings += frame.findings.count
        if frame.header.opcode.isControl { counts.controlFrames += 1 } else { counts.dataFrames += 1 }
        counts.headerBytes += UInt64(frame.header.headerLength)
        counts.payloadBytes += frame.payloadBytesSeen
    }

    /// Counts and numbers the message the assembler completed; builds its value only for a sink that
    /// wants it. (A message value is large: passed around per frame, even as nil, it was copied.)
    private mutating func emitCompletedMessage(connection: inout ConnectionState, events: inout some WebSocketEventSink) {
        let index = numberMessage(connection: &connection)
        if events.wantsMessages {
            var message = assembler.completedMessage()
            message.index = index
            events.receive(message)
        }
        events.messageEnded(from: peer)
    }

    /// Counts, numbers and hands on a message that ended unfinished.
    private mutating func emitMessage(_ decoded: DecodedMessage, connection: inout ConnectionState,
                                      events: inout some WebSocketEventSink) {
        let index = numberMessage(connection: &connection)
        if events.wantsMessages {
            var message = decoded
            message.index = index
            events.receive(message)
        }
        events.messageEnded(from: peer)
    }

    private mutating func numberMessage(connection: inout ConnectionState) -> Int {
        let index = connection.nextMessageIndex
        connection.nextMessageIndex += 1
        counts.messages += 1
        return index
    }
}
