import HTTPUpgrade
import Testing
import WireBytes

/// Handshakes used by several test files.
enum SampleTraffic {
    /// RFC 6455 section 1.3, the sample handshake (with CRLF line ends as on the wire).
    static let rfcRequest = """
        GET /chat HTTP/1.1\r
        Host: server.example.com\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Origin: http://example.com\r
        Sec-WebSocket-Protocol: chat, superchat\r
        Sec-WebSocket-Version: 13\r
        \r

        """
    static let rfcResponse = """
        HTTP/1.1 101 Switching Protocols\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
        Sec-WebSocket-Protocol: chat\r
        \r

        """

    /// A typical Chromium request offering permessage-deflate.
    static let chromiumRequest = """
        GET /socket HTTP/1.1\r
        Host: localhost:8080\r
        Connection: Upgrade\r
        Pragma: no-cache\r
        Cache-Control: no-cache\r
        User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r
        Upgrade: websocket\r
        Origin: http://localhost:8080\r
        Sec-WebSocket-Version: 13\r
        Accept-Encoding: gzip, deflate, br, zstd\r
        Accept-Language: en-US,en;q=0.9\r
        Sec-WebSocket-Key: E4WSEcseoWr4csPLS2QJHA==\r
        Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
        \r

        """
    static let chromiumResponse = """
        HTTP/1.1 101 Switching Protocols\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Accept: 7eQChgCtQMnVILefJAO6dK5JwPc=\r
        Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=15\r
        \r

        """

    /// The heads of `request` and `response` as the parser reads them.
    static func heads(request: String, response: String?) throws -> (HTTPRequestHead, HTTPResponseHead?) {
        var parser = HTTPConnectionParser()
        var events: [HTTPEvent] = []
        parser.consume(Array(request.utf8), from: .client, into: &events)
        if let response { parser.consume(Array(response.utf8), from: .server, into: &events) }
        let request = try #require(events.lazy.compactMap { if case .requestHead(let head) = $0 { head } else { nil } }.first)
        let responseHead = events.lazy.compactMap { if case .responseHead(let head) = $0 { head } else { nil } }.first
        if response != nil { try #require(responseHead != nil, "the response did not parse") }
        return (request, responseHead)
    }
}
