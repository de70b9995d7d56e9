public import PacketCapture
internal import WireBytes

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
        decode(packet, tcp: { DecodedPacket(content: .tcp($0), lengths: $1) }, other: { $0 })
    }

    /// Decodes one packet and hands a TCP segment straight to `tcp` (with the header sizes), any
    /// other result to `other`: what `decode(_:)` returns, without wrapping the common segment in a
    /// `DecodedPacket` that the caller takes apart at once (inlined, this copies nothing).
    @inlinable
    public mutating func decode<Result>(_ packet: CapturedPacket, tcp: (TCPSegment, LayerLengths) -> Result,
                                        other: (DecodedPacket) -> Result) -> Result {
        // The headers are walked into plain numbers first and the result is built once at the end:
        // this runs for every packet, and building results along the way copied them several times.
        var headers = Headers()
        let verdict = walk(packet, &headers)
        guard case .tcp = verdict else { return other(Self.result(verdict, headers, packet)) }
        return tcp(headers.segment(of: packet), headers.lengths)
    }

    /// Every result but a TCP segment's.
    @usableFromInline @inline(never)
    static func result(_ verdict: Verdict, _ headers: Headers, _ packet: CapturedPacket) -> DecodedPacket {
        switch verdict {
        case .tcp:
            DecodedPacket(content: .tcp(headers.segment(of: packet)), lengths: headers.lengths)
        case .ipFragment:
            DecodedPacket(content: .ipFragment, lengths: headers.lengths)
        case .otherIP(let protocolNumber):
            DecodedPacket(content: .otherIP(protocolNumber), lengths: headers.lengths)
        case .notIP(let kind):
            DecodedPacket(content: .notIP(kind.name), lengths: headers.lengths)
        case .malformed(let problem):
            DecodedPacket(content: .malformed(problem.reason(linkType: packet.linkType)), lengths: headers.lengths)
        case .unsupportedLinkType:
            DecodedPacket(content: .unsupportedLinkType, lengths: headers.lengths)
        }
    }

    /// What the walk found; the numbers are in `Headers`, the words are made only for the result.
    @usableFromInline
    enum Verdict {
        case tcp
        case ipFragment
        case otherIP(IPProtocol)
        case notIP(NotIP)
        case malformed(Malformation)
        case unsupportedLinkType
    }

    /// The header sizes found so far and, once the TCP header is reached, where it lies.
    @usableFromInline
    struct Headers {
        @usableFromInline var linkLength = 0
        @usableFromInline var ipLength = 0
        @usableFromInline var tcpLength = 0
        @usableFromInline var source = IPAddress.v4(0)
        @usableFromInline var destination = IPAddress.v4(0)
        /// The TCP header and the payload as captured.
        @usableFromInline var transport = UnsafeRawBufferPointer(start: nil, count: 0)
        /// Payload bytes announced but not captured.
        @usableFromInline var missing = 0

        @inlinable init() {}

        @inlinable var lengths: LayerLengths { LayerLengths(link: linkLength, ip: ipLength, tcp: tcpLength) }

        @inlinable @inline(__always)
        func segment(of packet: CapturedPacket) -> TCPSegment {
            TCPSegment(
                packetNumber: packet.number,
                timestamp: packet.timestamp,
                source: SocketAddress(address: source, port: transport.u16(0)),
                destination: SocketAddress(address: destination, port: transport.u16(2)),
                sequenceNumber: transport.u32(4),
                acknowledgmentNumber: transport.u32(8),
                flags: TCPFlags(rawValue: transport.u16(12) & 0x01ff),
                window: transport.u16(14),
                payload: transport.slice(tcpLength..<transport.count),
                missingPayloadLength: missing,
                headerLengths: lengths)
        }
    }

    /// Walks the headers down to TCP (not inlined into callers: only its verdict and numbers are).
    @usableFromInline
    mutating func walk(_ packet: CapturedPacket, _ headers: inout Headers) -> Verdict {
        let bytes = packet.bytes
        guard packet.linkType.isSupported else { return .unsupportedLinkType }
        guard let (linkLength, next) = LinkLayer.strip(bytes, linkType: packet.linkType) else {
            headers.linkLength = bytes.count
            return .malformed(.shorterThanLinkHeader)
        }
        headers.linkLength = linkLength
        let network = bytes.slice(linkLength..<bytes.count)
        switch next {
        case .ipv4:
            return walkIPv4(network, packet: packet.number, &headers)
        case .ipv6:
            return walkIPv6(network, packet: packet.number, &headers)
        case .ipByVersion:
            guard network.count >= 1 else { return .malformed(.emptyRawIP) }
            switch network.u8(0) >> 4 {
            case 4: return walkIPv4(network, packet: packet.number, &headers)
            case 6: return walkIPv6(network, packet: packet.number, &headers)
            default: return .malformed(.rawIPVersion(network.u8(0) >> 4))
            }
        case .other(let kind):
            return .notIP(kind)
        }
    }

    // MARK: IPv4

    @inline(__always)
    private mutating func walkIPv4(_ bytes: UnsafeRawBufferPointer, packet: UInt64, _ headers: inout Headers) -> Verdict {
        guard bytes.count >= 20 else { return .malformed(.ipv4HeaderCutOff(captured: bytes.count)) }
        let versionAndLength = bytes.u8(0)
        guard versionAndLength >> 4 == 4 else { return .malformed(.ipv4Version(versionAndLength >> 4)) }
        let headerLength = Int(versionAndLength & 0x0f) * 4
        guard headerLength >= 20 else { return .malformed(.ipv4HeaderLength(headerLength)) }
        guard bytes.count >= headerLength else { return .malformed(.ipv4OptionsCutOff) }
        headers.ipLength = headerLength
        var totalLength = Int(bytes.u16(2))
        // TSO/GSO on loopback (BIG TCP) writes 0 into the total length: the capture length is all we have.
        if totalLength == 0 { totalLength = bytes.count }
        guard totalLength >= headerLength else { return .malformed(.ipv4TotalLength(totalLength)) }
        headers.source = .v4(bytes.u32(12))
        headers.destination = .v4(bytes.u32(16))
        let protocolNumber = IPProtocol(rawValue: bytes.u8(9))
        let flagsAndOffset = bytes.u16(6)
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragmentOffset = Int(flagsAndOffset & 0x1fff) * 8
        let capturedEnd = min(totalLength, bytes.count)
        let payload = bytes.slice(headerLength..<capturedEnd)
        let missing = totalLength - capturedEnd

        if moreFragments || fragmentOffset != 0 {
            guard missing == 0 else { return .malformed(.ipv4FragmentCutOff) }
            let key = FragmentReassembler.Key(source: headers.source, destination: headers.destination,
                                              identification: UInt32(bytes.u16(4)), protocolNumber: protocolNumber.rawValue)
            guard fragments.add(key: key, offset: fragmentOffset, moreFragments: moreFragments, bytes: payload,
                                packet: packet) else {
                return .ipFragment
            }
            return walkTCP(protocolNumber, fragments.completedPayload, missing: 0, &headers)
        }
        return walkTCP(protocolNumber, payload, missing: missing, &headers)
    }

    // MARK: IPv6

    private mutating func walkIPv6(_ bytes: UnsafeRawBufferPointer, packet: UInt64, _ headers: inout Headers) -> Verdict {
        guard bytes.count >= 40 else { return .malformed(.ipv6HeaderCutOff(captured: bytes.count)) }
        guard bytes.u8(0) >> 4 == 6 else { return .malformed(.ipv6Version(bytes.u8(0) >> 4)) }
        var payloadLength = Int(bytes.u16(4))
        // A jumbogram or a GSO packet on loopback announces 0: take what was captured.
        if payloadLength == 0 { payloadLength = bytes.count - 40 }
        headers.source = .v6(high: bytes.u64(8), low: bytes.u64(16))
        headers.destination = .v6(high: bytes.u64(24), low: bytes.u64(32))
        var next = IPProtocol(rawValue: bytes.u8(6))
        var offset = 40
        let end = 40 + payloadLength
        var fragment: (offset: Int, more: Bool, identification: UInt32)?

        // Walk the extension headers up to the transport header.
        extensionLoop: while true {
            switch next {
            case .hopByHop, .ipv6Routing, .ipv6DestinationOptions:
                guard bytes.count >= offset + 2 else { return .malformed(.ipv6ExtensionHeaderCutOff) }
                let length = (Int(bytes.u8(offset + 1)) + 1) * 8
                next = IPProtocol(rawValue: bytes.u8(offset))
                offset += length
            case .authenticationHeader:
                guard bytes.count >= offset + 2 else { return .malformed(.ipv6AuthenticationHeaderCutOff) }
                let length = (Int(bytes.u8(offset + 1)) + 2) * 4
                next = IPProtocol(rawValue: bytes.u8(offset))
                offset += length
            case .ipv6Fragment:
                guard bytes.count >= offset + 8 else { return .malformed(.ipv6FragmentHeaderCutOff) }
                let field = bytes.u16(offset + 2)
                fragment = (Int(field & 0xfff8), field & 1 != 0, bytes.u32(offset + 4))
                next = IPProtocol(rawValue: bytes.u8(offset))
                offset += 8
            default:
                break extensionLoop
            }
            guard offset <= end else { return .malformed(.ipv6ExtensionHeadersLongerThanPayload) }
        }
        headers.ipLength = offset
        guard bytes.count >= offset else { return .malformed(.ipv6ExtensionHeadersCutOff) }
        let capturedEnd = min(end, bytes.count)
        let payload = bytes.slice(offset..<max(offset, capturedEnd))
        let missing = end - max(offset, capturedEnd)

        if let fragment, fragment.more || fragment.offset != 0 {
            guard missing == 0 else { return .malformed(.ipv6FragmentCutOff) }
            let key = FragmentReassembler.Key(source: headers.source, destination: headers.destination,
                                              identification: fragment.identification, protocolNumber: next.rawValue)
            guard fragments.add(key: key, offset: fragment.offset, moreFragments: fragment.more, bytes: payload,
                                packet: packet) else {
                return .ipFragment
            }
            return walkTCP(next, fragments.completedPayload, missing: 0, &headers)
        }
        return walkTCP(next, payload, missing: missing, &headers)
    }

    // MARK: TCP

    @inline(__always)
    private func walkTCP(_ protocolNumber: IPProtocol, _ bytes: UnsafeRawBufferPointer, missing: Int,
                         _ headers: inout Headers) -> Verdict {
        guard protocolNumber == .tcp else { return .otherIP(protocolNumber) }
        guard bytes.count >= 20 else { return .malformed(missing > 0 ? .tcpHeaderCutOffBySnaplen : .tcpHeaderShort) }
        let headerLength = Int(bytes.u8(12) >> 4) * 4
        guard headerLength >= 20 else { return .malformed(.tcpDataOffset(headerLength)) }
        guard bytes.count >= headerLength else {
            return .malformed(missing > 0 ? .tcpOptionsCutOffBySnaplen : .tcpHeaderLongerThanSegment)
        }
        headers.tcpLength = headerLength
        headers.transport = bytes
        headers.missing = missing
        return .tcp
    }
}

/// Why a packet's headers do not hold together. Worded only when it happens: the walk over every
/// packet's headers stays free of strings.
@usableFromInline
enum Malformation {
    case shorterThanLinkHeader
    case emptyRawIP
    case rawIPVersion(UInt8)
    case ipv4HeaderCutOff(captured: Int)
    case ipv4Version(UInt8)
    case ipv4HeaderLength(Int)
    case ipv4OptionsCutOff
    case ipv4TotalLength(Int)
    case ipv4FragmentCutOff
    case ipv6HeaderCutOff(captured: Int)
    case ipv6Version(UInt8)
    case ipv6ExtensionHeaderCutOff
    case ipv6AuthenticationHeaderCutOff
    case ipv6FragmentHeaderCutOff
    case ipv6ExtensionHeadersLongerThanPayload
    case ipv6ExtensionHeadersCutOff
    case ipv6FragmentCutOff
    case tcpHeaderCutOffBySnaplen
    case tcpHeaderShort
    case tcpDataOffset(Int)
    case tcpOptionsCutOffBySnaplen
    case tcpHeaderLongerThanSegment

    /// The reason in words, with its catalog key (`finding.analysis.malformed-packet.<case>`) and arguments.
    func reason(linkType: LinkType) -> MalformedPacket {
        func said(_ english: String, _ name: String, _ arguments: [MessageArgument] = []) -> MalformedPacket {
            MalformedPacket(description: english, messageKey: "finding.analysis.malformed-packet." + name, arguments: arguments)
        }
        return switch self {
        case .shorterThanLinkHeader: said("packet shorter than its \(linkType.name) header", "shorterThanLinkHeader", [.text(linkType.name)])
        case .emptyRawIP: said("empty raw IP packet", "emptyRawIP")
        case .rawIPVersion(let version): said("raw IP packet with IP version \(version)", "rawIPVersion", [.number(Int(version))])
        case .ipv4HeaderCutOff(let captured):
            said("IPv4 header cut off (\(captured) bytes captured)", "ipv4HeaderCutOff", [.number(captured)])
        case .ipv4Version(let version): said("IPv4 header with version \(version)", "ipv4Version", [.number(Int(version))])
        case .ipv4HeaderLength(let length): said("IPv4 header length \(length) below 20", "ipv4HeaderLength", [.number(length)])
        case .ipv4OptionsCutOff: said("IPv4 options cut off", "ipv4OptionsCutOff")
        case .ipv4TotalLength(let length):
            said("IPv4 total length \(length) below its header length", "ipv4TotalLength", [.number(length)])
        case .ipv4FragmentCutOff: said("IPv4 fragment cut off by the snapshot length", "ipv4FragmentCutOff")
        case .ipv6HeaderCutOff(let captured):
            said("IPv6 header cut off (\(captured) bytes captured)", "ipv6HeaderCutOff", [.number(captured)])
        case .ipv6Version(let version): said("IPv6 header with version \(version)", "ipv6Version", [.number(Int(version))])
        case .ipv6ExtensionHeaderCutOff: said("IPv6 extension header cut off", "ipv6ExtensionHeaderCutOff")
        case .ipv6AuthenticationHeaderCutOff: said("IPv6 authentication header cut off", "ipv6AuthenticationHeaderCutOff")
        case .ipv6FragmentHeaderCutOff: said("IPv6 fragment header cut off", "ipv6FragmentHeaderCutOff")
        case .ipv6ExtensionHeadersLongerThanPayload:
            said("IPv6 extension headers longer than the payload length", "ipv6ExtensionHeadersLongerThanPayload")
        case .ipv6ExtensionHeadersCutOff: said("IPv6 extension headers cut off", "ipv6ExtensionHeadersCutOff")
        case .ipv6FragmentCutOff: said("IPv6 fragment cut off by the snapshot length", "ipv6FragmentCutOff")
        case .tcpHeaderCutOffBySnaplen: said("TCP header cut off by the snapshot length", "tcpHeaderCutOffBySnaplen")
        case .tcpHeaderShort: said("TCP header shorter than 20 bytes", "tcpHeaderShort")
        case .tcpDataOffset(let length): said("TCP data offset \(length) below 20", "tcpDataOffset", [.number(length)])
        case .tcpOptionsCutOffBySnaplen: said("TCP options cut off by the snapshot length", "tcpOptionsCutOffBySnaplen")
        case .tcpHeaderLongerThanSegment: said("TCP header longer than the segment", "tcpHeaderLongerThanSegment")
        }
    }
}
