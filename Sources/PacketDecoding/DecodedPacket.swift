/// What one captured packet turned out to be.
public enum PacketContent {
    /// A TCP segment (possibly from a reassembled IP datagram).
    case tcp(TCPSegment)
    /// An IP fragment, held until its datagram is complete.
    case ipFragment
    /// IP carrying something other than TCP (UDP, ICMP, ...).
    case otherIP(IPProtocol)
    /// Not IP at all (ARP, LLC, ...): named so the accounting can say what it was.
    case notIP(String)
    /// Headers that contradict themselves or end before they should.
    case malformed(MalformedPacket)
    /// The capture's link type is not one wslens decodes.
    case unsupportedLinkType
}

/// One decoded packet: its content and the header bytes per layer (for the overhead accounting).
public struct DecodedPacket {
    public var content: PacketContent
    public var lengths: LayerLengths

    @inlinable public init(content: PacketContent, lengths: LayerLengths) {
        self.content = content
        self.lengths = lengths
    }
}
