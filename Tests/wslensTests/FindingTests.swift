import Foundation
import PacketCapture
import TestSupport
import Testing

/// Issue 16, item 4: finding things. The filters of `frames` and `messages` against the full JSON
/// filtered here, independently (NSRegularExpression, not Swift's Regex); `explain --packet N`
/// against the packets tshark says carry bytes; `explain --follow` against `explain --frame`.
@Suite(.serialized) struct FindingTests {
    static let captures = ["chat-three-clients.pcap", "chromium-deflate.pcap", "fragmented-ping.pcap", "buggy-student-client.pcap",
                           "rfc6455-examples.pcap", "python-echo-ipv6.pcapng", "node-ws-no-context-takeover.pcap"]

    typealias Object = [String: Any]

    static func json(_ arguments: [String]) throws -> [Object] {
        let result = try CLI.run(arguments + ["--format", "json"])
        #expect(result.status == 0 || result.status == 1, "\(arguments): \(result.stderr)")
        return try InputFilesTests.jsonLines(result.stdout)
    }

    static func firstPacketTime(_ capture: String) throws -> Double {
        let reader = try CaptureReader(path: CLI.capture(capture))
        return try #require(try reader.next()).timestamp.epochSeconds
    }

    static func key(_ object: Object) -> String { "\(object["connection"]!)/\(object["index"]!)" }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// What --grep reads, worked out from the JSON: a message's text, else its data as hex; a frame
    /// of a message is read as its message, a close frame as its reason, another frame as text when
    /// its payload is UTF-8, else as hex.
    static func searchable(message: Object) -> String { message["text"] as? String ?? message["data"] as! String }

    static func searchable(frame: Object, messages: [Object]) -> String {
        let opcode = frame["opcode"] as! Int
        if opcode < 8, let message = messages.first(where: { $0["connection"] as? Int == frame["connection"] as? Int
            && $0["from"] as? String == frame["from"] as? String && ($0["frameIndices"] as? [Int] ?? []).contains(frame["index"] as! Int) }) {
            return searchable(message: message)
        }
        if opcode == 8, frame["closeCode"] as? Int != nil { return frame["closeReason"] as? String ?? "" }
        let payload = frame["payload"] as! String
        return String(validating: hexBytes(payload), as: UTF8.self) ?? payload
    }

    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    struct Case: CustomStringConvertible {
        var arguments: [String]
        var keep: (Object) throws -> Bool
        var description: String { arguments.joined(separator: " ") }
    }

    /// Filters with their meaning, for one capture (bounds from its own times and texts).
    static func cases(_ capture: String, frames: [Object], messages: [Object]) throws -> (frames: [Case], messages: [Case]) {
        let start = try firstPacketTime(capture)
        let times = frames.compactMap { $0["time"] as? Double }.sorted()
        // Bounds between two rows' times, never on one: the JSON times are doubles (a tenth of a
        // microsecond off), so a bound on a row's time would leave that row to rounding.
        let middle = (between(times, near: 0.5, gap: 2e-5) ?? start) - start
        let late = between(times, near: 0.75, gap: 0.004) ?? start
        // A word of the first text message, and the first byte of the first binary data.
        let word = messages.compactMap { $0["text"] as? String }.first.flatMap { $0.split(separator: " ").first.map(String.init) }
        let binary = messages.first { $0["opcodeName"] as? String == "binary" }.flatMap { ($0["data"] as? String)?.prefix(4) }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let lateISO = iso.string(from: Date(timeIntervalSince1970: late))
        func time(_ object: Object) -> Double { object["time"] as! Double }
        var frameCases: [Case] = [
            Case(arguments: ["--from", "client"]) { $0["from"] as? String == "client" },
            Case(arguments: ["--from", "server", "--opcode", "ping,pong"]) { $0["from"] as? String == "server" && ["ping", "pong"].contains($0["opcodeName"] as! String) },
            Case(arguments: ["--opcode", "text", "--opcode", "continuation"]) { ["text", "continuation"].contains($0["opcodeName"] as! String) },
            Case(arguments: ["--opcode", "close"]) { $0["opcodeName"] as? String == "close" },
            Case(arguments: ["--since", String(middle)]) { time($0) - start >= middle - 1e-9 },
            Case(arguments: ["--until", String(middle), "--from", "server"]) { time($0) - start <= middle + 1e-9 && $0["from"] as? String == "server" },
            // ISO 8601 in UTC; the formatter writes milliseconds, so compare with what it wrote.
            Case(arguments: ["--since", lateISO]) { time($0) >= iso.date(from: lateISO)!.timeIntervalSince1970 - 1e-9 },
            Case(arguments: ["--grep", "Normal|going|away"]) { try matches("Normal|going|away", searchable(frame: $0, messages: messages)) },
        ]
        var messageCases: [Case] = [
            Case(arguments: ["--from", "server"]) { $0["from"] as? String == "server" },
            Case(arguments: ["--opcode", "binary"]) { $0["opcodeName"] as? String == "binary" },
            Case(arguments: ["--since", String(middle), "--until", String(middle + 0.5)]) { time($0) - start >= middle - 1e-9 && time($0) - start <= middle + 0.5 + 1e-9 },
            Case(arguments: ["--grep", "^[0-9a-f]{2}"]) { try matches("^[0-9a-f]{2}", searchable(message: $0)) },
        ]
        if let word {
            let pattern = NSRegularExpression.escapedPattern(for: word)
            frameCases.append(Case(arguments: ["--grep", pattern, "--from", "client"]) {
                try $0["from"] as? String == "client" && matches(pattern, searchable(frame: $0, messages: messages))
            })
            messageCases.append(Case(arguments: ["--grep", pattern]) { try matches(pattern, searchable(message: $0)) })
        }
        if let binary {
            let pattern = "^" + binary
            messageCases.append(Case(arguments: ["--grep", pattern, "--opcode", "binary"]) {
                try $0["opcodeName"] as? String == "binary" && matches(pattern, searchable(message: $0))
            })
        }
        return (frameCases, messageCases)
    }

    /// The middle between the first two times at least `gap` apart, from the `near` fraction of the list on.
    static func between(_ times: [Double], near fraction: Double, gap: Double) -> Double? {
        guard times.count > 1 else { return nil }
        let from = max(1, Int(Double(times.count) * fraction))
        for index in Array(from..<times.count) + Array(1..<from).reversed() where times[index] - times[index - 1] > gap {
            return (times[index] + times[index - 1]) / 2
        }
        return nil
    }

    @Test(arguments: captures)
    func filtersAgreeWithTheFullJSONFilteredHere(capture: String) throws {
        let path = CLI.capture(capture)
        let frames = try Self.json(["frames", path])
        let messages = try Self.json(["messages", path])
        let (frameCases, messageCases) = try Self.cases(capture, frames: frames, messages: messages)
        var nonEmpty = 0
        for (command, all, cases) in [("frames", frames, frameCases), ("messages", messages, messageCases)] {
            for filter in cases {
                let expected = try all.filter(filter.keep)
                let got = try Self.json([command, path] + filter.arguments)
                // The same rows, keeping their numbers, and each row as the full output has it.
                #expect(got.map(Self.key) == expected.map(Self.key), "\(capture): \(command) \(filter)")
                #expect(try InputFilesTests.canonical(got) == InputFilesTests.canonical(expected), "\(capture): \(command) \(filter)")
                if !expected.isEmpty && expected.count < all.count { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty >= 4, "\(capture): the filters chose too little to tell anything")
    }

    @Test func aFilterThatKeepsNothingSaysSo() throws {
        let result = try CLI.run(["frames", CLI.capture("seed-examples.pcap"), "--grep", "no such text anywhere"])
        #expect(result.status == 0)
        #expect(result.stdout == "No WebSocket frames matching the filters in \(CLI.capture("seed-examples.pcap")).\n")
        for bad in [["--opcode", "ping"], ["--since", "yesterday"], ["--grep", "("]] {
            let usage = try CLI.run(["messages", CLI.capture("seed-examples.pcap")] + bad)
            #expect(usage.status == 2, "\(bad): \(usage.stderr)")
        }
    }

    /// A compressed message's frames are found by its inflated text, not by their compressed bytes.
    @Test func compressedFramesAreFoundByTheirInflatedText() throws {
        let path = CLI.capture("chromium-deflate.pcap")
        let messages = try Self.json(["messages", path])
        let compressed = try #require(messages.first { $0["compressed"] as? Bool == true && $0["text"] is String })
        let word = try #require((compressed["text"] as? String)?.split(separator: " ").last.map(String.init))
        let frames = try Self.json(["frames", path, "--grep", NSRegularExpression.escapedPattern(for: word)])
        let indices = compressed["frameIndices"] as! [Int]
        #expect(frames.contains { $0["connection"] as? Int == compressed["connection"] as? Int && indices.contains($0["index"] as! Int) })
        #expect(frames.allSatisfy { $0["rsv1"] as? Bool == true || $0["opcode"] as? Int == 0 })
    }

    // MARK: explain --packet

    /// Per packet: its sender port and TCP payload length, from tshark.
    static func tsharkPackets(_ path: String) throws -> [Int: (port: Int, length: Int)] {
        let text = try CLI.tool(.tshark, "tshark", ["-r", path, "-T", "fields", "-E", "separator=\t", "-e", "frame.number",
                                                    "-e", "tcp.srcport", "-e", "tcp.len"])
        var packets: [Int: (Int, Int)] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 3, let number = Int(fields[0]), let port = Int(fields[1]), let length = Int(fields[2]) {
                packets[number] = (port, length)
            }
        }
        return packets
    }

    /// On captures of one connection without retransmissions, packet N carries bytes of a frame when
    /// it has payload, comes from the frame's sender, and lies between the frame's first and last packet.
    @Test(.needs(.tshark), arguments: ["fragmented-ping.pcap", "seed-examples.pcap", "chromium-deflate.pcap", "rfc6455-examples.pcap"])
    func explainPacketExplainsTheFramesItCarried(capture: String) throws {
        let path = CLI.capture(capture)
        let packets = try Self.tsharkPackets(path)
        let frames = try Self.json(["frames", path])
        var explained = 0
        func expected(_ number: Int) -> [Object] {
            let (port, length) = packets[number]!
            return frames.filter { frame in
                let range = frame["packets"] as! [Int]
                let sender = frame[frame["from"] as! String == "client" ? "client" : "server"] as! String
                return length > 0 && range[0] <= number && number <= range[1] && sender.hasSuffix(":\(port)")
            }
        }
        // Up to 12 packets that carry frames and 6 that do not, spread over the capture (a run each).
        let carrying = packets.keys.sorted().filter { !expected($0).isEmpty }
        let others = packets.keys.sorted().filter { expected($0).isEmpty }
        func spread(_ numbers: [Int], _ count: Int) -> [Int] {
            numbers.count <= count ? numbers : (0..<count).map { numbers[$0 * numbers.count / count] }
        }
        for number in spread(carrying, 12) + spread(others, 6) {
            let expected = expected(number)
            let result = try CLI.run(["explain", path, "--packet", String(number), "--format", "json"])
            if expected.isEmpty {
                #expect(result.status == 2, "\(capture): packet \(number) carried no frame: \(result.stdout)")
                #expect(result.stderr.contains("packet \(number) of \(path): nothing to explain"), "\(result.stderr)")
                continue
            }
            #expect(result.status == 0, "\(capture) packet \(number): \(result.stderr)")
            let got = try InputFilesTests.jsonLines(result.stdout)
            #expect(try InputFilesTests.canonical(got) == InputFilesTests.canonical(expected), "\(capture): packet \(number)")
            explained += 1
        }
        #expect(explained >= 3)
        // Text: each frame's explanation, as --frame gives it.
        let carrier = try #require(frames.first { ($0["packets"] as! [Int])[0] == ($0["packets"] as! [Int])[1] })
        let packet = (carrier["packets"] as! [Int])[0]
        let text = try CLI.run(["explain", path, "--packet", String(packet)]).stdout
        let alone = try CLI.run(["explain", path, "--frame", "\(carrier["index"]!)", "--connection", "\(carrier["connection"]!)"]).stdout
        #expect(text.contains(alone.trimmingCharacters(in: .newlines)))
        let beyond = try CLI.run(["explain", path, "--packet", "99999"])
        #expect(beyond.status == 2 && beyond.stderr.contains("has \(packets.count) packets"), "\(beyond.stderr)")
    }

    // MARK: explain --follow

    /// On a file, --follow explains every frame in order, each exactly as --frame N explains it
    /// (with its message, the inflated text of a compressed one, and its findings).
    @Test(arguments: ["fragmented-ping.pcap", "buggy-student-client.pcap", "chromium-deflate.pcap", "rfc6455-examples.pcap"])
    func followExplainsEveryFrameAsFrameDoes(capture: String) throws {
        let path = CLI.capture(capture)
        let frames = try Self.json(["frames", path])
        let followed = try CLI.run(["explain", path, "--follow", "--format", "json"])
        #expect(try InputFilesTests.canonical(try InputFilesTests.jsonLines(followed.stdout)) == InputFilesTests.canonical(frames))
        let text = try CLI.run(["explain", path, "--follow"])
        #expect(text.status == 0)
        var expected: [String] = []
        for frame in frames {
            let one = try CLI.run(["explain", path, "--frame", "\(frame["index"]!)", "--connection", "\(frame["connection"]!)"])
            expected.append(one.stdout.trimmingCharacters(in: .newlines))
        }
        #expect(text.stdout.trimmingCharacters(in: .newlines) == expected.joined(separator: "\n\n"), "\(capture)")
        #expect(frames.count >= 5)
    }
}
