import CaptureCrafting
import PacketCapture
import PacketDecoding
import Testing

/// What a decoded TCP segment looked like, copied out of the borrowed buffer.
struct SegmentSummary: Equatable {
    var source: String
    var destination: String
    var sequence: UInt32
    var flags: TCPFlags
    var payload: [UInt8]
    var missing: Int
    var lengths: LayerLengths
}

enum Outcome: Equatable {
    case tcp(SegmentSummary)
    case fragment
    case otherIP(UInt8)
    case notIP(String)
    case malformed
    case unsupported
}

func decode(_ bytes: [UInt8], linkType: LinkType, number: UInt64 = 1, decoder: inout PacketDecoder,
            originalLength: Int? = nil) -> Outcome {
    bytes.withUnsafeBytes { raw in
        let packet = CapturedPacket(number: number, timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0),
                                    linkType: linkType, capturedLength: raw.count,
                                    originalLength: originalLength ?? raw.count, bytes: raw)
        let decoded = decoder.decode(packet)
        switch decoded.content {
        case .tcp(let segment):
            return .tcp(SegmentSummary(source: segment.source.description, destination: segment.destination.description,
                                       sequence: segment.sequenceNumber, flags: segment.flags, payload: Array(segment.payload),
                                       missing: segment.missingPayloadLength, lengths: decoded.lengths))
        case .ipFragment: return .fragment
        case .otherIP(let proto): return .otherIP(proto.rawValue)
        case .notIP(let name): return .notIP(name)
        case .malformed: return .malformed
        case .unsupportedLinkType: return .unsupported
        }
    }
}

@Suite struct PacketDecoderTests {
    let client4 = SocketAddress.ipv4("192.168.1.10", 51000)
    let server4 = SocketAddress.ipv4("192.168.1.20", 8765)
    let client6 = SocketAddress.ipv6(0x2001_0db8_0000_0000, 0x0000_0000_0000_0010, 51000)
    let server6 = SocketAddress.ipv6(0, 1, 8765)
    let payload = Array("GET /chat HTTP/1.1\r\n".utf8)

    private func tcpPacket(_ client: SocketAddress, _ server: SocketAddress) -> [UInt8] {
        PacketBuilder.ipTCP(source: client, destination: server, sequenceNumber: 4242, acknowledgmentNumber: 7,
                            flags: [.ack, .psh], payload: payload)
    }

    @Test(arguments: LinkFraming.allCases)
    func everyLinkTypeDecodesIPv4AndIPv6(framing: LinkFraming) {
        for (client, server) in [(client4, server4), (client6, server6)] {
            var decoder = PacketDecoder()
            let outcome = decode(framing.frame(tcpPacket(client, server)), linkType: framing.linkType, decoder: &decoder)
            guard case .tcp(let segment) = outcome else {
                Issue.record("\(framing) \(client): expected TCP, got \(outcome)")
                continue
            }
            #expect(segment.source == client.description)
            #expect(segment.destination == server.description)
            #expect(segment.sequence == 4242)
            #expect(segment.flags == [.ack, .psh])
            #expect(segment.payload == payload)
            #expect(segment.missing == 0)
            #expect(segment.lengths.ip == (client.address.isIPv6 ? 40 : 20))
            #expect(segment.lengths.tcp == 20)
        }
    }

    @Test func linkHeaderLengths() {
        let expected: [LinkFraming: Int] = [.ethernet: 14, .ethernetVLAN: 22, .linuxSLL: 16, .linuxSLL2: 20,
                                            .nullLittleEndian: 4, .nullBigEndian: 4, .loop: 4, .raw: 0]
        for framing in LinkFraming.allCases {
            var decoder = PacketDecoder()
            guard case .tcp(let segment) = decode(framing.frame(tcpPacket(client4, server4)), linkType: framing.linkType,
                                                  decoder: &decoder) else {
                Issue.record("\(framing) did not decode")
                continue
            }
            #expect(segment.lengths.link == expected[framing], "\(framing)")
        }
    }

    @Test func ethernetPaddingIsNotPayload() {
        let bare = PacketBuilder.ipTCP(source: client4, destination: server4, sequenceNumber: 1, acknowledgmentNumber: 1,
                                       flags: .ack, payload: [])
        let frame = PacketBuilder.ethernet(bare, etherType: .ipv4)
        #expect(frame.count == 60)
        var decoder = PacketDecoder()
        guard case .tcp(let segment) = decode(frame, linkType: .ethernet, decoder: &decoder) else {
            Issue.record("not decoded")
            return
        }
        #expect(segment.payload.isEmpty)
    }

    @Test func ipv4OptionsAndTCPOptionsAreSkipped() {
        let tcp = PacketBuilder.tcp(source: client4, destination: server4, sequenceNumber: 9, acknowledgmentNumber: 0,
                                    flags: .syn, options: [2, 4, 0x05, 0xb4, 1, 3, 3, 7], payload: [])
        guard case .v4(let from) = client4.address, case .v4(let to) = server4.address else { return }
        let ip = PacketBuilder.ipv4(source: from, destination: to, protocolNumber: .tcp, payload: tcp + payload,
                                    options: [0x94, 0x04, 0, 0])
        var decoder = PacketDecoder()
        guard case .tcp(let segment) = decode(ip, linkType: .raw, decoder: &decoder) else {
            Issue.record("not decoded")
            return
        }
        #expect(segment.lengths.ip == 24)
        #expect(segment.lengths.tcp == 28)
        #expect(segment.payload == payload)
    }

    @Test func ipv4FragmentsAreReassembledInAnyOrder() {
        let body = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let tcp = PacketBuilder.tcp(source: client4, destination: server4, sequenceNumber: 77, acknowledgmentNumber: 1,
                                    flags: .ack, payload: body)
        guard case .v4(let from) = client4.address, case .v4(let to) = server4.address else { return }
        let cuts = [0, 1480, 2960, tcp.count]
        var fragments: [[UInt8]] = []
        for index in 0..<3 {
            fragments.append(PacketBuilder.ipv4(source: from, destination: to, protocolNumber: .tcp,
                                                payload: Array(tcp[cuts[index]..<cuts[index + 1]]), identification: 99,
                                                fragmentOffset: cuts[index], moreFragments: index < 2))
        }
        var decoder = PacketDecoder()
        #expect(decode(fragments[2], linkType: .ipv4, number: 1, decoder: &decoder) == .fragment)
        #expect(decode(fragments[0], linkType: .ipv4, number: 2, decoder: &decoder) == .fragment)
        guard case .tcp(let segment) = decode(fragments[1], linkType: .ipv4, number: 3, decoder: &decoder) else {
            Issue.record("datagram not completed")
            return
        }
        #expect(segment.sequence == 77)
        #expect(segment.payload == body)
    }

    @Test func ipv6ExtensionHeadersAndFragmentsAreWalked() {
        let tcp = PacketBuilder.tcp(source: client6, destination: server6, sequenceNumber: 5, acknowledgmentNumber: 1,
                                    flags: .ack, payload: payload)
        let withOptions = PacketBuilder.ipv6(source: (0x2001_0db8_0000_0000, 0x10), destination: (0, 1), nextHeader: .tcp,
                                             payload: tcp, extensions: [.options(.hopByHop), .options(.ipv6Routing, bodyLength: 14),
                                                                        .options(.ipv6DestinationOptions)])
        var decoder = PacketDecoder()
        guard case .tcp(let segment) = decode(withOptions, linkType: .ipv6, decoder: &decoder) else {
            Issue.record("not decoded")
            return
        }
        #expect(segment.payload == payload)
        #expect(segment.lengths.ip == 40 + 8 + 16 + 8)

        let first = PacketBuilder.ipv6(source: (0x2001_0db8_0000_0000, 0x10), destination: (0, 1), nextHeader: .tcp,
                                       payload: Array(tcp[0..<24]), extensions: [.fragment(offset: 0, more: true, identification: 7)])
        let second = PacketBuilder.ipv6(source: (0x2001_0db8_0000_0000, 0x10), destination: (0, 1), nextHeader: .tcp,
                                        payload: Array(tcp[24...]), extensions: [.fragment(offset: 24, more: false, identification: 7)])
        #expect(decode(first, linkType: .ipv6, number: 1, decoder: &decoder) == .fragment)
        guard case .tcp(let whole) = decode(second, linkType: .ipv6, number: 2, decoder: &decoder) else {
            Issue.record("IPv6 fragments not reassembled")
            return
        }
        #expect(whole.payload == payload)
    }

    @Test func snaplenTruncationReportsMissingBytes() {
        let frame = LinkFraming.ethernet.frame(tcpPacket(client4, server4))
        var decoder = PacketDecoder()
        guard case .tcp(let segment) = decode(Array(frame.prefix(64)), linkType: .ethernet, decoder: &decoder,
                                              originalLength: frame.count) else {
            Issue.record("not decoded")
            return
        }
        #expect(segment.payload == Array(payload.prefix(64 - 54)))
        #expect(segment.missing == payload.count - 10)
    }

    @Test func headersClaimingMoreThanCapturedNeverCrash() {
        let frame = LinkFraming.ethernet.frame(tcpPacket(client4, server4))
        var decoder = PacketDecoder()
        // Every prefix of a valid frame, and the frame with a lying IHL / data offset.
        for length in 0..<frame.count {
            _ = decode(Array(frame.prefix(length)), linkType: .ethernet, decoder: &decoder)
        }
        var lyingIHL = frame
        lyingIHL[14] = 0x4f
        #expect(decode(Array(lyingIHL.prefix(40)), linkType: .ethernet, decoder: &decoder) == .malformed)
        var lyingOffset = frame
        lyingOffset[14 + 20 + 12] = 0xf0
        #expect(decode(Array(lyingOffset.prefix(60)), linkType: .ethernet, decoder: &decoder) == .malformed)
    }

    @Test func nonTCPAndNonIPAreNamed() {
        var decoder = PacketDecoder()
        guard case .v4(let from) = client4.address, case .v4(let to) = server4.address else { return }
        let udp = PacketBuilder.ipv4(source: from, destination: to, protocolNumber: .udp, payload: [0, 53, 0, 53, 0, 8, 0, 0])
        #expect(decode(LinkFraming.ethernet.frame(udp), linkType: .ethernet, decoder: &decoder) == .otherIP(17))
        let arp = PacketBuilder.ethernet([UInt8](repeating: 0, count: 28), etherType: .arp)
        #expect(decode(arp, linkType: .ethernet, decoder: &decoder) == .notIP("ARP"))
    }

    /// The reasons are worded only once a packet is found malformed; the words stay the same.
    @Test func malformedPacketsSayWhy() {
        func reason(_ bytes: [UInt8], _ linkType: LinkType) -> String? {
            var decoder = PacketDecoder()
            return bytes.withUnsafeBytes { raw in
                let packet = CapturedPacket(number: 1, timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0), linkType: linkType,
                                            capturedLength: raw.count, originalLength: raw.count, bytes: raw)
                if case .malformed(let reason) = decoder.decode(packet).content { return reason.description }
                return nil
            }
        }
        var badOffset = LinkFraming.ethernet.frame(tcpPacket(client4, server4))
        badOffset[14 + 20 + 12] = 0x40   // TCP data offset 4 words
        #expect(reason(Array(repeating: 0, count: 10), .ethernet) == "packet shorter than its Ethernet header")
        #expect(reason(Array(repeating: 0x45, count: 10), .ipv4) == "IPv4 header cut off (10 bytes captured)")
        #expect(reason([0x50] + Array(repeating: 0, count: 30), .raw) == "raw IP packet with IP version 5")
        #expect(reason(badOffset, .ethernet) == "TCP data offset 16 below 20")
        #expect(reason([0x60] + Array(repeating: 0, count: 10), .ipv6) == "IPv6 header cut off (11 bytes captured)")
    }

    /// The callback form hands over the same segment `decode(_:)` returns, and everything else as is.
    @Test func callbackDecodingAgreesWithDecode() {
        let frames = [LinkFraming.ethernet.frame(tcpPacket(client4, server4)),
                      LinkFraming.ethernet.frame(tcpPacket(client6, server6)),
                      PacketBuilder.ethernet([UInt8](repeating: 0, count: 28), etherType: .arp)]
        for frame in frames {
            frame.withUnsafeBytes { raw in
                let packet = CapturedPacket(number: 7, timestamp: CaptureTimestamp(seconds: 3, nanoseconds: 4), linkType: .ethernet,
                                            capturedLength: raw.count, originalLength: raw.count, bytes: raw)
                var plain = PacketDecoder(), split = PacketDecoder()
                let decoded = plain.decode(packet)
                let viaCallbacks: String = split.decode(packet, tcp: { segment, lengths in
                    "tcp \(segment.source) \(segment.destination) \(segment.sequenceNumber) \(segment.payload.count) \(lengths)"
                }, other: { other in
                    "other \(other.content) \(other.lengths)"
                })
                if case .tcp(let segment) = decoded.content {
                    #expect(viaCallbacks == "tcp \(segment.source) \(segment.destination) \(segment.sequenceNumber) \(segment.payload.count) \(decoded.lengths)")
                    #expect(segment.headerLengths == decoded.lengths)
                } else {
                    #expect(viaCallbacks == "other \(decoded.content) \(decoded.lengths)")
                }
            }
        }
    }

    @Test func unsupportedLinkTypeIsReported() {
        var decoder = PacketDecoder()
        #expect(!LinkType(rawValue: 105).isSupported)
        #expect(decode([1, 2, 3], linkType: LinkType(rawValue: 105), decoder: &decoder) == .unsupported)
    }

    @Test func addressesPrintAsTheContractSays() {
        #expect(SocketAddress.ipv4("127.0.0.1", 8765).description == "127.0.0.1:8765")
        #expect(SocketAddress.ipv6(0, 1, 8765).description == "[::1]:8765")
        #expect(SocketAddress.ipv6(0x2001_0db8_0000_0000, 0x0000_0000_0000_0010, 80).description == "[2001:db8::10]:80")
        // RFC 5952: the longest run of two or more zero groups becomes "::"; a single zero group stays.
        #expect(IPAddress.v6(high: 0x2001_0db8_0001_0000, low: 0x0000_0001_0000_0001).description == "2001:db8:1::1:0:1")
        #expect(IPAddress.v6(high: 0x2001_0db8_0000_0001, low: 0x0001_0001_0001_0001).description == "2001:db8:0:1:1:1:1:1")
    }
}
