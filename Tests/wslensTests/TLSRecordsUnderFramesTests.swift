import Foundation
import TestSupport
import Testing

/// `explain` and `frames --format json` on wss: each frame names the TLS records that carried it
/// (header, length, nonce, tag, key epoch, packets). Checked against the record's own arithmetic and
/// against tshark's record list for the packet where the record ends.
@Suite(.serialized) struct TLSRecordsUnderFramesTests {
    static func frames(_ capture: String, _ keys: String) throws -> [[String: Any]] {
        let result = try CLI.run(["frames", capture, "--keylog", keys, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test("every frame's records cover it exactly and add up", arguments: WSSTests.captures)
    func recordsCoverTheFrame(_ name: String) throws {
        let (capture, keys) = WSSTests.paths(name)
        let frames = try Self.frames(capture, keys)
        #expect(!frames.isEmpty)
        for frame in frames {
            let records = try #require(frame["tlsRecords"] as? [[String: Any]], "\(name): a wss frame names its records")
            #expect(!records.isEmpty)
            let length = (frame["headerLength"] as! Int) + (frame["payloadLength"] as! Int)
            var next = 0
            for record in records {
                let bytes = record["frameBytes"] as! [Int]
                #expect(bytes[0] == next, "\(name): the records follow each other in the frame")
                next = bytes[1] + 1
                let header = record["header"] as! String
                #expect(header.hasPrefix("17030"), "application data records: type 23, version 0x03xx")
                #expect(Int(header.suffix(4), radix: 16) == record["length"] as? Int)
                let nonce = (record["explicitNonce"] as? String).map { $0.count / 2 } ?? 0
                let tag = try #require(record["tag"] as? String)
                #expect(tag.count == 32)
                let inner = name.hasPrefix("wss-tls13") || name.hasPrefix("wss-chromium") ? 1 : 0
                #expect(record["length"] as! Int == nonce + (record["plaintextLength"] as! Int) + inner
                        + (record["paddingLength"] as! Int) + 16, "\(name): body = nonce + data + type + padding + tag")
                #expect(nonce == (name.hasPrefix("wss-tls12-aes") ? 8 : 0))
                #expect((record["epoch"] as? String)?.hasPrefix("application") == true)
                let packets = record["packets"] as! [Int]
                let framePackets = frame["packets"] as! [Int]
                #expect(!packets.isEmpty && packets.last! >= framePackets[0])
            }
            #expect(next == length, "\(name): the records carried all \(length) bytes of the frame")
        }
    }

    @Test(.needs(.tshark), arguments: WSSTests.captures)
    func tsharkSeesTheSameRecords(_ name: String) throws {
        let (capture, keys) = WSSTests.paths(name)
        let text = try CLI.tool(.tshark, "tshark", ["-r", capture, "-o", "tls.keylog_file:\(keys)", "-Y", "tls",
                                                   "-T", "fields", "-e", "frame.number", "-e", "tls.record.length"])
        var lengths: [Int: [Int]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, let packet = Int(fields[0]) else { continue }
            lengths[packet] = fields[1].split(separator: ",").compactMap { Int($0) }
        }
        var checked = 0
        for frame in try Self.frames(capture, keys) {
            for record in frame["tlsRecords"] as! [[String: Any]] {
                let last = (record["packets"] as! [Int]).last!
                #expect(lengths[last, default: []].contains(record["length"] as! Int),
                        "\(name): tshark shows a record of \(record["length"]!) bytes ending in packet \(last)")
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test func explainDrawsTheRecordUnderTheFrame() throws {
        let tls12 = try CLI.run(["explain", KeysInCaptureTests.withKeys, "--connection", "1", "--frame", "3", "--width", "200"], removing: ["SSLKEYLOGFILE"])
        #expect(tls12.status == 0)
        #expect(tls12.stdout.contains("The TLS record that carried this frame"))
        #expect(tls12.stdout.contains("header 17 03 03 00 5a = type 23 (application_data), version 0x303, body length 90"))
        #expect(tls12.stdout.contains("explicit nonce f6 76 a8 8e bc 3e 33 cc"))
        #expect(tls12.stdout.contains("TLS adds 29 bytes"))
        #expect(tls12.stdout.contains("decrypted with the client's application traffic key, record sequence number 3"))
        // At 80 columns the table keeps its rows whole.
        let narrow = try CLI.run(["explain", KeysInCaptureTests.withKeys, "--connection", "1", "--frame", "3", "--width", "80"],
                                 removing: ["SSLKEYLOGFILE"])
        #expect(narrow.stdout.contains("       6  17 03 03 00 5a    90      8    66     0    0   16  17"), "\(narrow.stdout)")
        let (capture, keys) = WSSTests.paths("wss-tls13-aes128.pcap")
        let tls13 = try CLI.run(["explain", capture, "--keylog", keys, "--frame", "0", "--width", "200"], removing: ["SSLKEYLOGFILE"])
        let words13 = tls13.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words13.contains("the real content type application_data (one byte, encrypted too)"))
        #expect(tls13.stdout.contains("nonce: the key's 12-byte IV XOR the sequence number 1 (never sent)"))
        // Plain ws has no such section.
        let plain = try CLI.run(["explain", CLI.capture("seed-examples.pcap"), "--frame", "0"])
        #expect(!plain.stdout.contains("TLS record"))
    }
}
