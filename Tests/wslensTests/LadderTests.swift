import Foundation
import Testing

/// `wslens ladder`: golden files at 80, 100 and 120 columns on the bundled captures (COLUMNS,
/// LANG and NO_COLOR pinned by `CLI.run`), no line wider than the width on any capture, and what
/// the rows must say about the lifecycle.
@Suite(.serialized)
struct LadderTests {
    static let captures: [(String, String)] = [
        ("seed", "Captures/seed-examples.pcap"),
        ("fragmented-ping", "Captures/fragmented-ping.pcap"),
        ("chromium-deflate", "Captures/chromium-deflate.pcap"),
        ("polling-vs-websocket", "Captures/polling-vs-websocket.pcap"),
    ]

    static let goldenCases: [(String, [String])] = captures.flatMap { stem, path in
        [80, 100, 120].map { width in ("ladder-\(stem)-\(width).txt", ["ladder", path, "--width", String(width)]) }
            + [("ladder-\(stem).md", ["ladder", path, "--format", "markdown", "--width", "80"]),
               ("ladder-\(stem).jsonl", ["ladder", path, "--format", "json"])]
    }

    @Test(arguments: goldenCases.map(\.0))
    func golden(_ name: String) throws {
        let arguments = Self.goldenCases.first { $0.0 == name }!.1
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        try Golden.check(result.stdout, named: name)
    }

    /// Every bundled capture (and the ones people bring), every width from 60 to 140 in steps,
    /// Unicode and ASCII, text and Markdown: no line is wider than asked.
    @Test func noLineWiderThanTheWidth() throws {
        let folder = CLI.root.appendingPathComponent("Captures")
        var files = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { "Captures/" + $0 }
        files += try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("brought").path).map { "Captures/brought/" + $0 }
        files = files.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
        #expect(files.count >= 20)
        for file in files {
            for (width, extra) in [(60, ["--ascii"]), (80, []), (100, ["--time", "absolute"]), (120, ["--format", "markdown"]),
                                   (140, ["--all", "--time", "delta"])] {
                let result = try CLI.run(["ladder", file, "--width", String(width)] + extra)
                #expect(result.status == 0, "\(file): \(result.stderr)")
                for line in result.stdout.split(separator: "\n") {
                    #expect(line.count <= width, "\(file) at \(width) \(extra): \(line.count) columns: \(line)")
                }
                if extra.contains("--ascii") {
                    #expect(result.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(file): non-ASCII with --ascii")
                }
            }
        }
    }

    @Test func widthComesFromColumnsWhenNotGiven() throws {
        let narrow = try CLI.run(["ladder", "Captures/seed-examples.pcap"], environment: ["COLUMNS": "72"])
        #expect(narrow.stdout.split(separator: "\n").allSatisfy { $0.count <= 72 })
        #expect(narrow.stdout.split(separator: "\n").contains { $0.count > 66 }, "the comment column uses the width it is given")
        let given = try CLI.run(["ladder", "Captures/seed-examples.pcap", "--width", "120"], environment: ["COLUMNS": "72"])
        #expect(given.stdout.split(separator: "\n").contains { $0.count > 72 }, "--width wins over COLUMNS")
        let unset = try CLI.run(["ladder", "Captures/seed-examples.pcap"], removing: ["COLUMNS"])
        #expect(unset.stdout == (try CLI.run(["ladder", "Captures/seed-examples.pcap", "--width", "100"])).stdout,
                "not a terminal and no COLUMNS: 100 columns")
        let tooNarrow = try CLI.run(["ladder", "Captures/seed-examples.pcap", "--width", "10"])
        #expect(tooNarrow.status == 2)
    }

    /// The lifecycle of the seed examples, row by row (the thesis' conversation): TCP handshake,
    /// Upgrade, the masked text, ping and pong with the RTT, the close handshake, FIN, FIN, ACK.
    @Test func seedLifecycle() throws {
        let rows = try Self.jsonRows(["ladder", "Captures/seed-examples.pcap"])
        #expect(rows.map { $0["kind"] as? String } == ["syn", "synAck", "ack", "request", "response", "frame", "frame", "frame",
                                                       "frame", "frame", "fin", "fin", "ack"])
        #expect(rows.map { $0["from"] as? String } == ["client", "server", "client", "client", "server", "client", "server", "client",
                                                       "client", "server", "server", "client", "server"])
        #expect(rows.map { $0["phase"] as? String } == ["opening", "opening", "opening", "opening", "opening", "data", "data", "data",
                                                        "closing", "closing", "closing", "closing", "closing"])
        #expect(rows.map { ($0["packets"] as? [Int])?.first } == [1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 18, 19, 20])
        #expect((rows[4]["detail"] as? String)?.contains("Sec-WebSocket-Accept ✓ matches the key") == true)
        #expect((rows[5]["detail"] as? String)?.contains("masked with 3c2e3f4a: \"cs.hm.edu\"") == true)
        #expect((rows[6]["detail"] as? String)?.contains("answered by the pong in frame 2 after 2.000 ms") == true)
        #expect((rows[8]["detail"] as? String)?.contains("the client starts the closing handshake") == true)
        #expect((rows[9]["detail"] as? String)?.contains("the closing handshake is complete") == true)
        #expect(rows.allSatisfy { ($0["findings"] as? [Any])?.isEmpty == true })
    }

    /// A run of data frames folds into one row that says how many frames and bytes it stands for;
    /// --all draws every frame, and the counts agree with `frames`.
    @Test func foldsLongRunsUnlessAll() throws {
        let folded = try Self.jsonRows(["ladder", "Captures/polling-vs-websocket.pcap"])
        let fold = try #require(folded.first { $0["kind"] as? String == "fold" })
        #expect(fold["foldedFrames"] as? Int == 6)
        #expect(fold["foldedBytes"] as? Int == 72)
        #expect((fold["label"] as? String) == "… 6 frames …")
        let all = try Self.jsonRows(["ladder", "Captures/polling-vs-websocket.pcap", "--all"])
        #expect(!all.contains { $0["kind"] as? String == "fold" })
        let frames = try CLI.run(["frames", "Captures/polling-vs-websocket.pcap", "--format", "json"]).stdout
            .split(separator: "\n").count
        #expect(all.filter { $0["kind"] as? String == "frame" }.count == frames)
        #expect(folded.filter { $0["kind"] as? String == "frame" }.count + 6 == frames)
    }

    /// What the capture does not show is said: a capture that starts late, one that ends with the
    /// connection open, a refused upgrade.
    @Test func saysWhatItCannotSee() throws {
        let late = try Self.jsonRows(["ladder", "Captures/brought/late-start.pcap"])
        #expect(late.first?["kind"] as? String == "finding")
        #expect((late.first?["findings"] as? [String])?.contains("tcp.start-not-captured") == true)
        #expect(!late.contains { $0["kind"] as? String == "syn" })
        #expect(!late.contains { $0["phase"] as? String == "opening" }, "no opening handshake is in the capture to label")
        #expect(late.first?["phase"] as? String == "data")
        let open = try Self.jsonRows(["ladder", "Captures/brought/left-open.pcap"])
        #expect(open.last?["kind"] as? String == "end")
        let refused = try Self.jsonRows(["ladder", "Captures/brought/upgrade-refused-403.pcap"])
        let response = try #require(refused.first { $0["kind"] as? String == "response" })
        #expect(response["label"] as? String == "403")
        #expect((response["detail"] as? String)?.contains("the upgrade is refused") == true)
        #expect(refused.filter { $0["kind"] as? String == "request" }.count == 1)
        #expect(!refused.contains { $0["phase"] as? String == "data" })
    }

    @Test func connectionOptionDrawsAnyConnection() throws {
        let http = try Self.jsonRows(["ladder", "Captures/polling-vs-websocket.pcap", "--connection", "1"])
        #expect(http.contains { $0["kind"] as? String == "exchange" })
        #expect(http.allSatisfy { $0["connection"] as? Int == 1 })
        let missing = try CLI.run(["ladder", "Captures/polling-vs-websocket.pcap", "--connection", "9"])
        #expect(missing.stdout.contains("No connection 9"))
    }

    static func jsonRows(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try CLI.run(arguments + ["--format", "json"])
        return try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
