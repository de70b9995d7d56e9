public import PacketDecoding

/// Both endpoints of a TCP connection, in canonical order so that either direction's segments
/// find the same connection.
public struct ConnectionKey: Sendable, Hashable, CustomStringConvertible {
    /// The endpoint that sorts first (address, then port).
    public let lower: SocketAddress
    /// The endpoint that sorts last.
    public let higher: SocketAddress

    @inline(__always)   // built and looked up on every packet: kept in registers, not memory
    public init(_ one: SocketAddress, _ other: SocketAddress) {
        if other < one {
            lower = other
            higher = one
        } else {
            lower = one
            higher = other
        }
    }

    /// The key of the connection a segment belongs to.
    @inline(__always)
    public init(_ segment: TCPSegment) { self.init(segment.source, segment.destination) }

    /// Which of the two endpoints `address` is (`lower` when both endpoints are equal).
    func side(of address: SocketAddress) -> EndpointSide { address == lower ? .lower : .higher }

    func address(of side: EndpointSide) -> SocketAddress { side == .lower ? lower : higher }

    public var description: String { "\(lower) <-> \(higher)" }
}

/// One endpoint of a `ConnectionKey`, before client and server are known.
enum EndpointSide: Sendable, Hashable {
    case lower
    case higher

    var other: EndpointSide { self == .lower ? .higher : .lower }
}
