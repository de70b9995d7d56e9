/// A status line and its header fields, as one server sent them.
public struct HTTPResponseHead: Sendable, Hashable {
    public var version: HTTPVersion
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders {
        didSet { upgradeHeaders = UpgradeHeaders(headers) }
    }
    /// Offset in the server's byte stream of the status line's first byte.
    public var startOffset: UInt64
    /// The head exactly as sent: status line, header lines and the empty line that ends them.
    public var rawBytes: [UInt8]
    /// Read from `headers` whenever they are set.
    private(set) var upgradeHeaders: UpgradeHeaders
    /// Set when the capture holds only the head's beginning: `headers` are the complete lines
    /// before the cut, `rawBytes` what was captured.
    public internal(set) var truncation: HeadTruncation?

    public init(version: HTTPVersion, status: Int, reason: String, headers: HTTPHeaders,
                startOffset: UInt64, rawBytes: [UInt8]) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.startOffset = startOffset
        self.rawBytes = rawBytes
        upgradeHeaders = UpgradeHeaders(headers)
    }

    /// Bytes of the head, including the final CRLFCRLF (the captured bytes of a truncated head).
    public var headLength: Int { rawBytes.count }

    /// 1xx: an interim answer; the final one is still to come (except 101, which ends HTTP).
    public var isInformational: Bool { (100..<200).contains(status) }

    /// `101 Switching Protocols`.
    public var isSwitchingProtocols: Bool { status == 101 }
}
