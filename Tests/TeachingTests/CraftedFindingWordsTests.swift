import Analysis
import CaptureCrafting
import Foundation
import HTTPUpgrade
import Localization
import PacketCapture
import PacketDecoding
import Testing
import WireBytes
@testable import Teaching

/// Findings the bundled captures do not raise, raised on purpose: HTTP that breaks its syntax, a
/// Sec-WebSocket-Extensions list that breaks its grammar, and packets whose headers do not hold
/// together. Each is written with the capture writer and analysed like any capture; every finding
/// must carry a message key whose English is the decoder's message and whose German differs.
@Suite("Catalog words of crafted findings")
struct CraftedFindingWordsTests {
    static let english = Style(language: .en)
    static let german = Style(language: .de)

    static let httpKeys = [
        "finding.handshake.bare-line-feed", "finding.handshake.obsolete-line-folding",
        "finding.handshake.malformed-http.noColon", "finding.handshake.malformed-http.nameNotToken",
        "finding.handshake.malformed-http.foldWithoutField", "finding.handshake.malformed-http.requestLine",
        "finding.handshake.malformed-http.statusLine", "finding.handshake.malformed-http.transferEncoding",
        "finding.handshake.malformed-http.contentLength", "finding.handshake.malformed-http.chunkDataEnd",
        "finding.handshake.malformed-http.chunkSizeLineTooLong", "finding.handshake.malformed-http.chunkSize",
    ]
    static let extensionKeys = ["nameNotToken", "emptyParameter", "parameterNotToken", "parameterNameNotToken",
                                "brokenQuotedValue", "valueNotToken"].map { "finding.handshake.extension-syntax." + $0 }
    static let packetKeys = [
        "shorterThanLinkHeader", "emptyRawIP", "rawIPVersion", "ipv4HeaderCutOff", "ipv4Version", "ipv4HeaderLength",
        "ipv4OptionsCutOff", "ipv4TotalLength", "ipv4FragmentCutOff", "ipv6HeaderCutOff", "ipv6Version",
        "ipv6ExtensionHeaderCutOff", "ipv6AuthenticationHeaderCutOff", "ipv6FragmentHeaderCutOff",
        "ipv6ExtensionHeadersLongerThanPayload", "ipv6ExtensionHeadersCutOff", "ipv6FragmentCutOff",
        "tcpHeaderCutOffBySnaplen", "tcpHeaderShort", "tcpDataOffset", "tcpOptionsCutOffBySnaplen", "tcpHeaderLongerThanSegment",
    ].map { "finding.analysis.malformed-packet." + $0 }

    /// One plain HTTP connection (its own client port) carrying what each side sends.
    static func http(port: UInt16, client: String, server: String = "") -> [CraftedPacket] {
        var tcp = TCPConversation(client: .ipv4("10.0.0.1", port), server: .ipv4("10.0.0.2", 80))
        tcp.handshake()
        tcp.send(Array(client.utf8), from: .client)
        if !server.isEmpty { tcp.send(Array(server.utf8), from: .server) }
        tcp.close()
        return tcp.packets
    }

    static func httpPackets() -> [CraftedPacket] {
        let ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        var ws = WebSocketConversation(client: .ipv4("10.0.0.1", 41000), server: .ipv4("10.0.0.2", 80))
        ws.upgrade(host: "h", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", requestHeaders: [
            "Sec-WebSocket-Extensions: b@d", "Sec-WebSocket-Extensions: x;;y", "Sec-WebSocket-Extensions: x; p@r",
            "Sec-WebSocket-Extensions: x; n@me=1", "Sec-WebSocket-Extensions: x; v=a@b", "Sec-WebSocket-Extensions: x; v=\"abc",
            // Not ASCII: the same grammar, over Strings.
            "Sec-WebSocket-Extensions: é@", "Sec-WebSocket-Extensions: x; v=é",
        ])
        return http(port: 40001, client: "GET /a HTTP/1.1\r\n X-Lead: 1\r\nNoColonHere\r\nBad Name: x\r\nHost: h\r\nX-Fold: a\r\n  b\r\nX-Bare: 1\n\r\n",
                    server: ok)
            + http(port: 40002, client: "GET /b HTTP/1.1\r\r\nHost: h\r\n\r\n", server: "HTTP/1.1 2x0 OK\r\n\r\n")
            + http(port: 40003, client: "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
                   server: "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\n")
            + http(port: 40004, client: "POST /d HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY",
                   server: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            + http(port: 40005, client: "POST /e HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "a", count: 5_000))
            + ws.tcp.packets
    }

    /// An IPv4 header (no checksum: the decoder does not check it) followed by `payload`.
    static func ipv4(first: UInt8 = 0x45, totalLength: Int? = nil, flagsAndOffset: UInt16 = 0, protocolNumber: UInt8 = 6,
                     payload: [UInt8] = []) -> [UInt8] {
        let total = totalLength ?? 20 + payload.count
        return [first, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 1, UInt8(flagsAndOffset >> 8), UInt8(flagsAndOffset & 0xff),
                64, protocolNumber, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2] + payload
    }

    /// An IPv6 header claiming `payloadLength` bytes after it, followed by `rest`.
    static func ipv6(first: UInt8 = 0x60, payloadLength: Int, next: UInt8, rest: [UInt8] = []) -> [UInt8] {
        [first, 0, 0, 0, UInt8(payloadLength >> 8), UInt8(payloadLength & 0xff), next, 64]
            + [UInt8](repeating: 0, count: 15) + [1] + [UInt8](repeating: 0, count: 15) + [2] + rest
    }

    /// A 20-byte TCP header whose data offset says `headerLength` bytes.
    static func tcpHeader(headerLength: Int) -> [UInt8] {
        [0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, UInt8(headerLength / 4) << 4, 0x18, 0xff, 0xff, 0, 0, 0, 0]
    }

    static func ethernetPackets() -> [[UInt8]] {
        let v4: [[UInt8]] = [
            [UInt8](repeating: 0x45, count: 10),                                    // IPv4 header cut off
            ipv4(first: 0x55),                                                      // version 5
            ipv4(first: 0x44),                                                      // header length 16
            ipv4(first: 0x4f),                                                      // 60-byte header, 20 captured
            ipv4(totalLength: 10),                                                  // total length below 20
            ipv4(totalLength: 100, flagsAndOffset: 0x2000, payload: [UInt8](repeating: 0, count: 8)),   // fragment cut off
            ipv4(payload: [UInt8](repeating: 0, count: 10)),                        // TCP header shorter than 20
            ipv4(totalLength: 80, payload: [UInt8](repeating: 0, count: 10)),       // TCP header cut off by the snaplen
            ipv4(payload: tcpHeader(headerLength: 16)),                             // data offset 16
            ipv4(totalLength: 100, payload: tcpHeader(headerLength: 60)),           // options cut off by the snaplen
            ipv4(payload: tcpHeader(headerLength: 60)),                             // header longer than the segment
        ]
        let v6: [[UInt8]] = [
            [0x60] + [UInt8](repeating: 0, count: 10),                              // IPv6 header cut off
            ipv6(first: 0x70, payloadLength: 0, next: 6),                           // version 7
            ipv6(payloadLength: 8, next: 0),                                        // hop-by-hop header cut off
            ipv6(payloadLength: 8, next: 51),                                       // authentication header cut off
            ipv6(payloadLength: 8, next: 44, rest: [6, 0]),                         // fragment header cut off
            ipv6(payloadLength: 8, next: 0, rest: [6, 1, 0, 0, 0, 0, 0, 0]),        // 16-byte extension in 8 payload bytes
            ipv6(payloadLength: 100, next: 0, rest: [6, 1, 0, 0, 0, 0, 0, 0]),      // 16-byte extension, 8 captured
            ipv6(payloadLength: 100, next: 44, rest: [6, 0, 0, 1, 0, 0, 0, 7] + [UInt8](repeating: 0, count: 10)),   // fragment cut off
        ]
        return [[UInt8](repeating: 0, count: 10)]                                   // shorter than the Ethernet header
            + v4.map { unpadded($0, .ipv4) } + v6.map { unpadded($0, .ipv6) }
    }

    /// An Ethernet frame as the sending host captures it, before the padding to 60 bytes (which
    /// would give a cut-off header the bytes it lacks).
    static func unpadded(_ payload: [UInt8], _ etherType: EtherType) -> [UInt8] {
        Array(PacketBuilder.ethernet(payload, etherType: etherType).prefix(14 + payload.count))
    }

    /// The findings of a capture written with the capture writer.
    static func findings(_ packets: [CraftedPacket], linkType: LinkType) throws -> [Finding] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TCPConversation.write(packets, linkType: linkType, to: path)
        var findings: [Finding] = []
        _ = try CaptureAnalyzer().analyze(path: path) { event in
            if case .finding(let record) = event { findings.append(record.finding) }
        }
        return findings
    }

    static func packet(_ bytes: [UInt8], _ index: Int) -> CraftedPacket {
        CraftedPacket(bytes: bytes, timestamp: CaptureTimestamp(seconds: 1_700_000_100 + Int64(index), nanoseconds: 0), from: .client,
                      streamOffset: 0, payload: [])
    }

    @Test("HTTP syntax, extension grammar and malformed packets: each raised, keyed, English as the decoder says it, German differs")
    func craftedFindingsAreKeyed() throws {
        let ethernet = try Self.findings(Self.httpPackets() + Self.ethernetPackets().enumerated().map { Self.packet($1, $0) },
                                         linkType: .ethernet)
        // DLT_RAW: libpcap writes it to the file as LINKTYPE_RAW (101), which it will not take directly.
        let raw = try Self.findings([Self.packet([], 0), Self.packet([0x50] + [UInt8](repeating: 0, count: 30), 1)], linkType: .rawBSD)
        var seen: Set<String> = []
        for finding in ethernet + raw {
            guard let key = finding.messageKey else {
                Issue.record("\(finding.rule.id) has no message key: \(finding.message)")
                continue
            }
            seen.insert(key)
            CatalogWordsTests.expectKey(key)
            let english = Self.english.tr(key, arguments: FindingWords.arguments(finding, style: Self.english))
            #expect(english == finding.message, "\(key) says \"\(english)\", the decoder \"\(finding.message)\"")
            let german = FindingWords.rawMessage(finding, style: Self.german)
            #expect(german != finding.message && !german.isEmpty, "\(key) is not German: \(german)")
        }
        for key in Self.httpKeys + Self.extensionKeys + Self.packetKeys {
            #expect(seen.contains(key), "no crafted input raised \(key)")
        }
    }

    @Test("German words of a few of them, literally")
    func germanLiterally() throws {
        var findings: [Finding] = []
        _ = WebSocketExtensionOffer.parseList(["permessage-deflate; client_max_window_bits=\"1", "x;;y"], findings: &findings)
        #expect(findings.map { FindingWords.rawMessage($0, style: Self.german) } == [
            "permessage-deflate: der Wert von client_max_window_bits ist ein kaputter Quoted-String: \"1",
            "x: ein leerer Parameter (\";;\" oder ein \";\" am Ende)",
        ])
        #expect(findings.map(\.message) == [
            "permessage-deflate: the value of client_max_window_bits is a broken quoted string: \"1",
            "x: an empty parameter (\";;\" or a trailing \";\")",
        ], "JSON keeps the English")
        let packets = try Self.findings([Self.packet([UInt8](repeating: 0, count: 10), 0)], linkType: .ethernet)
        #expect(packets.map { FindingWords.rawMessage($0, style: Self.german) } == ["Paket kürzer als sein Link-Header (Ethernet)"])
    }
}
