import Foundation
import TestSupport
import Testing

/// Issue 12, item 7: `--filter` keeps connection numbers as they are without it, as packet numbers
/// already are: connections are numbered over every packet of the file, those the filter hides
/// included, and a connection none of whose packets match is not listed. Checked against
/// tshark's `tcp.stream` with the equivalent display filter.
@Suite(.serialized) struct FilterNumberingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var capture: String
        var bpf: String
        var display: String
        var testDescription: String { "\(capture) \(bpf)" }
    }

    static let cases: [Case] = [
        Case(capture: "chromium-deflate.pcap", bpf: "tcp port 8765", display: "tcp.port==8765"),
        Case(capture: "chromium-deflate.pcap", bpf: "tcp port 58004 or tcp port 8765", display: "tcp.port==58004 || tcp.port==8765"),
        Case(capture: "chromium-deflate.pcap", bpf: "tcp[tcpflags] & tcp-push != 0", display: "tcp.flags.push==1"),
        Case(capture: "chat-three-clients.pcap", bpf: "tcp port 44534", display: "tcp.port==44534"),
        Case(capture: "chat-three-clients.pcap", bpf: "greater 200", display: "frame.len >= 200"),
        Case(capture: "polling-vs-websocket.pcap", bpf: "tcp port 8765", display: "tcp.port==8765"),
        Case(capture: "polling-vs-push-latency.pcap", bpf: "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
             display: "tcp.flags.syn==1 || tcp.flags.fin==1"),
        Case(capture: "brought/polls-and-upgrade-two-connections.pcap", bpf: "tcp port 52496", display: "tcp.port==52496"),
    ]

    /// tshark's streams (1-based, as wslens numbers them) with the packets of each that match.
    static func tsharkStreams(_ path: String, display: String) throws -> [Int: Int] {
        let text = try CLI.tool(.tshark, "tshark", ["-r", path, "-Y", display, "-T", "fields", "-e", "tcp.stream"])
        var packets: [Int: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let stream = Int(line.trimmingCharacters(in: .whitespaces)) else { continue }
            packets[stream + 1, default: 0] += 1
        }
        return packets
    }

    static func wslensStreams(_ arguments: [String]) throws -> [Int: Int] {
        let result = try CLI.run(["streams"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        var packets: [Int: Int] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            packets[try #require(object["connection"] as? Int)] = try #require(object["packets"] as? Int)
        }
        return packets
    }

    @Test(arguments: cases)
    func filteredConnectionsKeepTheirNumbers(_ testCase: Case) throws {
        let path = CLI.capture(testCase.capture)
        let expected = try Self.tsharkStreams(path, display: testCase.display)
        #expect(!expected.isEmpty, "the filter must leave something")
        let filtered = try Self.wslensStreams([path, "--filter", testCase.bpf])
        #expect(filtered == expected, "wslens \(filtered.sorted { $0.key < $1.key }) vs tshark \(expected.sorted { $0.key < $1.key })")
        // The same numbers as the unfiltered run gives those connections.
        let all = try Self.wslensStreams([path])
        #expect(Set(filtered.keys).isSubset(of: Set(all.keys)))
    }

    @Test func aFilteredConnectionIsSelectedByItsUnfilteredNumber() throws {
        let path = CLI.capture("chromium-deflate.pcap")
        let frames = try CLI.run(["frames", path, "--filter", "tcp port 8765", "--format", "json"])
        #expect(frames.status == 0)
        #expect(frames.stdout.contains(#""connection":4"#) && !frames.stdout.contains(#""connection":1"#))
        let check = try CLI.run(["check", path, "--filter", "tcp port 8765", "--connection", "4"])
        #expect(check.status == 0, "\(check.stderr)")
        let gone = try CLI.run(["summary", path, "--filter", "tcp port 8765", "--connection", "1"], environment: ["COLUMNS": "250"])
        #expect(gone.status == 2)
        #expect(gone.stderr.contains("its TCP connection matching the filter is 4."), "\(gone.stderr)")
    }
}
