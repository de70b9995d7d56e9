public import TLS

/// Why wslens found no WebSocket on a TCP connection, as far as the capture shows; the summary's
/// `protocol` and `whyNotWebSocket` (see `ConnectionReport.notWebSocketReason`).
public enum NotWebSocketReason: Sendable, Hashable {
    /// No TCP payload at all (handshake, ACKs, FIN or RST only).
    case noPayload
    /// A WebSocket Upgrade request answered with another status than 101.
    case upgradeRefused(status: Int, reason: String)
    /// A WebSocket Upgrade request with no response in the capture.
    case upgradeUnanswered
    /// A 101 that switched to another protocol (`h2c`, …): the response's Upgrade header.
    case otherProtocol(String)
    /// The opening handshake is there but cut by the snapshot length (what could not be read).
    case handshakeTruncated(String)
    /// HTTP/1.x without any Upgrade to WebSocket.
    case plainHTTP(requests: Int, responses: Int)
    /// TLS records (a ClientHello seen): probably wss, unreadable without keys.
    case tls(TLSSighting)
    /// Neither HTTP nor WebSocket framing; `framing` says why the bytes are not frames, when they were judged.
    case notHTTP(framing: String?)

    /// The summary's `protocol` value: `http`, `tls`, `other` or `none` (`websocket` has no reason).
    public var protocolName: String {
        switch self {
        case .noPayload: "none"
        case .upgradeRefused, .upgradeUnanswered, .handshakeTruncated, .plainHTTP: "http"
        case .tls: "tls"
        case .otherProtocol, .notHTTP: "other"
        }
    }
}

/// What the TLS layer saw of a connection it could not read WebSocket in.
public struct TLSSighting: Sendable, Hashable {
    /// The server name indication, when the ClientHello carried one.
    public var serverName: String?
    /// ALPN protocols the client offered.
    public var alpn: [String]
    /// Whether and why the application data could not be decrypted (nil: not known).
    public var keyStatus: TLSKeyStatus?
    public var clientHelloSeen: Bool
    /// The ClientHello is cut short: no server name may mean an unseen one.
    public var clientHelloCut: Bool

    public init(serverName: String?, alpn: [String] = [], keyStatus: TLSKeyStatus? = nil, clientHelloSeen: Bool = true,
                clientHelloCut: Bool = false) {
        self.serverName = serverName
        self.alpn = alpn
        self.keyStatus = keyStatus
        self.clientHelloSeen = clientHelloSeen
        self.clientHelloCut = clientHelloCut
    }
}
