/// A request line and its header fields, as one client sent them.
public struct HTTPRequestHead: Sendable, Hashable {
    public var method: String
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders {
        didSet { upgradeHeaders = UpgradeHeaders(headers) }
    }
    /// Offset in the client's byte stream of the request line's first byte.
    public var startOffset: UInt64
    /// The head exactly as sent: request line, header lines and the empty line that ends them.
    public var rawBytes: [UInt8]
    /// Read from `headers` whenever they are set.
    private(set) var upgradeHeaders: UpgradeHeaders
    /// Set when the capture holds only the head's beginning: `headers` are the complete lines
    /// before the cut, `rawBytes` what was captured.
    public internal(set) var truncation: HeadTruncation?

    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders,
                startOffset: UInt64, rawBytes: [UInt8]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.startOffset = startOffset
        self.rawBytes = rawBytes
        upgradeHeaders = UpgradeHeaders(headers)
    }

    /// Bytes of the head, including the final CRLFCRLF (the captured bytes of a truncated head).
    public var headLength: Int { rawBytes.count }

    /// Whether the request asks to switch protocols: an `upgrade` token in `Connection` and an
    /// `Upgrade` header (RFC 9110 section 7.8).
    public var asksForUpgrade: Bool {
        upgradeHeaders.connectionHasUpgrade && upgradeHeaders.upgradeHasElements
    }

    /// Whether the request asks for WebSocket in particular (`Upgrade: websocket`).
    public var asksForWebSocket: Bool {
        asksForUpgrade && upgradeHeaders.upgradeHasWebSocket
    }
}
