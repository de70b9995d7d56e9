import Foundation
import TestSupport
import Testing

/// `wslens overhead`: every captured byte accounted once, and per-layer totals equal tshark's.
@Suite(.serialized) struct OverheadTests {
    static func overhead(_ capture: String) throws -> (connections: [[String: Any]], totals: [String: Any]) {
        let result = try CLI.run(["overhead", CLI.capture(capture), "--format", "json"])
        let objects = result.stdout.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        return (objects.filter { $0["type"] as? String == "connection" }, objects.first { $0["type"] as? String == "totals" } ?? [:])
    }

    static func number(_ object: [String: Any], _ key: String) -> Int { (object[key] as? NSNumber)?.intValue ?? -1 }

    /// The byte fields of an overhead `tls` object, added: every TCP payload byte delivered once.
    static func tlsBytes(_ tls: [String: Any]) -> Int {
        tls.filter { $0.key.hasSuffix("Bytes") }.map { number(tls, $0.key) }.reduce(0, +)
    }

    @Test(arguments: TsharkComparisonTests.captures)
    func everyCapturedByteIsCountedOnce(capture: String) throws {
        let (connections, totals) = try Self.overhead(capture)
        let captured = Self.number(totals, "capturedBytes")
        let file = try FileManager.default.attributesOfItem(atPath: CLI.capture(capture))[.size] as! Int
        #expect(captured > 0 && captured < file, "captured bytes must be the packets' bytes, not the file's headers")
        // Layers add up to the captured bytes ...
        let layers = ["linkHeaderBytes", "linkTrailerBytes", "ipHeaderBytes", "tcpHeaderBytes", "tcpPayloadBytes", "nonTCPBytes"]
            .map { Self.number(totals, $0) }.reduce(0, +)
        #expect(layers == captured, "\(capture): layers add up to \(layers), captured \(captured)")
        // ... the connections' bytes and the non-TCP packets add up to the whole capture ...
        let perConnection = connections.map { Self.number($0, "capturedBytes") }.reduce(0, +)
        #expect(perConnection + Self.number(totals, "nonTCPBytes") == captured)
        #expect(connections.map { Self.number($0, "packets") }.reduce(0, +) + Self.number(totals, "nonTCPPackets") == Self.number(totals, "packets"))
        // ... and inside each connection's TCP payload, HTTP and WebSocket bytes account for every byte
        // of a connection that was decoded completely.
        // Plain HTTP: the exchanges listed add up to the connection's HTTP header and body bytes.
        for connection in connections where connection["websocket"] as? Bool == false && Self.number(connection, "httpExchanges") > 0 {
            let exchanges = connection["exchanges"] as! [[String: Any]]
            #expect(exchanges.count == Self.number(connection, "httpExchanges"))
            let heads = exchanges.map { Self.number($0, "requestHeadBytes") + Self.number($0, "responseHeadBytes") }.reduce(0, +)
            let bodies = exchanges.map { Self.number($0, "requestBodyBytes") + Self.number($0, "responseBodyBytes") }.reduce(0, +)
            #expect(heads == Self.number(connection, "httpHeaderBytes"), "\(capture) connection \(connection["connection"]!)")
            #expect(bodies == Self.number(connection, "httpBodyBytes"), "\(capture) connection \(connection["connection"]!)")
        }
        for connection in connections where connection["websocket"] as? Bool == true {
            let inside = ["handshakeBytes", "httpHeaderBytes", "httpBodyBytes", "wsHeaderBytes", "wsPayloadBytes"]
                .map { Self.number(connection, $0) }.reduce(0, +)
            let retransmitted = Self.number(connection, "retransmittedBytes")
            if let tls = connection["tls"] as? [String: Any] {
                // wss: TLS's rows and its application data add up to the TCP payload, and HTTP and
                // WebSocket to the application data.
                #expect(Self.tlsBytes(tls) + retransmitted == Self.number(connection, "tcpPayloadBytes"),
                        "\(capture) connection \(connection["connection"]!): TLS rows")
                #expect(inside == Self.number(tls, "applicationDataBytes"), "\(capture) connection \(connection["connection"]!)")
            } else {
                #expect(inside + retransmitted == Self.number(connection, "tcpPayloadBytes"), "\(capture) connection \(connection["connection"]!)")
            }
        }
    }

    @Test(.needs(.tshark), arguments: TsharkComparisonTests.captures)
    func layerTotalsAgreeWithTshark(capture: String) throws {
        let text = try CLI.tool(.tshark, "tshark", ["-r", CLI.capture(capture), "-T", "fields", "-E", "separator=\t",
                                                    "-e", "frame.cap_len", "-e", "ip.hdr_len", "-e", "ip.len", "-e", "ipv6.plen",
                                                    "-e", "tcp.hdr_len", "-e", "tcp.len"])
        var captured = 0, ipHeaders = 0, tcpHeaders = 0, tcpPayload = 0, ipPackets = 0, linkAndTrailer = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { Int($0) }
            guard fields.count == 6, let length = fields[0] else { continue }
            captured += length
            guard fields[4] != nil else { continue }   // not TCP
            let ipLength = fields[1].map { _ in fields[2]! } ?? (fields[3]! + 40)
            ipHeaders += fields[1] ?? 40
            tcpHeaders += fields[4]!
            tcpPayload += fields[5]!
            linkAndTrailer += length - ipLength
            ipPackets += 1
        }
        let (_, totals) = try Self.overhead(capture)
        #expect(Self.number(totals, "capturedBytes") == captured, "frame.cap_len")
        #expect(Self.number(totals, "ipHeaderBytes") == ipHeaders, "ip.hdr_len / ipv6")
        #expect(Self.number(totals, "tcpHeaderBytes") == tcpHeaders, "tcp.hdr_len")
        #expect(Self.number(totals, "tcpPayloadBytes") == tcpPayload, "tcp.len")
        #expect(Self.number(totals, "linkHeaderBytes") + Self.number(totals, "linkTrailerBytes") == linkAndTrailer, "link layer")
        #expect(ipPackets > 0)
    }

    @Test func pollingVersusWebSocketGoldens() throws {
        for format in ["text", "markdown", "json"] {
            let result = try CLI.run(["overhead", CLI.capture("polling-vs-websocket.pcap"), "--format", format])
            #expect(result.status == 0)
            try Golden.check(result.stdout, named: "overhead-polling-vs-websocket.\(format == "markdown" ? "md" : format)")
        }
        let seed = try CLI.run(["overhead", CLI.capture("seed-examples.pcap")])
        try Golden.check(seed.stdout, named: "overhead-seed-examples.txt")
    }
}
