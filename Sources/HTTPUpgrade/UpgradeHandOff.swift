/// Where an HTTP connection turns into another protocol, per direction, to the byte.
///
/// After a `101 Switching Protocols` response, the upgraded protocol begins
/// - in the server's stream at `serverProtocolOffset`, the byte right after the 101 head. If the
///   server's first frame shared a buffer with the 101 head, `HTTPConnectionParser.consume` stops
///   after the head and returns how many bytes it consumed: the rest of that buffer, from the
///   returned count on, is the start of the new protocol.
/// - in the client's stream at `clientProtocolOffset`, the byte right after the upgrade request.
///   Bytes the client sent before the 101 arrived were held by the parser (it could not know yet
///   whether they were HTTP) and are returned here in `heldClientBytes`; they start at
///   `clientProtocolOffset`. Later client bytes go straight to the new protocol's decoder.
public struct UpgradeHandOff: Sendable, Hashable {
    /// The request that asked for the upgrade; nil when the 101 answers no such request (the
    /// capture began mid-connection, or the server switched without being asked).
    public var request: HTTPRequestHead?
    public var response: HTTPResponseHead
    public var clientProtocolOffset: UInt64
    public var serverProtocolOffset: UInt64
    /// Client bytes from `clientProtocolOffset` on that arrived before the 101.
    public var heldClientBytes: [UInt8]
    /// Client bytes beyond the hold limit that were dropped (a gap right after `heldClientBytes`).
    public var droppedClientByteCount: UInt64

    public init(request: HTTPRequestHead?, response: HTTPResponseHead, clientProtocolOffset: UInt64,
                serverProtocolOffset: UInt64, heldClientBytes: [UInt8], droppedClientByteCount: UInt64) {
        self.request = request
        self.response = response
        self.clientProtocolOffset = clientProtocolOffset
        self.serverProtocolOffset = serverProtocolOffset
        self.heldClientBytes = heldClientBytes
        self.droppedClientByteCount = droppedClientByteCount
    }

    /// Whether the protocol switched to is WebSocket (by the response's Upgrade header, else the
    /// request's). When a cut took both Upgrade headers away, WebSocket is assumed (see
    /// `isWebSocketAssumed`): the frames decoded after it are the evidence.
    public var isWebSocket: Bool {
        if isWebSocketAssumed { return true }
        let upgradeHeaders = response.headers.contains(.upgrade) ? response.upgradeHeaders : request?.upgradeHeaders
        return upgradeHeaders?.upgradeHasWebSocket ?? false
    }

    /// Neither head shows an Upgrade header, and at least one was cut short: which protocol the
    /// 101 switched to is not in the capture.
    public var isWebSocketAssumed: Bool {
        let cut = response.truncation != nil || request?.truncation != nil
        return cut && !response.headers.contains(.upgrade) && request?.headers.contains(.upgrade) != true
    }
}
