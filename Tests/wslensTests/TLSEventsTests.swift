import Foundation
import TestSupport
import Testing

/// The rarer TLS events, recorded with real peers (openssl s_client against Python's websockets
/// server, Captures/record/record-tls-events.sh) or derived from such a recording with editcap
/// (derive-tls-events.sh), each compared with tshark's decryption of the same file.
@Suite(.serialized) struct TLSEventsTests {
    static func path(_ name: String) -> String { CLI.capture("tls-events/\(name)") }
    static let keyUpdate = (capture: path("wss-tls13-keyupdate.pcap"), keys: path("wss-tls13-keyupdate.keys"))

    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    static func summary(_ capture: String, _ keys: String) throws -> [String: Any] {
        let result = try CLI.run(["summary", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        return try #require(jsonLines(result.stdout).first)
    }

    @Test(.needs(.tshark)) func keyUpdateBothWaysDecryptsOnWithTheNextSecrets() throws {
        let (capture, keys) = Self.keyUpdate
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(keys)"])
        let ours = try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", keys])
        #expect(theirs.count == 9)
        #expect(ours == theirs)
        // tshark: a KeyUpdate (handshake type 24) from each side.
        let updates = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tls.handshake.type == 24",
                                                     "-T", "fields", "-e", "tcp.srcport"])
        #expect(updates.split(separator: "\n").count == 2)
        let tls = try Self.summary(capture, keys)["tls"] as! [String: Any]
        #expect(tls["keyUpdates"] as? [String: Int] == ["fromClient": 1, "fromServer": 1])
        // The frames after the update name the new epoch in their records.
        let frames = Self.jsonLines(try CLI.run(["frames", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
        let epochs = frames.map { (($0["tlsRecords"] as! [[String: Any]]).first!["epoch"] as! String) }
        #expect(epochs.prefix(3).allSatisfy { $0 == "application" })
        #expect(epochs.suffix(6).allSatisfy { $0 == "application-1" }, "\(epochs)")
        let text = try CLI.run(["summary", capture, "--keylog", keys, "--width", "200"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(text.contains("key updates: 1 from the client, 1 from the server"))
    }

    @Test(.needs(.tshark)) func renegotiationIsReportedAndItsUnreadEndNotJudged() throws {
        let capture = Self.path("wss-tls12-renegotiation.pcap"), keys = Self.path("wss-tls12-renegotiation.keys")
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(keys)"])
        let ours = try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", keys])
        // tshark follows the renegotiated keys (the key log has both sessions); wslens decrypts up to
        // the renegotiation and says so.
        let renegotiation = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "frame.number"])
            .split(separator: "\n").compactMap { Int($0) }
        #expect(renegotiation.count == 2)
        #expect(theirs.count == 9)
        #expect(ours == theirs.filter { $0.packet < renegotiation[1] })
        let check = try CLI.run(["check", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(check.components(separatedBy: "tls.renegotiation-not-decrypted").count - 1 >= 2, "both directions")
        // The close frames are in what was not decrypted: the end is not judged (no 1006 invented).
        #expect(!check.contains("ws.closed-without-close-handshake"))
        #expect(try Self.summary(capture, keys)["end"] as? String == "unreadAtEnd")
    }

    @Test(.needs(.tshark)) func refusedRenegotiationShowsBothAlerts() throws {
        let capture = Self.path("wss-tls12-renegotiation-refused.pcap"), keys = Self.path("wss-tls12-renegotiation-refused.keys")
        let alerts = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tls.alert_message",
                                                    "-T", "fields", "-e", "tls.alert_message.level", "-e", "tls.alert_message.desc"])
        #expect(alerts.split(separator: "\n").map(String.init) == ["1\t100", "2\t40"], "tshark: no_renegotiation (warning), handshake_failure (fatal)")
        let tls = try Self.summary(capture, keys)["tls"] as! [String: Any]
        let ours = (tls["alerts"] as? [[String: Any]] ?? []).map { "\($0["level"] as? String ?? "")/\($0["description"] as? String ?? "")" }
        #expect(ours.count == 2, "\(tls)")
        #expect(ours.first?.contains("no_renegotiation") == true && ours.last?.contains("handshake_failure") == true, "\(ours)")
        let check = try CLI.run(["check", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(check.contains("tls.fatal-alert"))
    }

    @Test(.needs(.tshark)) func helloRetryRequestThenTheSession() throws {
        let capture = Self.path("wss-tls13-hello-retry.pcap"), keys = Self.path("wss-tls13-hello-retry.keys")
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(keys)"])
        #expect(theirs.count == 6)
        #expect(try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", keys]) == theirs)
        // tshark: two ClientHellos, the first with an X25519 key share (29), the second with P-256 (23).
        let groups = try CLI.tool(.tshark, "tshark", ["-r", capture, "-Y", "tls.handshake.type == 1", "-T", "fields",
                                                    "-e", "tls.handshake.extensions_key_share_group"])
        #expect(groups.split(separator: "\n").map(String.init) == ["29", "23"])
        let tls = try Self.summary(capture, keys)["tls"] as! [String: Any]
        #expect(tls["helloRetryRequest"] as? Bool == true && tls["resumed"] as? Bool == false)
        let ladder = try CLI.run(["ladder", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(ladder.contains("\"label\":\"HelloRetryRequest +1\""))
    }

    @Test(.needs(.tshark)) func aResumedSessionDecrypts() throws {
        let capture = Self.path("wss-tls13-resumption.pcap"), keys = Self.path("wss-tls13-resumption.keys")
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(keys)"])
        #expect(theirs.count == 14)
        #expect(try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", keys]) == theirs)
        // tshark: the second ServerHello accepts the pre-shared key (extension 41), with no certificate.
        let hellos = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tls.handshake.type == 2",
                                                    "-T", "fields", "-e", "tls.handshake.extension.type"])
        #expect(hellos.split(separator: "\n").map { $0.contains("41") } == [false, true])
        let result = try CLI.run(["summary", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        let resumed = Self.jsonLines(result.stdout).map { ($0["tls"] as! [String: Any])["resumed"] as? Bool }
        #expect(resumed == [false, true])
    }

    /// What tshark decrypts of a connection's client stream ("Follow TLS Stream"): the chunk sizes.
    static func tsharkFollowChunks(_ capture: String, _ keys: String, stream: Int) throws -> [Int] {
        let follow = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-q", "-z", "follow,tls,raw,\(stream)"])
        // Raw follow output: the client's chunks unindented, the server's indented with a tab.
        return follow.split(separator: "\n").map(String.init).filter { !$0.isEmpty && $0.allSatisfy(\.isHexDigit) }.map { $0.count / 2 }
    }

    /// 0-RTT (openssl s_server and s_client, no WebSocket): the early request is decrypted at the
    /// packet where tshark decrypts it, with as many bytes as tshark's, and the server took it.
    @Test(.needs(.tshark)) func earlyDataIsDecryptedWhereAndAsTsharkDecryptsIt() throws {
        let capture = Self.path("tls13-early-data.pcap"), keys = Self.path("tls13-early-data.keys")
        let early = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tls.handshake.extension.type == 42 and tls.handshake.type == 1",
                                                   "-T", "fields", "-e", "frame.number"]).split(separator: "\n").compactMap { Int($0) }
        #expect(early.count == 1)
        let decrypted = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "frame.number == \(early[0])", "-x"])
        #expect(decrypted.contains("GET /chat HTTP/1"), "tshark decrypts the early request with CLIENT_EARLY_TRAFFIC_SECRET")
        let chunks = try Self.tsharkFollowChunks(capture, keys, stream: 1)
        #expect(chunks == [31, 20], "the early request, then the line sent after the handshake")
        let check = Self.jsonLines(try CLI.run(["check", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
        let earlyFinding = try #require(check.first { $0["rule"] as? String == "tls.early-data" }, "\(check)")
        #expect(earlyFinding["packet"] as? Int == early[0])
        #expect(!check.contains { $0["rule"] as? String == "tls.early-data-not-decrypted" })
        let tls = Self.jsonLines(try CLI.run(["summary", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
            .map { $0["tls"] as! [String: Any] }
        #expect(tls.map { $0["resumed"] as? Bool } == [false, true])
        let resumed = tls[1]
        #expect((resumed["decryptedBytes"] as? [String: Int])?["fromClient"] == chunks.reduce(0, +))
        let earlyData = try #require(resumed["earlyData"] as? [String: Any])
        #expect(earlyData["decryptedBytes"] as? Int == chunks[0])
        #expect(earlyData["accepted"] as? Bool == true)
        #expect(tls[0]["earlyData"] is NSNull, "the first connection offered none")
    }

    /// 0-RTT that a restarted server refuses (it cannot resume the session): the client's own key
    /// log has the early secret; the early request is decrypted, and said to be refused where the
    /// server's EncryptedExtensions is.
    @Test(.needs(.tshark)) func earlyDataTheServerRefusesIsDecryptedAndSaidToBeRefused() throws {
        let capture = Self.path("tls13-early-data-refused.pcap"), keys = Self.path("tls13-early-data-refused.keys")
        let extensions = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tcp.stream == 1 and tls.handshake.type == 8",
                                                        "-T", "fields", "-e", "frame.number"]).split(separator: "\n").compactMap { Int($0) }
        #expect(extensions.count == 1)
        let chunks = try Self.tsharkFollowChunks(capture, keys, stream: 1)
        #expect(chunks == [31, 20])
        let check = Self.jsonLines(try CLI.run(["check", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
        let refused = try #require(check.first { $0["rule"] as? String == "tls.early-data-rejected" }, "\(check)")
        #expect(refused["packet"] as? Int == extensions[0])
        #expect(refused["from"] as? String == "server")
        let tls = Self.jsonLines(try CLI.run(["summary", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
            .map { $0["tls"] as! [String: Any] }
        #expect(tls.map { $0["resumed"] as? Bool } == [false, false], "the restarted server could not resume")
        let early = try #require(tls[1]["earlyData"] as? [String: Any])
        #expect(early["decryptedBytes"] as? Int == chunks[0])
        #expect(early["accepted"] as? Bool == false)
        let text = try CLI.run(["summary", capture, "--keylog", keys, "--connection", "2", "--width", "200"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(text.contains("0-RTT early data: 31 bytes decrypted, refused by the server"))
    }

    @Test(.needs(.tshark)) func aCaptureStartingAfterTheHandshakeSaysWhy() throws {
        let capture = Self.path("wss-tls13-after-handshake.pcap")
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(Self.keyUpdate.keys)"])
        #expect(theirs.isEmpty, "tshark cannot decrypt it either")
        let summary = try Self.summary(capture, Self.keyUpdate.keys)
        #expect((summary["tls"] as! [String: Any])["keys"] as? String == "handshakeIncomplete")
        let check = try CLI.run(["check", capture, "--keylog", Self.keyUpdate.keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(check.contains("tls.handshake-not-captured"))
        #expect(try CLI.run(["frames", capture, "--keylog", Self.keyUpdate.keys]).stdout.contains("No WebSocket frames"))
    }

    /// The KeyUpdate capture cut to 300 bytes a packet: tshark decrypts nothing; wslens takes the
    /// session's random from the cut ClientHello, skips the records cut short, finds record framing
    /// again after the records that lay wholly in the cut-off bytes, and reads every frame whose
    /// records the capture holds: each one of the uncut capture's frames, as tshark reads them.
    @Test(.needs(.tshark)) func aCaptureCutBySnaplenDecryptsWhatItHolds() throws {
        let capture = Self.path("wss-tls13-snaplen-300.pcap")
        #expect(try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(Self.keyUpdate.keys)"]).isEmpty)
        let uncut = try TsharkComparisonTests.tsharkFrames(Self.keyUpdate.capture, options: ["-o", "tls.keylog_file:\(Self.keyUpdate.keys)"])
        let ours = try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", Self.keyUpdate.keys])
        #expect(uncut.count == 9)
        #expect(ours == uncut.filter { $0.payloadLength < 20_000 }, "all but the two 20000-byte frames, whose records were cut")
        let check = try CLI.run(["check", capture, "--keylog", Self.keyUpdate.keys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout
        let rules = Self.jsonLines(check).compactMap { $0["rule"] as? String }
        #expect(rules.contains("tcp.snaplen-truncated"))
        #expect(rules.filter { $0 == "tls.framing-lost" }.count == rules.filter { $0 == "tls.framing-recovered" }.count)
        let tls = try Self.summary(capture, Self.keyUpdate.keys)["tls"] as! [String: Any]
        #expect(tls["clientHelloCut"] as? Bool == true)
        #expect(tls["serverName"] is NSNull)
        let decrypted = try #require(tls["decryptedBytes"] as? [String: Int])
        let full = try #require(try Self.summary(Self.keyUpdate.capture, Self.keyUpdate.keys)["tls"] as? [String: Any])["decryptedBytes"] as! [String: Int]
        #expect(decrypted["fromServer"]! < full["fromServer"]!, "what the cut records held is not counted as decrypted")
        // Without the key log: the cut ClientHello is not taken for a late start, and its SNI is unknown, not absent.
        let text = try CLI.run(["summary", capture, "--width", "300"], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(text.contains("SNI unknown (the ClientHello is cut short)"))
        #expect(!text.contains("no SNI"))
        #expect(!text.contains("starts after the TLS handshake"))
    }
}
