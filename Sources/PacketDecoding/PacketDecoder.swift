public import PacketCapture

/// Decodes captured packets down to TCP segments: link layer, IPv4 (options, fragments),
/// IPv6 (extension headers, fragments), TCP (options).
///
/// Pure: fed packets, returns values. Bytes beyond what was captured are never read; a header that
/// claims more bytes than the capture holds makes the payload short and `missingPayloadLength`
/// says by how much (snaplen truncation).
public struct PacketDecoder {
    private var fragments: FragmentReassembler
    /// Incomplete fragmented datagrams dropped (too many pending, too old or too large).
    public var droppedFragmentedDatagrams: Int { fragments.droppedDatagrams }

    public init(maxPendingFragmentedDatagrams: Int = 256, fragmentTimeoutPackets: UInt64 = 10_000) {
        fragments = FragmentReassembler(maxPendingDatagrams: maxPendingFragmentedDatagrams,
                                        timeoutPackets: fragmentTimeoutPackets)
    }

    /// Decodes one packet. A returned TCP segment's payload is valid until the next call.
    public mutating func decode(_ packet: CapturedPacket) -> DecodedPacket {
        let bytes = packet.bytes
        guard packet.linkType.isSupported else {
            return DecodedPacket(content: .unsupportedLinkType, lengths: LayerLengths(link: 0, ip: 0, tcp: 0))
        }
        guard let (linkLength, next) = LinkLayer.strip(bytes, linkType: packet.linkType) else {
            return DecodedPacket(content: .malformed("packet shorter than its \(packet.linkType.name) header"),
                                 lengths: LayerLengths(link: bytes.count, ip: 0, tcp: 0))
        }
        let network = bytes.slice(linkLength..<bytes.count)
        var context = Context(packet: packet, linkLength: linkLength)
        switch next {
        case .ipv4:
            return decodeIPv4(network, &context)
        case .ipv6:
            return decodeIPv6(network, &context)
        case .ipByVersion:
            guard network.count >= 1 else { return context.malformed("empty raw IP packet") }
            switch network.u8(0) >> 4 {
            case 4: return decodeIPv4(network, &context)
            case 6: return decodeIPv6(network, &context)
            default: return context.malformed("raw IP packet with IP version \(network.u8(0) >> 4)")
            }
        case .other(let name):
            return DecodedPacket(content: .notIP(name), lengths: LayerLengths(link: linkLength, ip: 0, tcp: 0))
        }
    }

    private struct Context {
        let packet: CapturedPacket
        let linkLength: Int
        var ipLength = 0

        func malformed(_ reason: String) -> DecodedPacket {
            DecodedPacket(content: .malformed(reason), lengths: LayerLengths(link: linkLength, ip: ipLength, tcp: 0))
        }
        func result(_ content: PacketContent, tcp: Int = 0) -> DecodedPacket {
            DecodedPacket(content: content, lengths: LayerLengths(link: linkLength, ip: ipLength, tcp: tcp))
        }
    }

    // MARK: IPv4

    private mutating func decodeIPv4(_ bytes: UnsafeRawBufferPointer, _ context: inout Context) -> DecodedPacket {
        guard bytes.count >= 20 else { return context.malformed("IPv4 header cut off (\(bytes.count) bytes captured)") }
        let versionAndLength = bytes.u8(0)
        guard versionAndLength >> 4 == 4 else { return context.malformed("IPv4 header with version \(versionAndLength >> 4)") }
        let headerLength = Int(versionAndLength & 0x0f) * 4
        guard headerLength >= 20 else { return context.malformed("IPv4 header length \(headerLength) below 20") }
        guard bytes.count >= headerLength else { return context.malformed("IPv4 options cut off") }
        context.ipLength = headerLength
        var totalLength = Int(bytes.u16(2))
        // TSO/GSO on loopback (BIG TCP) writes 0 into the total length: the capture length is all we have.
        if totalLength == 0 { totalLength = bytes.count }
        guard totalLength >= headerLength else { return context.malformed("IPv4 total length \(totalLength) below its header length") }
        let source = IPAddress.v4(bytes.u32(12))
        let destination = IPAddress.v4(bytes.u32(16))
        let protocolNumber = IPProtocol(rawValue: bytes.u8(9))
        let flagsAndOffset = bytes.u16(6)
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragmentOffset = Int(flagsAndOffset & 0x1fff) * 8
        let capturedEnd = min(totalLength, bytes.count)
        let payload = bytes.slice(headerLength..<capturedEnd)
        let missing = totalLength - capturedEnd

        if moreFragments || fragmentOffset != 0 {
            guard missing == 0 else { return context.malformed("IPv4 fragment cut off by the snapshot length") }
            let key = FragmentReassembler.Key(source: source, destination: destination,
                                              identification: UInt32(bytes.u16(4)), protocolNumber: protocolNumber.rawValue)
            guard fragments.add(key: key, offset: fragmentOffset, moreFragments: moreFragments, bytes: payload,
                                packet: context.packet.number) else {
                return context.result(.ipFragment)
            }
            return transport(protocolNumber, fragments.completedPayload, missing: 0,
                             source: source, destination: destination, context)
        }
        return transport(protocolNumber, payload, missing: missing, source: source, destination: destination, context)
    }

    // MARK: IPv6

    private mutating func decodeIPv6(_ bytes: UnsafeRawBufferPointer, _ context: inout Context) -> DecodedPacket {
        guard bytes.count >= 40 else { return context.malformed("IPv6 header cut off (\(bytes.count) bytes captured)") }
        guard bytes.u8(0) >> 4 == 6 else { return context.malformed("IPv6 header with version \(bytes.u8(0) >> 4)") }
        var payloadLength = Int(bytes.u16(4))
        // A jumbogram or a GSO packet on loopback announces 0: take what was captured.
        if payloadLength == 0 { payloadLength = bytes.count - 40 }
        let source = IPAddress.v6(high: bytes.u64(8), low: bytes.u64(16))
        let destination = IPAddress.v6(high: bytes.u64(24), low: bytes.u64(32))
        var next = IPProtocol(rawValue: bytes.u8(6))
        var offset = 40
        let end = 40 + payloadLength
        var fragment: (offset: Int, more: Bool, identification: UInt32)?

        // Walk the extension headers up to the transport header.
        extensionLoop: while true {
            switch next {
            case .hopByHop, .ipv6Routing, .ipv6DestinationOptions:
                guard bytes.count >= offset + 2 else { return context.malformed("IPv6 extension header cut off") }
                let length = (Int(bytes.u8(offset + 1)) + 1) * 8
                next = IPProtocol(rawValue: bytes.u8(offset))
                offset += length
            case .authenticationHeader:
                guard bytes.count >= offset + 2 else { return context.malformed("IPv6 authentication header cut off") }
                let length = (Int(bytes.u8(offset + 1)) + 2) * 4
                next = IPProtocol(rawValue: bytes.u8(offset))
                offset += length
            case .ipv6Fragment:
                guard bytes.count >= offset + 8 else { return context.malformed("IPv6 fragment header cut off") }
                let field = bytes.u16(offset + 2)
                fragment = (Int(field & 0xfff8), field & 1 != 0, bytes.u32(offset + 4))
                next = IPProtocol(rawValue: bytes.u8(offset))
                offset += 8
            default:
                break extensionLoop
            }
            guard offset <= end else { return context.malformed("IPv6 extension headers longer than the payload length") }
        }
        context.ipLength = offset
        guard bytes.count >= offset else { return context.malformed("IPv6 extension headers cut off") }
        let capturedEnd = min(end, bytes.count)
        let payload = bytes.slice(offset..<max(offset, capturedEnd))
        let missing = end - max(offset, capturedEnd)

        if let fragment, fragment.more || fragment.offset != 0 {
            guard missing == 0 else { return context.malformed("IPv6 fragment cut off by the snapshot length") }
            let key = FragmentReassembler.Key(source: source, destination: destination,
                                              identification: fragment.identification, protocolNumber: next.rawValue)
            guard fragments.add(key: key, offset: fragment.offset, moreFragments: fragment.more, bytes: payload,
                                packet: context.packet.number) else {
                return context.result(.ipFragment)
            }
            return transport(next, fragments.completedPayload, missing: 0,
                             source: source, destination: destination, context)
        }
        return transport(next, payload, missing: missing, source: source, destination: destination, context)
    }

    // MARK: TCP

    private func transport(_ protocolNumber: IPProtocol, _ bytes: UnsafeRawBufferPointer, missing: Int,
                           source: IPAddress, destination: IPAddress, _ context: Context) -> DecodedPacket {
        guard protocolNumber == .tcp else { return context.result(.otherIP(protocolNumber)) }
        guard bytes.count >= 20 else {
            return context.malformed(missing > 0 ? "TCP header cut off by the snapshot length" : "TCP header shorter than 20 bytes")
        }
        let headerLength = Int(bytes.u8(12) >> 4) * 4
        guard headerLength >= 20 else { return context.malformed("TCP data offset \(headerLength) below 20") }
        guard bytes.count >= headerLength else {
            return context.malformed(missing > 0 ? "TCP options cut off by the snapshot length" : "TCP header longer than the segment")
        }
        let segment = TCPSegment(
            packetNumber: context.packet.number,
            timestamp: context.packet.timestamp,
            source: SocketAddress(address: source, port: bytes.u16(0)),
            destination: SocketAddress(address: destination, port: bytes.u16(2)),
            sequenceNumber: bytes.u32(4),
            acknowledgmentNumber: bytes.u32(8),
            flags: TCPFlags(rawValue: bytes.u16(12) & 0x01ff),
            window: bytes.u16(14),
            payload: bytes.slice(headerLength..<bytes.count),
            missingPayloadLength: missing,
            headerLengths: LayerLengths(link: context.linkLength, ip: context.ipLength, tcp: headerLength))
        return context.result(.tcp(segment), tcp: headerLength)
    }
}
