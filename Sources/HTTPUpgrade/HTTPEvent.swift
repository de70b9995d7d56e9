public import WireBytes

/// What `HTTPConnectionParser` saw, in stream order per direction.
public enum HTTPEvent: Sendable, Hashable {
    case requestHead(HTTPRequestHead)
    case responseHead(HTTPResponseHead)
    /// Body bytes of the current message: counted, not kept. Chunked bodies report only chunk data,
    /// not the chunk-size lines around it. One body may arrive as several events.
    case body(from: Peer, offset: UInt64, length: Int)
    /// The trailer fields after a chunked body (only when there are any).
    case trailers(from: Peer, headers: HTTPHeaders, startOffset: UInt64, length: Int)
    /// The message that `from` was sending is complete.
    case messageEnd(from: Peer)
    /// `101 Switching Protocols`: both directions now speak the upgraded protocol. Always the last
    /// event of the connection.
    case upgrade(UpgradeHandOff)
    /// This direction does not speak HTTP/1.x from `handOff.offset` on; the parser stops reading it.
    case notHTTP(NotHTTPHandOff)
    case finding(Finding, from: Peer)
}
