/// A message head as one peer sent it: its start line, header fields and exact bytes. A request
/// head (`HTTPRequestHead`) and a response head (`HTTPResponseHead`) differ only in the start line.
public struct HTTPHead<StartLine: Sendable & Hashable>: Sendable, Hashable {
    public var startLine: StartLine
    public var headers: HTTPHeaders {
        didSet { upgradeHeaders = UpgradeHeaders(headers) }
    }
    /// Offset in the sender's byte stream of the start line's first byte.
    public var startOffset: UInt64
    /// The head exactly as sent: start line, header lines and the empty line that ends them.
    public var rawBytes: [UInt8]
    /// Read from `headers` whenever they are set.
    private(set) var upgradeHeaders: UpgradeHeaders
    /// Set when the capture holds only the head's beginning: `headers` are the complete lines
    /// before the cut, `rawBytes` what was captured.
    public internal(set) var truncation: HeadTruncation?

    init(startLine: StartLine, headers: HTTPHeaders, startOffset: UInt64, rawBytes: [UInt8]) {
        self.startLine = startLine
        self.headers = headers
        self.startOffset = startOffset
        self.rawBytes = rawBytes
        upgradeHeaders = UpgradeHeaders(headers)
    }

    /// Bytes of the head, including the final CRLFCRLF (the captured bytes of a truncated head).
    public var headLength: Int { rawBytes.count }
}

/// `METHOD SP request-target SP HTTP-version` (RFC 9112 section 3).
public struct RequestLine: Sendable, Hashable {
    public var method: String
    public var target: String
    public var version: HTTPVersion
}

/// `HTTP-version SP status-code SP reason-phrase` (RFC 9112 section 4).
public struct StatusLine: Sendable, Hashable {
    public var version: HTTPVersion
    public var status: Int
    public var reason: String
}

/// A request line and its header fields, as one client sent them.
public typealias HTTPRequestHead = HTTPHead<RequestLine>
/// A status line and its header fields, as one server sent them.
public typealias HTTPResponseHead = HTTPHead<StatusLine>

extension HTTPHead where StartLine == RequestLine {
    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, startOffset: UInt64,
                rawBytes: [UInt8]) {
        self.init(startLine: RequestLine(method: method, target: target, version: version), headers: headers,
                  startOffset: startOffset, rawBytes: rawBytes)
    }

    public var method: String { startLine.method }
    public var target: String { startLine.target }
    public var version: HTTPVersion { startLine.version }

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

extension HTTPHead where StartLine == StatusLine {
    public init(version: HTTPVersion, status: Int, reason: String, headers: HTTPHeaders, startOffset: UInt64,
                rawBytes: [UInt8]) {
        self.init(startLine: StatusLine(version: version, status: status, reason: reason), headers: headers,
                  startOffset: startOffset, rawBytes: rawBytes)
    }

    public var version: HTTPVersion { startLine.version }
    public var status: Int { startLine.status }
    public var reason: String { startLine.reason }

    /// 1xx: an interim answer; the final one is still to come (except 101, which ends HTTP).
    public var isInformational: Bool { (100..<200).contains(status) }

    /// `101 Switching Protocols`.
    public var isSwitchingProtocols: Bool { status == 101 }
}
