import CaptureCrafting
import Foundation
import PacketCapture
import PacketDecoding
import Testing
import WireBytes

/// Issue 12, items 4 and 5, as a user runs them: a connection without WebSocket says why, a
/// refused Upgrade is reported as refused (never as a wrong accept key), `check` never passes a
/// capture it checked nothing in, its JSON always ends with a verdict, and `--connection N` that
/// does not exist is a usage error on every command that takes it.
@Suite(.serialized) struct NothingCheckedTests {
    static let refused = "Captures/brought/upgrade-refused-403.pcap"

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    // MARK: Why not WebSocket

    @Test func aRefusedUpgradeIsRefusedNotAWrongAcceptKey() throws {
        // Wide enough that no sentence wraps: this test reads the words, not the layout.
        let text = try CLI.run(["summary", Self.refused], environment: ["COLUMNS": "250"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Not WebSocket: the server refused the WebSocket Upgrade with 403 Forbidden; the connection stayed HTTP."))
        #expect(text.stdout.contains("accept key: not checked (the server answered 403, not 101)"))
        #expect(!text.stdout.contains("wrong"), "\(text.stdout)")
        let json = try #require(try Self.jsonLines(try CLI.run(["summary", Self.refused, "--format", "json"]).stdout).first)
        #expect(json["protocol"] as? String == "http")
        #expect((json["whyNotWebSocket"] as? String)?.hasPrefix("the server refused the WebSocket Upgrade with 403") == true)
        let handshake = try #require(json["handshake"] as? [String: Any])
        #expect(handshake["acceptValid"] is NSNull, "no 101, no check: \(handshake)")
        #expect(handshake["status"] as? Int == 403)
        #expect(json["websocket"] as? Bool == false)
    }

    @Test func summaryListsEveryConnectionWithPayloadAndSaysWhat() throws {
        let lines = try Self.jsonLines(try CLI.run(["summary", CLI.capture("brought/polls-and-upgrade-two-connections.pcap"),
                                                    "--format", "json"]).stdout)
        #expect(lines.map { $0["connection"] as? Int } == [1, 2])
        #expect(lines.map { $0["protocol"] as? String } == ["http", "websocket"])
        #expect(lines[0]["whyNotWebSocket"] as? String == "plain HTTP: 5 requests, 5 responses, no Upgrade to WebSocket")
        #expect(lines[1]["whyNotWebSocket"] is NSNull)
        let text = try CLI.run(["summary", CLI.capture("brought/polls-and-upgrade-two-connections.pcap")]).stdout
        #expect(text.contains("Connection 1: client 127.0.0.1"))
        #expect(text.contains("Not WebSocket: plain HTTP: 5 requests, 5 responses, no Upgrade to WebSocket."))
    }

    /// A connection that is neither HTTP nor WebSocket, and one without payload (listed with --all).
    static func otherTraffic() throws -> String {
        var other = TCPConversation(client: .ipv4("10.0.0.2", 50_000), server: .ipv4("10.0.0.1", 22))
        other.handshake()
        other.send(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), from: .server)
        other.send(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), from: .client)
        other.close()
        var empty = TCPConversation(client: .ipv4("10.0.0.3", 50_001), server: .ipv4("10.0.0.1", 80))
        empty.handshake()
        empty.close()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-other-\(UUID().uuidString).pcap").path
        try TCPConversation.write(other.packets + empty.packets, linkType: .ethernet, to: path)
        return path
    }

    @Test func notHTTPAndNoPayloadAreSaidToo() throws {
        let path = try Self.otherTraffic()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let listed = try Self.jsonLines(try CLI.run(["summary", path, "--format", "json"]).stdout)
        #expect(listed.map { $0["connection"] as? Int } == [1], "without --all only connections with payload")
        #expect(listed.first?["protocol"] as? String == "other")
        #expect((listed.first?["whyNotWebSocket"] as? String)?.hasPrefix("neither HTTP nor WebSocket frames (") == true,
                "\(String(describing: listed.first?["whyNotWebSocket"]))")
        let all = try Self.jsonLines(try CLI.run(["summary", path, "--all", "--format", "json"]).stdout)
        #expect(all.map { $0["protocol"] as? String } == ["other", "none"])
        #expect(all.last?["whyNotWebSocket"] as? String == "no payload: the connection carried no bytes above TCP")
        let check = try CLI.run(["check", path])
        #expect(check.status == 4)
        #expect(check.stdout.contains("connection 1 (10.0.0.2:50000 → 10.0.0.1:22): neither HTTP nor WebSocket frames"))
    }

    // MARK: check never passes nothing

    @Test func checkWithoutWebSocketSaysNothingCheckedAndExits4() throws {
        let text = try CLI.run(["check", Self.refused], environment: ["COLUMNS": "250"])
        #expect(text.status == 4, "\(text.stderr)")
        #expect(!text.stdout.contains("PASS"))
        #expect(text.stdout.contains("? NOTHING CHECKED: \(Self.refused) has no WebSocket connection"))
        #expect(text.stdout.contains("connection 1 (127.0.0.1:43780 → 127.0.0.1:8765): the server refused the WebSocket Upgrade with 403 Forbidden"))
        #expect(text.stderr.contains("nothing checked"))
        let json = try CLI.run(["check", Self.refused, "--format", "json"])
        #expect(json.status == 4)
        let verdict = try #require(try Self.jsonLines(json.stdout).last)
        #expect(verdict["type"] as? String == "verdict")
        #expect(verdict["verdict"] as? String == "nothing checked")
        #expect(verdict["exitCode"] as? Int == 4)
        #expect(verdict["connections"] as? Int == 0)
        let notChecked = try #require(verdict["notChecked"] as? [[String: Any]])
        #expect(notChecked.count == 1 && notChecked.first?["protocol"] as? String == "http")
    }

    /// On every bundled capture and the brought ones, the JSON ends with one verdict whose exit
    /// code is the one `check` exits with, and "pass" only where WebSocket was checked.
    @Test func checkJSONAlwaysEndsWithTheVerdict() throws {
        let brought = try FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("Captures/brought").path)
            .filter { $0.hasSuffix(".pcap") }.map { "brought/" + $0 }
        for name in TsharkComparisonTests.captures + brought {
            let result = try CLI.run(["check", CLI.capture(name), "--format", "json"])
            let lines = try Self.jsonLines(result.stdout)
            let verdict = try #require(lines.last, "\(name): no output")
            #expect(verdict["type"] as? String == "verdict", "\(name)")
            #expect(lines.dropLast().allSatisfy { $0["type"] == nil }, "\(name): one verdict, last")
            #expect(verdict["exitCode"] as? Int == Int(result.status), "\(name)")
            let errors = lines.dropLast().filter { $0["severity"] as? String == "error" }.count
            #expect(verdict["errors"] as? Int == errors, "\(name)")
            if verdict["verdict"] as? String == "pass" {
                #expect((verdict["connections"] as? Int ?? 0) > 0, "\(name): a pass that checked nothing")
                #expect(result.status == 0)
            }
        }
    }

    // MARK: --connection that does not exist

    @Test(arguments: [["streams"], ["summary"], ["frames"], ["messages"], ["check"], ["overhead"], ["explain", "--frame", "0"]])
    func aConnectionThatDoesNotExistIsAUsageError(_ command: [String]) throws {
        let capture = "Captures/chromium-deflate.pcap"
        let result = try CLI.run([command[0], capture] + command.dropFirst() + ["--connection", "99"])
        #expect(result.status == 2, "\(command): \(result.stderr)")
        #expect(result.stderr.contains("there is no connection 99 in \(capture); its TCP connections are 1-4."), "\(result.stderr)")
        #expect(!result.stdout.contains("PASS"))
        let existing = try CLI.run([command[0], capture] + command.dropFirst() + ["--connection", "4"])
        #expect(existing.status == 0, "\(command) --connection 4: \(existing.stderr)")
    }

    @Test func checkOnAConnectionThatIsNotWebSocketChecksNothing() throws {
        let result = try CLI.run(["check", "Captures/chromium-deflate.pcap", "--connection", "2"])
        #expect(result.status == 4)
        #expect(result.stdout.contains("connection 2 (127.0.0.1:58004 → 127.0.0.1:8000): plain HTTP: 1 request, 1 response"))
    }
}
