import WireBytes

/// One direction of a session: its frame decoder, its message assembler, the frame in progress,
/// and the per-frame rules (the "judge" beside the decoder's "parse").
struct Direction {
    let peer: Peer
    let configuration: WebSocketSession.Configuration
    private(set) var decoder: WebSocketFrameDecoder
    private var assembler: WebSocketMessageAssembler
    /// The frame between its header and its last payload byte, or the last one. One value reused
    /// for every frame (making and destroying one per frame showed in profiles).
    private var frame = FrameInProgress()
    /// Whether `frame` is in progress (false: between frames).
    private var isInFrame = false
    /// Index of the close frame this side sent, once it has.
    private var closeFrameIndex: Int?
    private var hasConsumedBytes = false
    /// Set while framing is lost: searches the following bytes for a frame boundary.
    private var resynchronizer: FrameResynchronizer?
    private(set) var counts = WebSocketDirectionCounts()
    /// RSV bits are judged only when the handshake is known and no unknown extension may define them.
    private let judgesReservedBits: Bool
    /// Whether RSV1 may appear on this sender's frames (used when searching for a frame boundary).
    private let mayUseRSV1: Bool

    init(peer: Peer, configuration: WebSocketSession.Configuration) {
        self.peer = peer
        self.configuration = configuration
        judgesReservedBits = configuration.handshakeSeen && !configuration.hasUnknownExtension
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
    private mutating func resume(at offset: UInt64, replay: [UInt8], how: String, connection: inout ConnectionState,
                                 events: inout some WebSocketEventSink) {
        counts.undecodedBytes -= UInt64(replay.count)
        decoder.resume(atFrameBoundary: offset)
        connection.emit(Finding(rule: WebSocketRule.framingResynchronized, message: how, streamOffset: offset),
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

    private func explanation(_ evidence: FrameResynchronizer.Evidence, offset: UInt64) -> String {
        switch evidence {
        case .chain:
            "Decoding resumed where several frame headers parse cleanly in a row; the bytes between the gap and it were skipped."
        case .segmentStart where isAtAssumedStart(offset):
            "Frames are decoded from the first byte after the cut handshake: a TCP segment starts there, and so does a plausible frame header (a guess: the handshake's end is not in the capture)."
        case .segmentStart:
            "Decoding resumed at the first byte of a TCP segment, where a plausible frame header starts (a guess: one header is weaker evidence than several in a row)."
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
                                              streamOffset: gapOffset))
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
                                  streamOffset: gapOffset)
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
                                          streamOffset: decoder.streamOffset))
            cutFrameShort(connection: &connection, events: &events)
        } else if case .readingHeader(let partial) = decoder.state, partial.headerLength > 0 {
            connection.emit(Finding(rule: WebSocketRule.frameIncompleteAtEnd,
                                    message: "The capture ended after \(partial.headerLength) bytes of a frame header.",
                                    streamOffset: decoder.frameStartOffset),
                            from: peer, frameIndex: nil, events: &events)
            counts.findings += 1
        }
        if assembler.isMessageInProgress {
            let finding = Finding(rule: WebSocketRule.messageIncompleteAtEnd,
                                  message: "The capture ended before the final fragment of a message.",
                                  streamOffset: decoder.streamOffset)
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
        let opcode = header.opcode

        if peer == .client, !header.isMasked {
            frame.note(WebSocketRule.clientFrameUnmasked, "This client frame is not masked.")
        } else if peer == .server, header.isMasked {
            frame.note(WebSocketRule.serverFrameMasked, "This server frame is masked (key \(header.maskingKey!)).")
        }
        if let key = frame.maskingKey {
            if key.networkValue == 0 {
                frame.note(WebSocketRule.maskingKeyZero, "The masking key is 00000000: the payload is sent as plain text.")
            } else if !connection.noteMaskingKey(key) {
                frame.note(WebSocketRule.maskingKeyReused, "The masking key \(key) was already used by one of the last \(MaskingKeyMemory.window) client frames of this connection.")
            }
        }
        if header.reservedBits != 0, let reservedBitsFinding = judgeReservedBits(header, start: start) {
            frame.findings.append(reservedBitsFinding)
        }
        if opcode.isReserved {
            frame.note(WebSocketRule.reservedOpcode, "Opcode \(opcode.rawValue) is a \(opcode.name) opcode.")
        }
        if !header.isMinimalLengthEncoding {
            frame.note(WebSocketRule.nonMinimalLength,
                       "The length \(header.payloadLength) is written in \(header.lengthEncoding == .sixteenBit ? "16" : "64") bits; it fits in fewer.")
        }
        if header.hasLengthTopBitSet {
            frame.note(WebSocketRule.lengthTopBitSet, "The 64-bit payload length has its most significant bit set (\(header.payloadLength) bytes).")
        }
        if opcode.isControl {
            if header.payloadLength > 125 {
                frame.note(WebSocketRule.controlFrameTooLong, "This \(opcode.name) frame claims \(header.payloadLength) payload bytes; control frames carry at most 125.")
            }
            if !header.fin {
                frame.note(WebSocketRule.controlFrameFragmented, "This \(opcode.name) frame has FIN = 0; control frames must not be fragmented.")
            }
        }
        if let closeFrameIndex {
            frame.note(WebSocketRule.frameAfterClose, "The \(peer) sent this \(opcode.name) frame after its close frame (frame \(closeFrameIndex)).")
        }

        let (role, abandoned) = assembler.beginFrame(header, startOffset: start, findings: &frame.findings)
        if let abandoned { emitMessage(abandoned, connection: &connection, events: &events) }

        // Control payloads are always kept (they are small, and close/ping/pong need them).
        let limit = role == .control
            ? max(125, configuration.retainPayloads ? configuration.payloadRetentionLimit : 0)
            : (configuration.retainPayloads ? configuration.payloadRetentionLimit : 0)
        frame.setRole(role, retentionLimit: limit)
        isInFrame = true
    }

    /// RSV bits are judged only when the handshake is known; an unknown extension may define any of them.
    private func judgeReservedBits(_ header: WebSocketFrameHeader, start: UInt64) -> Finding? {
        guard header.reservedBits != 0, judgesReservedBits else { return nil }
        if configuration.deflate == nil {
            return Finding(rule: WebSocketRule.reservedBitsWithoutExtension,
                           message: "RSV bits \(reservedBitNames(header)) are set, but no extension was negotiated.",
                           streamOffset: start)
        } else if header.rsv2 || header.rsv3 {
            return Finding(rule: WebSocketRule.reservedBitsWithoutExtension,
                           message: "RSV bits \(reservedBitNames(header)) are set; permessage-deflate defines only RSV1.",
                           streamOffset: start)
        }
        return nil
    }

    private func reservedBitNames(_ header: WebSocketFrameHeader) -> String {
        [(header.rsv1, "RSV1"), (header.rsv2, "RSV2"), (header.rsv3, "RSV3")].filter(\.0).map(\.1).joined(separator: ", ")
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
                close = judgeClose(index: index)
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
                                                  streamOffset: frame.startOffset))
                }
            default:
                break
            }
        }
        if let close {
            frame.findings.append(contentsOf: closeFindings(close))
        }
        emitFrame(index: index, endOffset: endOffset, close: close, isComplete: frame.missingPayloadBytes == 0,
                  connection: &connection, events: &events)
        if completesMessage {
            emitMessage(events.wantsMessages ? assembler.completedMessage() : nil, connection: &connection, events: &events)
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

    /// Counts and numbers a message that ended; `decoded` is nil when the sink does not want it.
    private mutating func emitMessage(_ decoded: DecodedMessage?, connection: inout ConnectionState,
                                      events: inout some WebSocketEventSink) {
        let index = connection.nextMessageIndex
        connection.nextMessageIndex += 1
        counts.messages += 1
        if var message = decoded, events.wantsMessages {
            message.index = index
            events.receive(message)
        }
        events.messageEnded(from: peer)
    }

    // MARK: Close frames

    private func judgeClose(index: Int) -> WebSocketCloseFrameInfo {
        let payload = frame.payload
        guard payload.count >= 2 else {
            return WebSocketCloseFrameInfo(from: peer, frameIndex: index, code: nil, reason: [], reasonText: nil)
        }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        let reason = Array(payload[2...])
        var validator = UTF8Validator()
        let reasonText = validator.validate(reason) && validator.isComplete ? String(decoding: reason, as: UTF8.self) : nil
        return WebSocketCloseFrameInfo(from: peer, frameIndex: index, code: code, reason: reason, reasonText: reasonText)
    }

    private func closeFindings(_ close: WebSocketCloseFrameInfo) -> [Finding] {
        var findings: [Finding] = []
        let offset = frame.startOffset + UInt64(frame.header.headerLength)
        if frame.payload.count == 1 {
            findings.append(Finding(rule: WebSocketRule.closePayloadOneByte,
                                    message: "The close payload is a single byte (\(frame.payload.hexString)); a status code needs two.",
                                    streamOffset: offset))
        }
        if let code = close.code {
            if code.isReservedNotOnWire {
                findings.append(Finding(rule: WebSocketRule.closeCodeNotOnWire,
                                        message: "Close code \(code) is reserved for local reporting and must not be sent.",
                                        streamOffset: offset))
            } else if !code.isAllowedOnWire {
                findings.append(Finding(rule: WebSocketRule.closeCodeInvalid,
                                        message: "Close code \(code.rawValue) is not allowed on the wire (\(code.meaning)).",
                                        streamOffset: offset))
            }
            if close.reasonText == nil {
                findings.append(Finding(rule: WebSocketRule.closeReasonInvalidUTF8,
                                        message: "The close reason is not valid UTF-8 (\(close.reason.hexString)).",
                                        streamOffset: offset + 2))
            }
        }
        return findings
    }
}

/// A frame between its header and its last payload byte.
private struct FrameInProgress {
    private(set) var header = WebSocketFrameHeader()
    /// The header's key, read once (every payload chunk needs it).
    private(set) var maskingKey: WebSocketMaskingKey?
    private(set) var startOffset: UInt64 = 0
    private(set) var role = WebSocketMessageAssembler.FrameRole.ignored
    private(set) var retentionLimit = 0
    var findings: [Finding] = []
    var payload: [UInt8] = []
    var payloadBytesSeen: UInt64 = 0
    var isPayloadTruncated = false
    var missingPayloadBytes: UInt64 = 0

    /// Starts over for a new frame (its role follows with `setRole`). The payload's storage is
    /// kept when it is small and no longer shared (a frame value handed out earlier keeps its own
    /// bytes: arrays copy on write); the arrays are only touched when not empty.
    mutating func restart(header: WebSocketFrameHeader, startOffset: UInt64) {
        self.header = header
        maskingKey = header.maskingKey
        self.startOffset = startOffset
        role = .ignored
        retentionLimit = 0
        if !findings.isEmpty { findings.removeAll() }
        if !payload.isEmpty { payload.removeAll(keepingCapacity: payload.capacity <= 4_096) }
        payloadBytesSeen = 0
        isPayloadTruncated = false
        missingPayloadBytes = 0
    }

    mutating func setRole(_ role: WebSocketMessageAssembler.FrameRole, retentionLimit: Int) {
        self.role = role
        self.retentionLimit = retentionLimit
    }

    /// Records that this frame breaks `rule`.
    mutating func note(_ rule: Rule, _ message: String) {
        findings.append(Finding(rule: rule, message: message, streamOffset: startOffset))
    }

    /// Whether `keep` stores any of the bytes it is given (else they need no unmasking for it).
    var keepsBytes: Bool { missingPayloadBytes == 0 && payload.count < retentionLimit }

    /// Keeps unmasked payload bytes up to the limit; after a gap nothing more is kept, so the
    /// retained bytes stay one contiguous prefix of the payload.
    mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        payloadBytesSeen += UInt64(bytes.count)
        guard missingPayloadBytes == 0 else { return }
        let room = max(0, retentionLimit - payload.count)
        if bytes.count > room { isPayloadTruncated = true }
        if room > 0 {
            payload.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[bytes.startIndex..<(bytes.startIndex + min(room, bytes.count))]))
        }
    }
}
