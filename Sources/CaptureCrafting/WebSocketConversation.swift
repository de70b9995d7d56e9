public import PacketDecoding
public import WireBytes

/// A WebSocket connection crafted on top of a `TCPConversation`: the opening handshake as real
/// HTTP/1.1 text, then frames, each sent in its own segment unless told otherwise.
public struct WebSocketConversation: Sendable {
    public var tcp: TCPConversation

    public init(client: SocketAddress, server: SocketAddress, framing: LinkFraming = .ethernet,
                clientISN: UInt32 = 1_000, serverISN: UInt32 = 5_000) {
        tcp = TCPConversation(client: client, server: server, framing: framing, clientISN: clientISN, serverISN: serverISN)
        tcp.handshake()
    }

    /// The HTTP Upgrade request and the 101 response, with the given header lines (CRLFs added).
    public mutating func upgrade(target: String = "/chat", host: String, key: String, accept: String,
                                 requestHeaders: [String] = [], responseHeaders: [String] = []) {
        let request = ["GET \(target) HTTP/1.1", "Host: \(host)", "Upgrade: websocket", "Connection: Upgrade",
                       "Sec-WebSocket-Key: \(key)", "Sec-WebSocket-Version: 13"] + requestHeaders
        let response = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Accept: \(accept)"] + responseHeaders
        tcp.send(Array((request.joined(separator: "\r\n") + "\r\n\r\n").utf8), from: .client)
        tcp.send(Array((response.joined(separator: "\r\n") + "\r\n\r\n").utf8), from: .server)
    }

    /// Sends one frame in one segment (or split into `pieces`).
    public mutating func send(_ frame: WebSocketFrameBuilder, from peer: Peer, pieces: [Int]? = nil) {
        if let pieces {
            tcp.send(frame.bytes, from: peer, pieces: pieces)
        } else {
            tcp.send(frame.bytes, from: peer, segmentSize: 1_448)
        }
    }

    /// Sends raw bytes (several frames in one segment, or a deliberately broken one).
    public mutating func sendRaw(_ bytes: [UInt8], from peer: Peer) {
        tcp.send(bytes, from: peer, segmentSize: 1_448)
    }
}
