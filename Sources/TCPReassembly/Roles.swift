import PacketDecoding

/// How the reassembler decided which endpoint is the client.
public enum RoleBasis: String, Sendable, Hashable, CaseIterable {
    /// The client sent the SYN (without ACK).
    case syn
    /// Only the SYN-ACK was captured; its sender is the server.
    case synAck
    /// No handshake captured; the client's first payload starts with an HTTP method.
    case httpRequest
    /// No handshake captured; the server's first payload starts with "HTTP/1.".
    case httpResponse
    /// Nothing to go by: the endpoint with the higher port is taken as the client (ephemeral ports
    /// are high). A guess, reported with the `tcp.role-guessed` rule.
    case higherPortGuess

    /// Whether the connection's handshake was captured, so stream offset 0 is the real start.
    public var isStartCaptured: Bool { self == .syn || self == .synAck }

    /// Whether the roles are a guess rather than evidence.
    public var isGuess: Bool { self == .higherPortGuess }
}

/// Client and server of a connection, and the evidence for that choice.
struct Roles: Sendable, Hashable {
    var clientSide: EndpointSide
    var basis: RoleBasis

    /// The roles a segment proves, if any: a SYN, a SYN-ACK, or a first payload that is an HTTP
    /// request or response. Roles are decided once; `segment` should be the first of its kind.
    static func evidence(in segment: TCPSegment, key: ConnectionKey) -> Roles? {
        let sender = key.side(of: segment.source)
        if segment.flags.contains(.syn) {
            return segment.flags.contains(.ack)
                ? Roles(clientSide: sender.other, basis: .synAck)
                : Roles(clientSide: sender, basis: .syn)
        }
        if startsWithHTTPMethod(segment.payload) { return Roles(clientSide: sender, basis: .httpRequest) }
        if startsWith(segment.payload, httpVersionPrefix) { return Roles(clientSide: sender.other, basis: .httpResponse) }
        return nil
    }

    /// The fallback: the endpoint with the higher port is the client (higher address on a tie).
    static func higherPortGuess(for key: ConnectionKey) -> Roles {
        Roles(clientSide: key.lower.port > key.higher.port ? .lower : .higher, basis: .higherPortGuess)
    }

    /// The request methods of RFC 9110 §9 (and PATCH, RFC 5789), with the space that ends them.
    static let httpMethodTokens: [[UInt8]] = ["GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT "]
        .map { Array($0.utf8) }
    static let httpVersionPrefix: [UInt8] = Array("HTTP/1.".utf8)

    static func startsWithHTTPMethod(_ payload: UnsafeRawBufferPointer) -> Bool {
        httpMethodTokens.contains { startsWith(payload, $0) }
    }

    static func startsWith(_ payload: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        payload.count >= prefix.count && prefix.indices.allSatisfy { payload[$0] == prefix[$0] }
    }
}
