import Foundation
import TestSupport
import Testing

/// `ladder` on wss draws the TLS handshake (one row per run of messages one side sent in one
/// packet), the key updates and the alerts, at the packets where tshark sees them.
@Suite(.serialized) struct LadderTLSTests {
    static func tlsRows(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try CLI.run(["ladder"] + arguments + ["--format", "json"], removing: ["SSLKEYLOGFILE"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["kind"] as? String == "tls" }
    }

    /// tshark's packets with TLS handshake messages (types), ChangeCipherSpec (20) or alerts.
    static func tsharkPackets(_ capture: String, _ keys: String) throws -> Set<Int> {
        let text = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)",
                                                   "-Y", "tls.handshake.type or tls.record.content_type == 20 or tls.alert_message",
                                                   "-T", "fields", "-e", "frame.number"])
        return Set(text.split(separator: "\n").compactMap { Int($0) })
    }

    @Test(.needs(.tshark)) func theTLS13HandshakeAndItsEnd() throws {
        let rows = try Self.tlsRows([CLI.capture("wss-tls13-keys-inside.pcapng")])
        #expect(rows.map { $0["label"] as! String } == ["ClientHello", "ServerHello +5", "ChangeCipherSpec +1", "NewSessionTicket +1",
                                                        "TLS alert", "TLS alert"])
        #expect(rows.map { $0["from"] as! String } == ["client", "server", "client", "server", "server", "client"])
        #expect((rows[1]["detail"] as! String).contains("Certificate (encrypted), CertificateVerify (encrypted), Finished (encrypted)"))
        #expect((rows[4]["detail"] as! String) == "TLS alert warning close_notify (encrypted)")
        let packets = Set(rows.map { ($0["packets"] as! [Int])[0] })
        #expect(packets == (try Self.tsharkPackets(CLI.capture("wss-tls13.pcap"), CLI.capture("wss-tls13.keys"))))
    }

    @Test(.needs(.tshark)) func keyUpdatesAndTLS12() throws {
        let keyUpdate = (CLI.capture("tls-events/wss-tls13-keyupdate.pcap"), CLI.capture("tls-events/wss-tls13-keyupdate.keys"))
        let rows = try Self.tlsRows([keyUpdate.0, "--keylog", keyUpdate.1])
        let updates = rows.filter { ($0["label"] as! String) == "KeyUpdate" }
        #expect(updates.map { $0["from"] as! String } == ["client", "server"])
        #expect(Set(rows.map { ($0["packets"] as! [Int])[0] }) == (try Self.tsharkPackets(keyUpdate.0, keyUpdate.1)))
        let tls12 = WSSTests.paths("wss-tls12-chacha.pcap")
        let rows12 = try Self.tlsRows([tls12.capture, "--keylog", tls12.keys])
        #expect(rows12.first?["label"] as? String == "ClientHello")
        #expect(rows12.contains { ($0["detail"] as! String).contains("ChangeCipherSpec, Finished (encrypted)") })
        #expect(Set(rows12.map { ($0["packets"] as! [Int])[0] }) == (try Self.tsharkPackets(tls12.capture, tls12.keys)))
    }

    @Test func plainWebSocketHasNoTLSRows() throws {
        #expect(try Self.tlsRows([CLI.capture("seed-examples.pcap")]).isEmpty)
    }
}
