import Foundation
import TestSupport
import Testing

/// Real sessions recorded with `tcpdump -s 96` and `-s 200` (Captures/brought/, recipes in
/// Captures/record/record-honest.sh): wslens against what the peers logged they sent, and against
/// the frame headers tshark finds when told the port carries WebSocket.
@Suite(.serialized) struct SnapshotLengthTests {
    static let captures = ["snaplen-96", "snaplen-96-deflate", "snaplen-200-deflate", "snaplen-200-deflate-no-context"]

    struct Sent: Equatable, CustomStringConvertible {
        var from: String
        var opcode: Int
        var sha256: String?
        var text: String?
        var description: String { "\(from) op \(opcode) \(text.map { "\"\($0.prefix(20))\"" } ?? "")" }
    }

    /// What the peers' logs say was sent, with what the libraries sent by themselves (the pong
    /// answering a ping, the close frame echoing a close) added where they answer.
    static func sent(_ name: String) throws -> [Sent] {
        let url = CLI.root.appendingPathComponent("Captures/record/logs/\(name).json")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var sent: [Sent] = []
        for entry in log["sent"] as? [[String: Any]] ?? [] where entry["layer"] as? String == "websocket" {
            let from = entry["peer"] as! String
            let opcode = entry["opcode"] as! Int
            sent.append(Sent(from: from, opcode: opcode, sha256: entry["sha256"] as? String, text: entry["text"] as? String))
            let other = from == "client" ? "server" : "client"
            if opcode == 9 { sent.append(Sent(from: other, opcode: 10)) }
            if opcode == 8 { sent.append(Sent(from: other, opcode: 8)) }
        }
        return sent
    }

    static func json(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try CLI.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// SHA-256 of each hex string (one Python run for all: the logs name what was sent by hash).
    static func sha256(_ hexes: [String]) throws -> [String] {
        let script = "import sys,hashlib\nfor line in sys.stdin.read().split('\\n'):\n    print(hashlib.sha256(bytes.fromhex(line)).hexdigest())"
        let out = try CLI.pipe("python3", ["-c", script], input: hexes.joined(separator: "\n"))
        return out.split(separator: "\n").map(String.init)
    }

    @Test("every frame the peers sent is decoded, in order per direction, none invented", arguments: captures)
    func framesAreThoseThePeersSent(_ name: String) throws {
        let path = CLI.capture("brought/\(name).pcap")
        let frames = try Self.json(["frames", path])
        let expected = try Self.sent(name)
        for peer in ["client", "server"] {
            let ours = frames.filter { $0["from"] as? String == peer }.map { $0["opcode"] as! Int }
            let theirs = expected.filter { $0.from == peer }.map(\.opcode)
            #expect(ours == theirs, "\(name): \(peer)'s frames differ from what it logged")
        }
        // Frames whose payload the snapshot length cut say how much is missing.
        let cut = frames.filter { ($0["missingBytes"] as? Int ?? 0) > 0 }
        #expect(!cut.isEmpty, "\(name) cuts the larger messages")
        #expect(cut.allSatisfy { ($0["complete"] as? Bool) == false && ($0["payloadTruncated"] as? Bool) == true })
    }

    @Test("every frame starts in a packet where tshark, told the port is WebSocket, finds its header", .needs(.tshark),
          arguments: captures)
    func headersAgreeWithTshark(_ name: String) throws {
        let path = CLI.capture("brought/\(name).pcap")
        let text = try CLI.tool(.tshark, "tshark", ["-r", path, "-d", "tcp.port==8765,websocket", "-Y", "websocket", "-T", "fields",
                                                    "-E", "occurrence=f", "-e", "frame.number", "-e", "websocket.opcode",
                                                    "-e", "websocket.mask"])
        var theirs: [Int: (opcode: Int, masked: Bool)] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let packet = Int(fields[0]), let opcode = Int(fields[1]) else { continue }
            theirs[packet] = (opcode, fields[2] == "1" || fields[2] == "True")
        }
        let frames = try Self.json(["frames", path])
        #expect(frames.count == (try Self.sent(name)).count)
        for frame in frames {
            let packet = (frame["packets"] as! [Any])[0] as! Int
            let seen = theirs[packet]
            #expect(seen?.opcode == frame["opcode"] as? Int && seen?.masked == frame["masked"] as? Bool,
                    "\(name): frame \(frame["index"]!) starts in packet \(packet), where tshark sees \(String(describing: seen))")
        }
        // tshark also "finds" frames in handshake bytes and inside cut payloads; wslens does not.
        #expect(theirs.count >= frames.count)
    }

    @Test("every message wslens shows is exactly the one sent; the rest say why not", arguments: captures)
    func messagesAreCertainOrExplained(_ name: String) throws {
        let path = CLI.capture("brought/\(name).pcap")
        let messages = try Self.json(["messages", path])
        let expected = try Self.sent(name).filter { $0.opcode == 1 || $0.opcode == 2 }
        let hashes = try Self.sha256(messages.map { $0["data"] as? String ?? "" })
        #expect(hashes.count == messages.count)
        for peer in ["client", "server"] {
            let ours = messages.filter { $0["from"] as? String == peer }
            let theirs = expected.filter { $0.from == peer }
            #expect(ours.count == theirs.count, "\(name) \(peer)")
            for (message, sent) in zip(ours, theirs) {
                #expect(message["opcode"] as? Int == sent.opcode)
                if message["complete"] as? Bool == true {
                    let position = messages.firstIndex { $0["index"] as? Int == message["index"] as? Int }!
                    #expect(hashes[position] == sent.sha256,
                            "\(name) \(peer) message \(message["index"]!): shown, so it must be exactly what was sent")
                } else {
                    let missing = message["missingBytes"] as? Int ?? 0
                    let refers = message["refersToMissingBytes"] as? Bool ?? false
                    #expect(missing > 0 || refers, "\(name) \(peer) message \(message["index"]!) is incomplete without saying why")
                    #expect(message["text"] == nil && (message["data"] as? String ?? "").isEmpty || missing > 0)
                }
            }
        }
        let shown = messages.filter { $0["complete"] as? Bool == true }.count
        switch name {
        case "snaplen-200-deflate-no-context":
            // Without context takeover every whole message inflates on its own.
            #expect(messages.allSatisfy { ($0["complete"] as? Bool) == true || ($0["missingBytes"] as? Int ?? 0) > 0 })
        case "snaplen-96-deflate", "snaplen-200-deflate":
            // With context takeover the messages after the first cut that repeat earlier text cannot
            // be inflated; those that repeat nothing lost come out.
            #expect(messages.contains { $0["refersToMissingBytes"] as? Bool == true })
            #expect(shown >= 20, "the messages before the first cut and those that refer to nothing lost")
        default:
            #expect(shown == messages.filter { ($0["missingBytes"] as? Int ?? 0) == 0 }.count)
        }
    }

    @Test("the cut handshake: what it shows is checked, what it lost is named, never called wrong")
    func cutHandshake() throws {
        let at96 = try #require(try Self.json(["summary", CLI.capture("brought/snaplen-96.pcap")]).first)
        let handshake96 = try #require(at96["handshake"] as? [String: Any])
        #expect(at96["websocket"] as? Bool == true)
        #expect(handshake96["acceptValid"] is NSNull)
        #expect(handshake96["requestCut"] as? Int == 30 && handshake96["responseCut"] as? Int == 30)
        #expect((handshake96["notChecked"] as? [String])?.contains("Sec-WebSocket-Accept") == true)
        // The cut request lost its Upgrade headers, but the 101 answered it: it is the handshake, not a poll.
        let overhead96 = try #require(try Self.json(["overhead", CLI.capture("brought/snaplen-96.pcap")]).first)
        #expect(overhead96["handshakeBytes"] as? Int == 60 && overhead96["httpHeaderBytes"] as? Int == 0)
        #expect(!(try CLI.run(["summary", CLI.capture("brought/snaplen-96.pcap")]).stdout.contains("plain HTTP request")))

        let at200 = try #require(try Self.json(["summary", CLI.capture("brought/snaplen-200-deflate.pcap")]).first)
        let handshake200 = try #require(at200["handshake"] as? [String: Any])
        #expect(handshake200["acceptValid"] as? Bool == true, "the key and the accept both survived -s 200")
        #expect((handshake200["notChecked"] as? [String])?.contains("Sec-WebSocket-Extensions") == true)

        let check = try CLI.run(["check", CLI.capture("brought/snaplen-96-deflate.pcap"), "--format", "json"])
        #expect(check.status == 0, "no rule of error severity is broken by a short snapshot length")
        #expect(check.stdout.contains("handshake.head-truncated") && check.stdout.contains("ws.deflate-inferred"))
    }
}
