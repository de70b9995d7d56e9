import Foundation
import TestSupport
import Testing

/// `overhead` on wss: TLS is a layer of its own, whose rows (record headers, handshake, tags,
/// nonces, content types, alerts, what was not decrypted) and application data add up to the TCP
/// payload, with keys and without them, per direction and for the whole capture.
@Suite(.serialized) struct TLSOverheadTests {
    static func overhead(_ arguments: [String]) throws -> (connections: [[String: Any]], totals: [String: Any]) {
        let result = try CLI.run(["overhead"] + arguments + ["--format", "json"], removing: ["SSLKEYLOGFILE"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        return (objects.filter { $0["type"] as? String == "connection" }, objects.first { $0["type"] as? String == "totals" } ?? [:])
    }

    static let n = OverheadTests.number

    /// The TCP payload each direction delivered once: its payload minus what was sent again.
    static func delivered(_ object: [String: Any]) -> Int { n(object, "tcpPayloadBytes") - n(object, "retransmittedBytes") }

    @Test("the TLS rows add up to the TCP payload, per direction", arguments: WSSTests.captures)
    func rowsAddUp(_ name: String) throws {
        let (capture, keys) = WSSTests.paths(name)
        for withKeys in [true, false] {
            let (connections, totals) = try Self.overhead([capture] + (withKeys ? ["--keylog", keys] : []))
            #expect(!connections.isEmpty)
            var applicationData = 0
            for connection in connections {
                let tls = try #require(connection["tls"] as? [String: Any], "\(name): a TLS connection has a tls object")
                #expect(OverheadTests.tlsBytes(tls) == Self.delivered(connection), "\(name) keys \(withKeys)")
                for key in ["fromClient", "fromServer"] {
                    let direction = connection[key] as! [String: Any]
                    let part = direction["tls"] as! [String: Any]
                    #expect(OverheadTests.tlsBytes(part) == Self.delivered(direction), "\(name) \(key) keys \(withKeys)")
                }
                #expect(Self.n(tls, "recordHeaderBytes") == 5 * Self.n(tls, "records"))
                if withKeys {
                    // Everything decrypted; HTTP and WebSocket fill the application data exactly.
                    #expect(Self.n(tls, "undecryptedBytes") == 0 && Self.n(tls, "outsideRecordBytes") == 0)
                    // One tag per decrypted record, and beside it the suite's own overhead.
                    let decrypted = Self.n(tls, "tagBytes") / 16
                    #expect(Self.n(tls, "tagBytes") % 16 == 0 && decrypted >= Self.n(tls, "applicationDataRecords"))
                    switch name {
                    case _ where name.hasPrefix("wss-tls12-aes"):
                        #expect(Self.n(tls, "explicitNonceBytes") == 8 * decrypted && Self.n(tls, "contentTypeBytes") == 0)
                    case _ where name.hasPrefix("wss-tls12-chacha"):
                        #expect(Self.n(tls, "explicitNonceBytes") == 0 && Self.n(tls, "contentTypeBytes") == 0)
                    default:
                        #expect(Self.n(tls, "contentTypeBytes") == decrypted && Self.n(tls, "explicitNonceBytes") == 0)
                    }
                    let inside = ["handshakeBytes", "httpHeaderBytes", "httpBodyBytes", "wsHeaderBytes", "wsPayloadBytes"].map { Self.n(connection, $0) }
                    #expect(inside.reduce(0, +) == Self.n(tls, "applicationDataBytes"), "\(name)")
                    #expect(Self.n(tls, "applicationDataBytes") > 70_000)
                } else {
                    // Without keys nothing is decrypted: the protected records' bodies are counted as such.
                    #expect(Self.n(tls, "applicationDataBytes") == 0 && Self.n(tls, "tagBytes") == 0)
                    #expect(Self.n(tls, "undecryptedBytes") > 70_000)
                }
                applicationData += Self.n(tls, "applicationDataBytes")
            }
            let all = try #require(totals["tls"] as? [String: Any])
            #expect(Self.n(all, "applicationDataBytes") == applicationData)
        }
    }

    @Test func textShowsTLSAsALayerWithHTTPAndWebSocketInside() throws {
        let (capture, keys) = WSSTests.paths("wss-tls13-aes128.pcap")
        let text = try CLI.run(["overhead", capture, "--keylog", keys, "--width", "200"]).stdout
        let lines = text.split(separator: "\n").map(String.init)
        let payload = try #require(lines.firstIndex { $0.hasPrefix("  TCP payload") })
        #expect(lines[payload + 1].hasPrefix("    TLS record headers"))
        let data = try #require(lines.firstIndex { $0.hasPrefix("    TLS application data") })
        #expect(lines[data + 1].hasPrefix("      HTTP handshake"))
        #expect(lines.contains { $0.hasPrefix("      WebSocket payload") })
        #expect(text.contains("every application data record costs 5 header + 16 tag + 1 content type = 22 bytes"))
        let tls12 = WSSTests.paths("wss-tls12-aes-gcm.pcap")
        let text12 = try CLI.run(["overhead", tls12.capture, "--keylog", tls12.keys, "--width", "200"]).stdout
        #expect(text12.contains("every application data record costs 5 header + 16 tag + 8 explicit nonce = 29 bytes"))
        #expect(text12.contains("    TLS explicit nonces"))
    }
}
