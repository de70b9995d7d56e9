public import HTTPUpgrade
public import WireBytes

/// What the same WebSocket messages would cost as HTTP/1.1 exchanges.
///
/// Each message becomes one exchange: a message from the server is a polling `GET` answered by a
/// `200 OK` carrying the message; a message from the client is a `POST` carrying it, answered by an
/// empty `200 OK`. Bodies are the messages' payloads as sent, so only the framing differs.
public struct HTTPCostModel: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The thesis' minimal request (`GET / HTTP/1.1` + `Host:`, 35 bytes for cs.hm.edu) and a
        /// minimal `200 OK` with `Content-Length`.
        case minimal
        /// The header block this client sent in its handshake (WebSocket headers removed) on every
        /// request; responses as large as the capture's own HTTP responses, where it has any.
        case realistic
    }

    public let kind: Kind
    /// Host header value used in requests.
    public let host: String
    public let target: String
    /// Header lines (without CRLF) added to every request besides Host (realistic model).
    public let extraRequestHeaderBytes: Int
    /// Average head size of the capture's own non-101 HTTP responses (realistic model), if any.
    public let observedResponseHeadBytes: Int?

    public static func minimal(host: String) -> HTTPCostModel {
        HTTPCostModel(kind: .minimal, host: host, target: "/", extraRequestHeaderBytes: 0, observedResponseHeadBytes: nil)
    }

    /// The realistic model from a handshake request: its headers minus the WebSocket-specific ones.
    public static func realistic(request: HTTPRequestHead, observedResponseHeadBytes: Int?) -> HTTPCostModel {
        let websocketOnly: Set<String> = ["upgrade", "connection", "host"]
        var extra = 0
        for field in request.headers.fields {
            let name = field.name.lowercased()
            if websocketOnly.contains(name) || name.hasPrefix("sec-websocket-") { continue }
            extra += field.name.utf8.count + 2 + field.value.utf8.count + 2   // "Name: value\r\n"
        }
        return HTTPCostModel(kind: .realistic, host: request.headers["Host"] ?? "localhost", target: request.target,
                             extraRequestHeaderBytes: extra, observedResponseHeadBytes: observedResponseHeadBytes)
    }

    /// "GET / HTTP/1.1\r\nHost: cs.hm.edu\r\n\r\n": 35 bytes in the minimal model.
    public var pollingRequestBytes: Int {
        "GET \(target) HTTP/1.1\r\n".utf8.count + "Host: \(host)\r\n".utf8.count + extraRequestHeaderBytes + 2
    }

    /// A POST carrying `length` bytes: the head only.
    public func postRequestHeadBytes(length: UInt64) -> Int {
        "POST \(target) HTTP/1.1\r\n".utf8.count + "Host: \(host)\r\n".utf8.count + extraRequestHeaderBytes
            + "Content-Length: \(length)\r\n".utf8.count + 2
    }

    /// A 200 OK carrying `length` bytes: the head only.
    public func responseHeadBytes(length: UInt64) -> Int {
        if let observedResponseHeadBytes, kind == .realistic { return observedResponseHeadBytes }
        return "HTTP/1.1 200 OK\r\n".utf8.count + "Content-Length: \(length)\r\n".utf8.count + 2
    }

    /// HTTP header bytes (request head + response head) of the exchange that carries one message.
    public func headerBytes(forMessageFrom sender: Peer, length: UInt64) -> Int {
        sender == .server
            ? pollingRequestBytes + responseHeadBytes(length: length)
            : postRequestHeadBytes(length: length) + responseHeadBytes(length: 0)
    }
}

/// One WebSocket connection's messages priced as HTTP, with the break-even point of the handshake.
public struct HTTPComparison: Sendable, Hashable {
    public let model: HTTPCostModel
    public let messages: Int
    /// Payload bytes of the messages (the same in both protocols).
    public let payloadBytes: UInt64
    /// WebSocket: frame header bytes of the messages' frames, and the handshake (request + response).
    public let webSocketHeaderBytes: UInt64
    public let handshakeBytes: UInt64
    /// HTTP: request and response head bytes of all exchanges.
    public let httpHeaderBytes: UInt64
    /// After how many messages the handshake has paid for itself (nil: HTTP is never dearer per message).
    public let breakEvenMessages: Int?
    /// Whether the break-even lies beyond the capture's messages (projected from the average).
    public let breakEvenProjected: Bool

    public var webSocketTotal: UInt64 { webSocketHeaderBytes + handshakeBytes }
    /// Header bytes over payload bytes.
    public var webSocketRatio: Double { payloadBytes == 0 ? 0 : Double(webSocketTotal) / Double(payloadBytes) }
    public var httpRatio: Double { payloadBytes == 0 ? 0 : Double(httpHeaderBytes) / Double(payloadBytes) }

    /// - Parameter messages: (sender, payload length, WebSocket header bytes) of each message in order.
    public init(model: HTTPCostModel, handshakeBytes: UInt64, messages: [(from: Peer, length: UInt64, headerBytes: Int)]) {
        self.model = model
        self.messages = messages.count
        self.handshakeBytes = handshakeBytes
        payloadBytes = messages.reduce(0) { $0 + $1.length }
        webSocketHeaderBytes = messages.reduce(0) { $0 + UInt64($1.headerBytes) }
        var http: UInt64 = 0
        var saved: Int64 = 0
        var breakEven: Int?
        for (position, message) in messages.enumerated() {
            let cost = model.headerBytes(forMessageFrom: message.from, length: message.length)
            http += UInt64(cost)
            saved += Int64(cost) - Int64(message.headerBytes)
            if breakEven == nil, saved >= Int64(handshakeBytes) { breakEven = position + 1 }
        }
        httpHeaderBytes = http
        if breakEven == nil, !messages.isEmpty, saved > 0 {
            let average = Double(saved) / Double(messages.count)
            breakEvenMessages = Int((Double(handshakeBytes) / average).rounded(.up))
            breakEvenProjected = true
        } else {
            breakEvenMessages = breakEven
            breakEvenProjected = false
        }
    }
}
