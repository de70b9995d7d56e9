public import WireBytes

/// An incremental HTTP/1.x parser for both directions of one connection, up to the point where it
/// stops being HTTP.
///
/// Feed it each direction's bytes in order, in any split, interleaved as the capture shows them.
/// It counts stream offsets per direction from 0, matches responses to requests in order
/// (pipelining and keep-alive included), and follows bodies by Content-Length, chunked coding
/// (with trailers) or the close of the connection. Memory is bounded: a head is at most
/// `Limits.maxHeadLength` bytes, held client bytes at most `Limits.maxHeldClientBytes`, and body
/// bytes are counted, never kept.
///
/// The upgrade hand-off (RFC 9110 section 7.8, RFC 6455 section 4): once the client has sent a
/// request that asks for an upgrade, nothing it sends before the answer can be parsed yet (it is
/// HTTP if the server refuses, the new protocol if it agrees), so those bytes are held.
/// - `101 Switching Protocols`: the parser emits `.upgrade(UpgradeHandOff)` and stops. The server
///   buffer's bytes after the 101 head are not consumed: `consume` returns the count it used, and
///   `buffer[count...]` starts the new protocol at `serverProtocolOffset`. The held client bytes
///   travel in the hand-off. Calling `consume` again afterwards is a caller error: it returns 0
///   and adds no events.
/// - Any other final status: a `handshake.upgrade-refused` finding; the held client bytes are
///   parsed as HTTP and the connection goes on.
/// This is llhttp's `HPE_PAUSED_UPGRADE` (as NIO's `HTTPDecoder` uses it) and Zeek's
/// `HTTP_Upgrade()`, which also hands on the bytes left over in the 101's segment.
public struct HTTPConnectionParser: Sendable {
    public struct Limits: Sendable, Hashable {
        /// The longest head (start line, fields, empty line) the parser buffers.
        public var maxHeadLength: Int
        /// The most client bytes held while an upgrade request waits for its answer.
        public var maxHeldClientBytes: Int
        /// The most requests waiting for their response; the oldest is forgotten beyond that.
        public var maxPendingRequests: Int

        public init(maxHeadLength: Int = 64 * 1024, maxHeldClientBytes: Int = 1024 * 1024,
                    maxPendingRequests: Int = 10_000) {
            self.maxHeadLength = maxHeadLength
            self.maxHeldClientBytes = maxHeldClientBytes
            self.maxPendingRequests = maxPendingRequests
        }
    }

    /// What a response needs to know about its request. Only upgrade requests keep their head,
    /// so a long pipeline costs a few bytes per request.
    struct PendingRequest: Sendable {
        var serial: Int
        var isHead: Bool
        var upgradeRequest: HTTPRequestHead?
    }

    /// What the end of the request being sent needs to know: whether the client's next bytes are
    /// held. Kept apart from `PendingRequest` so that no head is copied for it.
    private struct CurrentRequest: Sendable {
        var serial: Int
        var asksForUpgrade: Bool
        var asksForWebSocket: Bool
    }

    /// Client bytes after an upgrade request, waiting for the server's answer.
    private struct HeldClientBytes: Sendable {
        var startOffset: UInt64
        var asksForWebSocket: Bool
        var bytes: [UInt8] = []
        var droppedCount: UInt64 = 0
    }

    public let limits: Limits
    private var client: HTTPMessageStream
    private var server: HTTPMessageStream
    private var pendingRequests = PendingRequestQueue()
    private var requestSerial = 0
    /// The request the client is sending now (its head is parsed, its body may still come).
    private var currentRequest: CurrentRequest?
    private var clientHold: HeldClientBytes?
    /// Set by a 101: both directions now speak another protocol.
    public private(set) var isUpgraded = false

    public init(limits: Limits = Limits()) {
        self.limits = limits
        client = HTTPMessageStream(isClient: true, maxHeadLength: limits.maxHeadLength)
        server = HTTPMessageStream(isClient: false, maxHeadLength: limits.maxHeadLength)
    }

    /// Offset of the next byte `peer` will send, counted from the start of its stream (held
    /// client bytes included).
    public func streamOffset(of peer: Peer) -> UInt64 {
        if peer == .client, let hold = clientHold {
            return hold.startOffset + UInt64(hold.bytes.count) + hold.droppedCount
        }
        return peer == .client ? client.offset : server.offset
    }

    /// Whether the client has asked for an upgrade and its later bytes are held until the answer.
    public var isHoldingClientBytes: Bool { clientHold != nil }

    // MARK: Feeding

    /// Parses the next bytes `peer` sent and appends what they complete to `events`.
    ///
    /// - Returns: how many bytes of `bytes` the parser consumed (parsed, held, or dropped after an
    ///   error). It is `bytes.count` except when this call handed a direction over to another
    ///   protocol (`.upgrade`, or `.notHTTP` for `peer`): then `bytes[count...]` belong to that
    ///   protocol. Once a direction is handed over, calls for it return 0.
    @discardableResult
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, from peer: Peer, into events: inout [HTTPEvent]) -> Int {
        guard !isUpgraded else { return 0 }
        return peer == .client ? consumeClient(bytes, into: &events) : consumeServer(bytes, into: &events)
    }

    /// `consume` for a byte array (tests, small inputs).
    @discardableResult
    public mutating func consume(_ bytes: [UInt8], from peer: Peer, into events: inout [HTTPEvent]) -> Int {
        bytes.withUnsafeBytes { consume($0, from: peer, into: &events) }
    }

    /// `consume` for part of a byte array; the returned count is relative to the slice's start.
    @discardableResult
    public mutating func consume(_ bytes: ArraySlice<UInt8>, from peer: Peer, into events: inout [HTTPEvent]) -> Int {
        bytes.withUnsafeBytes { consume($0, from: peer, into: &events) }
    }

    /// `length` bytes of `peer`'s stream are missing from the capture (lost segments, or packets cut
    /// by the snapshot length).
    ///
    /// Inside a body of known length the parser skips them and goes on. A gap that cuts a head
    /// short leaves the head's beginning: a request is taken as sent (its later bytes are held, as
    /// after any upgrade request, until the answer says what they are); a response with its status
    /// code visible is taken as that response, and a 101 switches protocols at the first byte
    /// after the gap. Anywhere else message boundaries are lost: the direction is handed over
    /// (`.notHTTP`) from the first byte after the gap.
    public mutating func gap(from peer: Peer, length: UInt64, into events: inout [HTTPEvent]) {
        guard !isUpgraded, length > 0 else { return }
        if peer == .client, var held = clientHold {
            // The client's bytes after an upgrade request: the new protocol decides what they are.
            held.droppedCount += length
            clientHold = held
            return
        }
        let gapStart = streamOffset(of: peer)
        let outcome = peer == .client ? client.skipGap(length: length) : server.skipGap(length: length)
        switch outcome {
        case .skippedBody:
            // A body that the gap completed ends now.
            var index = 0
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            while true {
                let step = peer == .client ? client.step(empty, at: &index) : server.step(empty, at: &index)
                if case .needMoreData = step { break }
                if peer == .client { handle(step, from: .client, into: &events) } else { handle(step, from: .server, into: &events) }
            }
        case .cutHead(let startOffset, let visible):
            if peer == .client {
                cutRequest(visible, startOffset: startOffset, gapStart: gapStart, length: length, into: &events)
            } else {
                cutResponse(visible, startOffset: startOffset, gapStart: gapStart, length: length, into: &events)
            }
        case .lostBoundary:
            handOffAfterGap(peer, at: gapStart + length, into: &events)
        }
    }

    /// A request head cut short. A GET may be an upgrade request whose Upgrade header the cut took
    /// away: the client's next bytes are held until the server's answer tells.
    private mutating func cutRequest(_ visible: [UInt8], startOffset: UInt64, gapStart: UInt64, length: UInt64,
                                     into events: inout [HTTPEvent]) {
        guard let head = HTTPRequestHead(cutHead: visible, startOffset: startOffset, missingLength: length,
                                         parseStartLine: HTTPHeadParser.parseRequestLine) else {
            handOffAfterGap(.client, at: gapStart + length, into: &events)
            return
        }
        events.append(.finding(Finding(rule: HandshakeRule.truncatedHead,
                                       message: "the capture holds only the first \(visible.count) bytes of the request head (\(head.method) \(head.target)); \(length) bytes after them are missing",
                                       streamOffset: gapStart, messageKey: "finding.handshake.head-truncated.request",
                                       arguments: [.number(visible.count), .text("\(head.method) \(head.target)"), .number(length)]), from: .client))
        events.append(.requestHead(head))
        requestSerial += 1
        let mayUpgrade = head.method == "GET" || head.asksForUpgrade
        if pendingRequests.count >= limits.maxPendingRequests { _ = pendingRequests.popFirst() }
        pendingRequests.append(PendingRequest(serial: requestSerial, isHead: head.method == "HEAD",
                                              upgradeRequest: mayUpgrade ? head : nil))
        currentRequest = nil
        if mayUpgrade {
            clientHold = HeldClientBytes(startOffset: gapStart + length, asksForWebSocket: false)
        }
    }

    /// A response head cut short: its status code decides (101 switches protocols after the gap).
    private mutating func cutResponse(_ visible: [UInt8], startOffset: UInt64, gapStart: UInt64, length: UInt64,
                                      into events: inout [HTTPEvent]) {
        guard let head = HTTPResponseHead(cutHead: visible, startOffset: startOffset, missingLength: length,
                                          parseStartLine: HTTPHeadParser.parseStatusLine) else {
            handOffAfterGap(.server, at: gapStart + length, into: &events)
            return
        }
        events.append(.finding(Finding(rule: HandshakeRule.truncatedHead,
                                       message: "the capture holds only the first \(visible.count) bytes of the response head (\(head.status) \(head.reason)); \(length) bytes after them are missing",
                                       streamOffset: gapStart, messageKey: "finding.handshake.head-truncated.response",
                                       arguments: [.number(visible.count), .text("\(head.status) \(head.reason)"), .number(length)]), from: .server))
        events.append(.responseHead(head))
        guard !head.isInformational || head.isSwitchingProtocols else {
            // An interim answer: where the final one starts is lost with the rest of this head.
            handOffAfterGap(.server, at: gapStart + length, into: &events)
            return
        }
        let request = pendingRequests.popFirst()
        if head.isSwitchingProtocols {
            events.append(.messageEnd(from: .server))
            switchProtocols(request: request?.upgradeRequest, response: head, serverStart: gapStart + length, into: &events)
            return
        }
        if request?.upgradeRequest?.asksForUpgrade == true {
            events.append(.finding(Finding(rule: HandshakeRule.upgradeRefused,
                                           message: "the server refused the upgrade with \(head.status) \(head.reason)",
                                           streamOffset: startOffset, messageKey: "finding.handshake.upgrade-refused",
                                           arguments: [.text("\(head.status) \(head.reason)")]), from: .server))
        }
        // How the body is framed went with the missing lines: this direction cannot be followed.
        events.append(.messageEnd(from: .server))
        if clientHold != nil { releaseHeldClientBytes(into: &events) }
    }

    /// Message boundaries are lost in `peer`'s stream: what follows the gap is handed over.
    private mutating func handOffAfterGap(_ peer: Peer, at offset: UInt64, into events: inout [HTTPEvent]) {
        if peer == .client { _ = client.handOff() } else { _ = server.handOff() }
        events.append(.notHTTP(NotHTTPHandOff(from: peer, offset: offset, bufferedBytes: [], isStreamStart: false)))
    }

    /// `peer` closed its side (FIN or RST, or the capture ended): a response delimited by the
    /// close ends here; a message cut short is reported.
    public mutating func endOfStream(from peer: Peer, into events: inout [HTTPEvent]) {
        guard !isUpgraded, !(peer == .client && clientHold != nil) else { return }
        let result = peer == .client ? client.endOfStream() : server.endOfStream()
        if result.endsMessage { events.append(.messageEnd(from: peer)) }
        if let offset = result.incompleteAt {
            events.append(.finding(Finding(rule: HandshakeRule.incompleteMessage,
                                           message: "the stream ended in the middle of a message",
                                           streamOffset: offset, messageKey: "finding.handshake.incomplete-message"), from: peer))
        }
    }

    /// One step of either direction's message stream; only heads, a request's end and the server
    /// leaving HTTP differ by direction.
    private mutating func handle(_ step: HTTPMessageStream.Step, from peer: Peer, into events: inout [HTTPEvent]) {
        switch step {
        case .needMoreData:
            break
        case .head(let raw, let startOffset, let lineCount):
            if peer == .client {
                handleRequestHead(raw, startOffset: startOffset, lineCount: lineCount, into: &events)
            } else {
                handleResponseHead(raw, startOffset: startOffset, lineCount: lineCount, into: &events)
            }
        case .body(let offset, let length):
            events.append(.body(from: peer, offset: offset, length: length))
        case .trailers(let raw, let startOffset, let lineCount):
            handleTrailers(raw, startOffset: startOffset, lineCount: lineCount, from: peer, into: &events)
        case .messageEnd:
            events.append(.messageEnd(from: peer))
            guard peer == .client else { break }
            // An upgrade request that is still unanswered: hold what the client sends next until the answer.
            if let request = currentRequest, request.asksForUpgrade, pendingRequests.contains(serial: request.serial) {
                clientHold = HeldClientBytes(startOffset: client.offset, asksForWebSocket: request.asksForWebSocket)
            }
            currentRequest = nil
        case .notHTTP, .malformed, .headTooLarge:
            report(step, from: peer, into: &events)
            // The server left HTTP while the client waited for an upgrade answer: most likely the
            // 101 is missing from the capture. Hand the held client bytes over as well.
            if peer == .server, case .notHTTP = step, let held = clientHold {
                clientHold = nil
                _ = client.handOff()
                events.append(.notHTTP(NotHTTPHandOff(from: .client, offset: held.startOffset,
                                                      bufferedBytes: held.bytes, isStreamStart: false)))
            }
        }
    }

    // MARK: Client

    private mutating func consumeClient(_ buffer: UnsafeRawBufferPointer, into events: inout [HTTPEvent]) -> Int {
        var index = 0
        while true {
            if clientHold != nil {
                hold(buffer[index...], into: &events)
                return buffer.count
            }
            let step = client.step(buffer, at: &index)
            if case .needMoreData = step { return index }
            handle(step, from: .client, into: &events)
        }
    }

    private mutating func handleRequestHead(_ raw: [UInt8], startOffset: UInt64, lineCount: Int,
                                            into events: inout [HTTPEvent]) {
        guard let head = parseHead(raw, startOffset: startOffset, lineCount: lineCount, from: .client,
                                   startLine: HTTPHeadParser.parseRequestLine, expected: "METHOD SP target SP HTTP/x.y",
                                   into: &events) else { return }
        events.append(.requestHead(head))

        requestSerial += 1
        let asksForUpgrade = head.asksForUpgrade
        currentRequest = CurrentRequest(serial: requestSerial, asksForUpgrade: asksForUpgrade,
                                        asksForWebSocket: head.asksForWebSocket)
        if pendingRequests.count >= limits.maxPendingRequests { _ = pendingRequests.popFirst() }
        pendingRequests.append(PendingRequest(serial: requestSerial, isHead: head.method == "HEAD",
                                              upgradeRequest: asksForUpgrade ? head : nil))

        switch Self.requestBodyFraming(head.headers) {
        case .success(let framing): client.expectBody(framing)
        case .failure(let problem):
            malformed(problem.message, at: startOffset, from: .client, into: &events, key: problem.messageKey,
                      arguments: problem.arguments)
            client.abandon()
        }
    }

    /// Appends client bytes to the hold, up to the limit.
    private mutating func hold(_ bytes: Slice<UnsafeRawBufferPointer>, into events: inout [HTTPEvent]) {
        guard var held = clientHold, !bytes.isEmpty else { return }
        if held.droppedCount > 0, held.bytes.count < limits.maxHeldClientBytes {
            // A gap came after the held bytes: what follows it cannot be appended to them.
            held.droppedCount += UInt64(bytes.count)
            clientHold = held
            return
        }
        if held.bytes.isEmpty, held.droppedCount == 0, held.asksForWebSocket {
            events.append(.finding(Finding(rule: HandshakeRule.clientDataBeforeResponse,
                                           message: "the client sent data before the server answered its upgrade request",
                                           streamOffset: held.startOffset, messageKey: "finding.handshake.client-data-before-response"), from: .client))
        }
        let room = max(0, limits.maxHeldClientBytes - held.bytes.count)
        let kept = min(room, bytes.count)
        held.bytes.append(contentsOf: bytes.prefix(kept))
        if kept < bytes.count {
            if held.droppedCount == 0 {
                events.append(.finding(Finding(rule: HandshakeRule.heldBytesLimit,
                                               message: "more than \(limits.maxHeldClientBytes) client bytes arrived before the upgrade answer; the rest are dropped",
                                               streamOffset: held.startOffset + UInt64(held.bytes.count),
                                               messageKey: "finding.handshake.held-bytes-limit", arguments: [.number(limits.maxHeldClientBytes)]),
                                       from: .client))
            }
            held.droppedCount += UInt64(bytes.count - kept)
        }
        clientHold = held
    }

    /// The upgrade was refused: what the client sent meanwhile is HTTP after all.
    private mutating func releaseHeldClientBytes(into events: inout [HTTPEvent]) {
        guard let held = clientHold else { return }
        clientHold = nil
        let consumed = held.bytes.withUnsafeBytes { consumeClient($0, into: &events) }
        if consumed < held.bytes.count,
           let handOffIndex = events.lastIndex(where: { if case .notHTTP(let h) = $0 { h.from == .client } else { false } }),
           case .notHTTP(var handOff) = events[handOffIndex] {
            handOff.bufferedBytes += held.bytes[consumed...]
            events[handOffIndex] = .notHTTP(handOff)
        }
        // Bytes beyond the hold limit are gone: the client stream cannot be followed past them.
        if held.droppedCount > 0 { client.abandon() }
    }

    // MARK: Server

    private mutating func consumeServer(_ buffer: UnsafeRawBufferPointer, into events: inout [HTTPEvent]) -> Int {
        var index = 0
        while !isUpgraded {
            let step = server.step(buffer, at: &index)
            if case .needMoreData = step { break }
            handle(step, from: .server, into: &events)
        }
        return index
    }

    private mutating func handleResponseHead(_ raw: [UInt8], startOffset: UInt64, lineCount: Int,
                                             into events: inout [HTTPEvent]) {
        guard let head = parseHead(raw, startOffset: startOffset, lineCount: lineCount, from: .server,
                                   startLine: HTTPHeadParser.parseStatusLine,
                                   expected: "HTTP/x.y SP 3-digit status SP reason", into: &events) else { return }
        events.append(.responseHead(head))

        // An interim 1xx answers nothing yet; the final response is still to come (RFC 9110 15.2).
        if head.isInformational, !head.isSwitchingProtocols {
            server.expectBody(.none)
            return
        }
        let request = pendingRequests.popFirst()

        if head.isSwitchingProtocols {
            events.append(.messageEnd(from: .server))
            switchProtocols(request: request?.upgradeRequest, response: head, into: &events)
            return
        }
        // The client's bytes were held for the answer; a cut GET was held without knowing whether
        // it asked for an upgrade at all, so only a visible upgrade request counts as refused.
        let heldForAnswer = request?.upgradeRequest != nil
        let refusesUpgrade = request?.upgradeRequest.map { $0.truncation == nil || $0.asksForUpgrade } ?? false
        if refusesUpgrade {
            events.append(.finding(Finding(rule: HandshakeRule.upgradeRefused,
                                           message: "the server refused the upgrade with \(head.status) \(head.reason)",
                                           streamOffset: startOffset, messageKey: "finding.handshake.upgrade-refused",
                                           arguments: [.text("\(head.status) \(head.reason)")]), from: .server))
        }
        switch Self.responseBodyFraming(head, requestWasHead: request?.isHead ?? false) {
        case .success(let framing): server.expectBody(framing)
        case .failure(let problem):
            malformed(problem.message, at: startOffset, from: .server, into: &events, key: problem.messageKey,
                      arguments: problem.arguments)
            server.abandon()
        }
        // Any hold belongs to the upgrade request: no request can follow it unheld. Released after
        // the response head, so that the events keep the order in which they were decided.
        if heldForAnswer { releaseHeldClientBytes(into: &events) }
    }

    private mutating func switchProtocols(request: HTTPRequestHead?, response: HTTPResponseHead,
                                          serverStart: UInt64? = nil, into events: inout [HTTPEvent]) {
        let clientStart: (offset: UInt64, bytes: [UInt8], dropped: UInt64)
        if let held = clientHold {
            _ = client.handOff()
            clientStart = (held.startOffset, held.bytes, held.droppedCount)
        } else {
            // A 101 before the request was complete, or to a request that did not ask: the new
            // protocol starts where the client's HTTP stands now.
            let handOff = client.handOff()
            clientStart = (handOff.offset, handOff.bufferedBytes, 0)
        }
        clientHold = nil
        let serverStart = serverStart ?? server.handOff().offset
        isUpgraded = true
        events.append(.upgrade(UpgradeHandOff(request: request, response: response,
                                              clientProtocolOffset: clientStart.offset,
                                              serverProtocolOffset: serverStart,
                                              heldClientBytes: clientStart.bytes,
                                              droppedClientByteCount: clientStart.dropped)))
    }

    // MARK: Shared

    /// A complete head from `peer`: its lines' problems reported, its start line parsed; nil (and
    /// the direction given up) when the start line is not what a `peer` sends.
    private mutating func parseHead<StartLine>(_ raw: [UInt8], startOffset: UInt64, lineCount: Int, from peer: Peer,
                                               startLine parse: (ArraySlice<UInt8>) -> StartLine?, expected: String,
                                               into events: inout [HTTPEvent]) -> HTTPHead<StartLine>? {
        let lines = HTTPHeadParser.parse(raw, hasStartLine: true, lineCount: lineCount)
        appendProblems(lines.problems, headStart: startOffset, from: peer, into: &events)
        guard let line = parse(lines.startLine) else {
            let what = peer == .client ? "request line" : "status line"
            malformed("the \(what) \(excerpt(lines.startLine)) is not \(expected)", at: startOffset, from: peer, into: &events,
                      key: "finding.handshake.malformed-http." + (peer == .client ? "requestLine" : "statusLine"),
                      arguments: [.text(excerpt(lines.startLine)), .text(expected)])
            if peer == .client { client.abandon() } else { server.abandon() }
            return nil
        }
        return HTTPHead(startLine: line, headers: lines.headers, startOffset: startOffset, rawBytes: raw)
    }

    private func handleTrailers(_ raw: [UInt8], startOffset: UInt64, lineCount: Int, from peer: Peer,
                                into events: inout [HTTPEvent]) {
        let lines = HTTPHeadParser.parse(raw, hasStartLine: false, lineCount: lineCount)
        appendProblems(lines.problems, headStart: startOffset, from: peer, into: &events)
        events.append(.trailers(from: peer, headers: lines.headers, startOffset: startOffset, length: raw.count))
    }

    private func report(_ step: HTTPMessageStream.Step, from peer: Peer, into events: inout [HTTPEvent]) {
        switch step {
        case .notHTTP(let offset, let buffered, let isStreamStart):
            if !isStreamStart {
                malformed("the next message does not start like HTTP/1.x", at: offset, from: peer, into: &events,
                          key: "finding.handshake.malformed-http.notHTTP")
            }
            events.append(.notHTTP(NotHTTPHandOff(from: peer, offset: offset, bufferedBytes: buffered,
                                                  isStreamStart: isStreamStart)))
        case .malformed(let message, let offset, let key, let arguments):
            malformed(message, at: offset, from: peer, into: &events, key: key, arguments: arguments)
        case .headTooLarge(let offset):
            events.append(.finding(Finding(rule: HandshakeRule.headTooLarge,
                                           message: "a message head is longer than \(limits.maxHeadLength) bytes",
                                           streamOffset: offset, messageKey: "finding.handshake.head-too-large",
                                           arguments: [.number(limits.maxHeadLength)]), from: peer))
        default:
            break
        }
    }

    private func appendProblems(_ problems: [HTTPHeadParser.Problem], headStart: UInt64, from peer: Peer,
                                into events: inout [HTTPEvent]) {
        for problem in problems {
            events.append(.finding(Finding(rule: problem.rule, message: problem.message,
                                           streamOffset: headStart + UInt64(problem.offsetInHead),
                                           messageKey: problem.messageKey, arguments: problem.arguments), from: peer))
        }
    }

    private func malformed(_ message: String, at offset: UInt64, from peer: Peer, into events: inout [HTTPEvent], key: String,
                           arguments: [MessageArgument] = []) {
        events.append(.finding(Finding(rule: HandshakeRule.malformedHTTP, message: message, streamOffset: offset, messageKey: key,
                                       arguments: arguments), from: peer))
    }

    private func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        "\"" + String(decoding: bytes.prefix(60), as: UTF8.self) + (bytes.count > 60 ? "…\"" : "\"")
    }
}
