import Foundation
import TestSupport
import Testing

/// wslens against tshark, an independent decoder, on every bundled capture.
///
/// tshark is installed by `make test` (and so in CI). On a machine without it these tests fail,
/// unless WSLENS_TEST_SKIP names `tshark`.
@Suite(.serialized) struct TsharkComparisonTests {
    static let captures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("Captures").path)) ?? []
        return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
    }()

    @Test func everyCaptureIsCompared() {
        #expect(Self.captures.count >= 10, "the bundled captures are missing")
    }

    // MARK: streams

    struct DirectionCount: Equatable, CustomStringConvertible {
        var packets = 0
        var bytes = 0
        var description: String { "\(packets) packets/\(bytes) bytes" }
    }

    /// Per tcp.stream, per sender "addr:port": packets and tcp.len summed (retransmissions included,
    /// as wslens's `bytes` counts them).
    static func tsharkStreams(_ path: String) throws -> [Int: [String: DirectionCount]] {
        let text = try CLI.tool(.tshark, "tshark", ["-r", path, "-Y", "tcp", "-T", "fields", "-E", "separator=\t",
                                                    "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "tcp.len"])
        var streams: [Int: [String: DirectionCount]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, let stream = Int(fields[0]), let length = Int(fields[4]) else { continue }
            let sender = fields[1].isEmpty ? "[\(fields[2])]:\(fields[3])" : "\(fields[1]):\(fields[3])"
            streams[stream, default: [:]][sender, default: DirectionCount()].packets += 1
            streams[stream, default: [:]][sender, default: DirectionCount()].bytes += length
        }
        return streams
    }

    @Test(.needs(.tshark), arguments: captures)
    func streamsAgreeWithTshark(capture: String) throws {
        let path = CLI.capture(capture)
        let expected = try Self.tsharkStreams(path)
        let result = try CLI.run(["streams", path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == expected.count, "\(capture): wslens sees \(lines.count) connections, tshark \(expected.count)")
        for case let stream? in lines {
            let number = stream["connection"] as! Int
            let client = stream["client"] as! String
            let server = stream["server"] as! String
            // tshark numbers streams from 0 in order of their first packet; wslens from 1 in the same order.
            guard let directions = expected[number - 1] else {
                Issue.record("\(capture): tshark has no stream \(number - 1)")
                continue
            }
            for (key, address) in [("fromClient", client), ("fromServer", server)] {
                let ours = stream[key] as! [String: Any]
                let theirs = directions[address] ?? DirectionCount()
                #expect(DirectionCount(packets: ours["packets"] as! Int, bytes: ours["bytes"] as! Int) == theirs,
                        "\(capture) connection \(number) \(key) (\(address))")
            }
            #expect(Set(directions.keys).isSubset(of: [client, server]), "\(capture) connection \(number): endpoints differ")
        }
    }

    // MARK: frames

    struct Frame: Equatable, CustomStringConvertible {
        var packet: Int
        var stream: Int
        var fin: Bool
        var rsv: Int
        var opcode: Int
        var masked: Bool
        var maskingKey: String
        var payloadLength: UInt64
        var payload: String
        var description: String {
            "packet \(packet) stream \(stream) fin \(fin) rsv \(rsv) op \(opcode) mask \(masked) \(maskingKey) len \(payloadLength) \(payload.prefix(32))"
        }
    }

    /// tshark's frames: every `websocket` layer of every packet, in packet order.
    static func tsharkFrames(_ path: String, options: [String] = []) throws -> [Frame] {
        let text = try CLI.tool(.tshark, "tshark", ["-r", path] + options + ["-Y", "websocket", "-T", "json", "-x", "--no-duplicate-keys"])
        guard let packets = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else { return [] }
        var frames: [Frame] = []
        for packet in packets {
            let layers = (packet["_source"] as! [String: Any])["layers"] as! [String: Any]
            let number = Int(value(layers["frame"], "frame.number")!)!
            let stream = Int(value(layers["tcp"], "tcp.stream")!)!
            let websocket: [[String: Any]]
            if let one = layers["websocket"] as? [String: Any] { websocket = [one] } else { websocket = layers["websocket"] as? [[String: Any]] ?? [] }
            for layer in websocket {
                let short = UInt64(layer["websocket.payload_length"] as! String)!
                let length = UInt64(layer["websocket.payload_length_ext_64"] as? String ?? layer["websocket.payload_length_ext_16"] as? String ?? "") ?? short
                let payload = (layer["websocket.payload_raw"] as? [Any])?.first as? String ?? ""
                frames.append(Frame(packet: number, stream: stream, fin: layer["websocket.fin"] as! String == "1",
                                    rsv: Int(String((layer["websocket.rsv"] as! String).dropFirst(2)), radix: 16)!,
                                    opcode: Int(layer["websocket.opcode"] as! String)!, masked: layer["websocket.mask"] as! String == "1",
                                    maskingKey: (layer["websocket.masking_key"] as? String ?? "").replacingOccurrences(of: ":", with: ""),
                                    payloadLength: length, payload: payload))
            }
        }
        return frames
    }

    private static func value(_ layer: Any?, _ key: String) -> String? {
        if let dictionary = layer as? [String: Any] { return dictionary[key] as? String }
        if let array = layer as? [[String: Any]] { return array.first?[key] as? String }
        return nil
    }

    /// wslens's complete frames. A frame with bytes missing from the capture (a lost segment) is left
    /// out: wslens reports it with the gap, tshark drops it, so there is nothing to compare.
    static func wslensFrames(_ path: String, options: [String] = []) throws -> [Frame] {
        let result = try CLI.run(["frames", path, "--format", "json"] + options)
        return result.stdout.split(separator: "\n").compactMap { line -> Frame? in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            guard object["complete"] as? Bool != false else { return nil }
            let packets = object["packets"] as! [Int]
            let rsv = (object["rsv1"] as! Bool ? 4 : 0) | (object["rsv2"] as! Bool ? 2 : 0) | (object["rsv3"] as! Bool ? 1 : 0)
            return Frame(packet: packets[1], stream: (object["connection"] as! Int) - 1, fin: object["fin"] as! Bool, rsv: rsv,
                         opcode: object["opcode"] as! Int, masked: object["masked"] as! Bool,
                         maskingKey: object["maskingKey"] as? String ?? "", payloadLength: (object["payloadLength"] as! NSNumber).uint64Value,
                         payload: object["payload"] as! String)
        }.sorted { ($0.packet, $0.stream) < ($1.packet, $1.stream) }
    }

    @Test(.needs(.tshark), arguments: captures)
    func framesAgreeWithTshark(capture: String) throws {
        let path = CLI.capture(capture)
        let theirs = try Self.tsharkFrames(path)
        let ours = try Self.wslensFrames(path)
        #expect(ours.count == theirs.count, "\(capture): wslens decodes \(ours.count) frames, tshark \(theirs.count)")
        for (mine, other) in zip(ours, theirs) {
            #expect(mine == other, "\(capture): frame differs\n  wslens: \(mine)\n  tshark: \(other)")
        }
    }

    // MARK: messages

    /// Inflates compressed messages with Python's zlib: an inflater independent of wslens's own use of
    /// zlib (tshark 4.0 cannot check these: it does not inflate fragmented compressed messages).
    /// Input lines: "KEY RESET HEX" (one inflater per KEY, reset before the message when RESET is 1).
    static let independentInflater = """
        import sys, zlib
        inflaters = {}
        for line in sys.stdin:
            key, reset, data = line.split()
            if reset == "1" or key not in inflaters:
                inflaters[key] = zlib.decompressobj(-15)
            print(inflaters[key].decompress(bytes.fromhex(data) + b"\\x00\\x00\\xff\\xff").hex())
        """

    static func jsonLines(_ arguments: [String]) throws -> [[String: Any]] {
        try CLI.run(arguments).stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test(arguments: captures)
    func messagesAgreeWithTheirFramesAndAnIndependentInflate(capture: String) throws {
        let path = CLI.capture(capture)
        let frames = try Self.jsonLines(["frames", path, "--format", "json"])
        let messages = try Self.jsonLines(["messages", path, "--format", "json"])
        let summaries = try Self.jsonLines(["summary", path, "--format", "json"])
        var payloads: [String: String] = [:]   // "connection/index" -> payload hex (frames checked against tshark above)
        for frame in frames { payloads["\(frame["connection"]!)/\(frame["index"]!)"] = frame["payload"] as? String }
        var noContextTakeover: [String: Bool] = [:]   // "connection/from"
        for summary in summaries {
            let extensions = ((summary["handshake"] as? [String: Any])?["extensions"] as? [String]) ?? []
            noContextTakeover["\(summary["connection"]!)/client"] = extensions.contains { $0.contains("client_no_context_takeover") }
            noContextTakeover["\(summary["connection"]!)/server"] = extensions.contains { $0.contains("server_no_context_takeover") }
        }
        var inflaterInput = ""
        var compressed: [(message: [String: Any], wire: String)] = []
        for message in messages {
            let connection = message["connection"]!
            let wire = (message["frameIndices"] as! [Int]).map { payloads["\(connection)/\($0)"] ?? "<missing>" }.joined()
            if message["compressed"] as! Bool {
                let key = "\(connection)/\(message["from"]!)"
                inflaterInput += "\(key) \(noContextTakeover[key] == true ? 1 : 0) \(wire.isEmpty ? "00" : wire)\n"
                compressed.append((message, wire))
            } else {
                #expect(message["data"] as! String == wire, "\(capture): message \(message["index"]!) is not its frames' payloads")
            }
            if message["opcodeName"] as! String == "text", message["validUTF8"] as? Bool == true {
                let data = Hex.bytes(message["data"] as! String)
                #expect(message["text"] as? String == String(decoding: data, as: UTF8.self))
            }
        }
        guard !compressed.isEmpty else { return }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-inflate-\(UUID().uuidString).py")
        try Self.independentInflater.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let inflated = try CLI.pipe("python3", [script.path], input: inflaterInput).split(separator: "\n", omittingEmptySubsequences: false)
        for (position, entry) in compressed.enumerated() {
            // An empty compressed message is the single byte 00 (RFC 7692 7.2.3.6), sent as "00" above.
            #expect(entry.message["data"] as! String == String(inflated[position]),
                    "\(capture): message \(entry.message["index"]!) inflates differently with Python's zlib")
        }
    }
}

enum Hex {
    static func bytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
