import CaptureCrafting
import Foundation
import PacketCapture
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, item 2: captures as people hand them in. gzip'd files read as they are, several files
/// as separate captures in argument order, `--merge` and ring-buffer sets as one capture whose rows
/// name each packet's own file, and standard input streamed.
@Suite(.serialized) struct InputFilesTests {
    /// Every capture under Captures/, sorted by path (relative to the repository).
    static let bundled: [String] = {
        let base = CLI.root.appendingPathComponent("Captures").path
        let names = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted().map { "Captures/" + $0 }
    }()

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// JSON lines as canonical text (keys sorted), `file` and `filePacket` left out.
    static func canonical(_ objects: [[String: Any]], dropping: Set<String> = ["file", "filePacket"]) throws -> [String] {
        try objects.map { object in
            let kept = object.filter { !dropping.contains($0.key) }
            return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    @Test func everyBundledCaptureIsListed() {
        #expect(Self.bundled.count >= 30, "\(Self.bundled)")
        #expect(Self.bundled.contains("Captures/wss/wss-tls13-chacha.pcap"))
    }

    // MARK: gzip

    /// One run per command over all captures (several captures in one run: each object names its file),
    /// the originals against gzip'd copies.
    @Test func gzippedCopiesGiveTheSameJSON() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var copies: [String] = []
        for capture in Self.bundled {
            let bytes = try Data(contentsOf: CLI.root.appendingPathComponent(capture))
            let copy = folder.appendingPathComponent(capture.replacingOccurrences(of: "/", with: "_") + ".gz")
            try Data(GzipWriter.compress([UInt8](bytes))).write(to: copy)
            copies.append(copy.path)
        }
        for command in ["summary", "frames", "messages", "check", "overhead", "ladder", "streams"] {
            let original = try CLI.run([command] + Self.bundled + ["--format", "json"])
            let gzipped = try CLI.run([command] + copies + ["--format", "json"])
            #expect(original.status == gzipped.status, "\(command): \(original.stderr) / \(gzipped.stderr)")
            let originalLines = try Self.jsonLines(original.stdout)
            let gzippedLines = try Self.jsonLines(gzipped.stdout)
            #expect(originalLines.count > Self.bundled.count / 2, "\(command) wrote \(originalLines.count) lines")
            // The same objects in the same order, each naming its own file.
            #expect(try Self.canonical(originalLines) == Self.canonical(gzippedLines), "\(command)")
            let files = originalLines.map { $0["file"] as? String }
            let expectedFiles = gzippedLines.map { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
            #expect(files.map { $0.map { $0.replacingOccurrences(of: "/", with: "_") + ".gz" } } == expectedFiles, "\(command)")
            #expect(Set(files.compactMap { $0 }).isSubset(of: Set(Self.bundled)), "\(command)")
        }
    }

    @Test func aGzippedCaptureAloneIsReadAsTheOriginal() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = CLI.capture("chromium-deflate.pcap")
        let copy = folder.appendingPathComponent("chromium-deflate.pcap.gz").path
        try Data(GzipWriter.compress([UInt8](try Data(contentsOf: URL(fileURLWithPath: original))))).write(to: URL(fileURLWithPath: copy))
        for command in [["frames"], ["explain", "--frame", "4"], ["report"]] {
            let plain = try CLI.run([command[0], original] + command.dropFirst())
            let gzipped = try CLI.run([command[0], copy] + command.dropFirst())
            #expect(plain.status == 0 && gzipped.status == 0)
            #expect(plain.stdout.replacingOccurrences(of: original, with: "FILE") == gzipped.stdout.replacingOccurrences(of: copy, with: "FILE"),
                    "\(command)")
        }
    }

    // MARK: Several files

    @Test func severalFilesAreSeparateCapturesInArgumentOrder() throws {
        let order = ["fragmented-ping.pcap", "chat-three-clients.pcap", "seed-examples.pcap"].map(CLI.capture)
        let together = try CLI.run(["summary"] + order + ["--format", "json"])
        #expect(together.status == 0)
        var expected: [[String: Any]] = []
        for capture in order {
            let alone = try Self.jsonLines(try CLI.run(["summary", capture, "--format", "json"]).stdout)
            expected += alone.map { $0.merging(["file": capture]) { $1 } }
        }
        let lines = try Self.jsonLines(together.stdout)
        #expect(try Self.canonical(lines, dropping: []) == Self.canonical(expected, dropping: []))
        // Connection numbers start again in every capture.
        #expect(lines.map { $0["connection"] as? Int } == [1, 1, 2, 3, 1])
        let text = try CLI.run(["frames"] + order).stdout
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("Capture: ") }
        #expect(headings == order.map { "Capture: \($0)"[...] })
    }

    @Test func oneUnreadableFileDoesNotStopTheOthers() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.pcap").path
        try Data("not a capture".utf8).write(to: URL(fileURLWithPath: broken))
        let result = try CLI.run(["summary", CLI.capture("seed-examples.pcap"), broken, CLI.capture("fragmented-ping.pcap"), "--format", "json"],
                                 environment: ["COLUMNS": "250"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("broken.pcap: not a readable pcap or pcapng capture"), "\(result.stderr)")
        let files = try Self.jsonLines(result.stdout).compactMap { $0["file"] as? String }
        #expect(files == [CLI.capture("seed-examples.pcap"), CLI.capture("fragmented-ping.pcap")])
    }

    @Test func commandsOfOneCaptureRefuseSeveral() throws {
        for command in [["explain", "--frame", "0"], ["report"]] {
            let result = try CLI.run([command[0], CLI.capture("seed-examples.pcap"), CLI.capture("fragmented-ping.pcap")] + command.dropFirst())
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("reads one capture, and 2 were given: name one file, or add --merge"), "\(result.stderr)")
        }
    }

    // MARK: Merged

    /// `editcap -c N` splits a capture into files of N packets (named as dumpcap names a ring buffer).
    static func split(_ capture: String, every packets: Int, into folder: URL) throws -> [String] {
        _ = try CLI.tool(.tshark, "editcap", ["-c", String(packets), CLI.capture(capture), folder.appendingPathComponent("part.pcap").path])
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("part_") }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    static let splitCaptures = ["chromium-deflate.pcap", "fragmented-ping.pcap", "buggy-student-client.pcap", "chat-three-clients.pcap",
                                "python-echo-ipv6.pcapng"]

    @Test(.needs(.tshark), arguments: splitCaptures)
    func aSplitCaptureMergedIsTheWhole(capture: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parts = try Self.split(capture, every: 7, into: folder)
        #expect(parts.count >= 3, "\(parts)")
        // Renamed so that no ring-buffer name merges them: --merge does.
        var renamed: [String] = []
        for (index, path) in parts.enumerated() {
            let name = folder.appendingPathComponent("piece-\(String(UnicodeScalar(UInt8(97 + index % 26))))\(index / 26).pcap").path
            try FileManager.default.moveItem(atPath: path, toPath: name)
            renamed.append(name)
        }
        let whole = CLI.capture(capture)
        for command in ["frames", "messages", "check", "ladder"] {
            let expected = try Self.jsonLines(try CLI.run([command, whole, "--format", "json"]).stdout)
            let merged = try CLI.run([command] + renamed.shuffled() + ["--merge", "--format", "json"])
            let lines = try Self.jsonLines(merged.stdout)
            #expect(try Self.canonical(lines) == Self.canonical(expected), "\(command) of \(capture)")
            // Every row tied to a packet names the file that holds it and its number there.
            for (line, original) in zip(lines, expected) where command != "check" || original["type"] == nil {
                let packet = (original["packets"] as? [Any])?.first as? Int ?? original["packet"] as? Int
                guard let packet else {
                    #expect(line["file"] is NSNull && line["filePacket"] is NSNull, "\(line)")
                    continue
                }
                let file = try #require(line["file"] as? String, "\(command): \(line)")
                let number = try #require(line["filePacket"] as? Int)
                #expect(renamed.contains(file))
                // The packets in the merged order are those of the whole, in order, so the file's
                // packet is the whole's packet.
                #expect(try Self.packetBytes(whole, packet) == Self.packetBytes(file, number), "\(command): packet \(packet) is not \(file) #\(number)")
            }
        }
    }

    @Test(.needs(.tshark)) func aRingBufferSetIsMergedAndSaysSo() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parts = try Self.split("fragmented-ping.pcap", every: 5, into: folder)
        let result = try CLI.run(["messages", folder.path, "--format", "json"], environment: ["COLUMNS": "1000"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("are one dumpcap/Wireshark ring buffer (-b: NAME_NNNNN_TIME): read as one capture, merged by timestamp"),
                "\(result.stderr)")
        let expected = try Self.jsonLines(try CLI.run(["messages", CLI.capture("fragmented-ping.pcap"), "--format", "json"]).stdout)
        let lines = try Self.jsonLines(result.stdout)
        #expect(try Self.canonical(lines) == Self.canonical(expected))
        #expect(lines.allSatisfy { parts.contains($0["file"] as? String ?? "") })
    }

    static func packetBytes(_ path: String, _ number: Int) throws -> [UInt8] {
        let reader = try CaptureReader(path: path)
        while let packet = try reader.next() {
            if packet.number == UInt64(number) { return Array(packet.bytes) }
        }
        return []
    }

    // MARK: Standard input

    @Test func standardInputIsTheSameCapture() throws {
        let capture = CLI.capture("chromium-deflate.pcap")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: capture)))
        for command in ["frames", "summary", "check", "ladder"] {
            let file = try CLI.run([command, capture, "--format", "json"])
            let piped = try CLI.runRaw([command, "-", "--format", "json"], input: bytes)
            #expect(piped.status == file.status, "\(command)")
            let pipedText = String(decoding: piped.stdout, as: UTF8.self)
            if command == "ladder" {
                // Streamed: every row as it happens (no folds, no notes that need the whole connection).
                let rows = try Self.jsonLines(pipedText)
                let all = try Self.jsonLines(try CLI.run([command, capture, "--all", "--format", "json"]).stdout)
                let frameRows = { (rows: [[String: Any]]) in rows.filter { $0["kind"] as? String == "frame" }.map { "\($0["frame"]!) \($0["label"]!) \($0["packets"]!)" } }
                #expect(frameRows(rows) == frameRows(all))
            } else {
                #expect(pipedText == file.stdout, "\(command)")
            }
        }
        // gzip'd on standard input too.
        let gzipped = try CLI.runRaw(["messages", "-", "--format", "json"], input: GzipWriter.compress(bytes))
        #expect(String(decoding: gzipped.stdout, as: UTF8.self) == (try CLI.run(["messages", capture, "--format", "json"])).stdout)
    }

    /// Standard input streams: a frame's row is printed while the pipe is still open. Ctrl-C does not
    /// cut the pipe short (the writer gets the same Ctrl-C, and what it wrote last is still to be
    /// read); a second Ctrl-C ends wslens.
    @Test func standardInputStreamsAndCtrlCReadsToTheEnd() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: CLI.capture("fragmented-ping.pcap"))))
        let frames = try RunningProgram(CLI.executable.path, ["frames", "-"])
        defer { frames.stop() }
        frames.write(bytes)
        #expect(frames.stdout.waitFor(seconds: 10) { $0.contains("1000 Normal Closure") }, "no rows before the end of the input")
        #expect(frames.isRunning)
        frames.closeInput()
        #expect(frames.waitForExit(seconds: 10) == 0)
        #expect(frames.stdout.text == (try CLI.run(["frames", CLI.capture("fragmented-ping.pcap")], environment: ["COLUMNS": "300"])).stdout)

        let summary = try RunningProgram(CLI.executable.path, ["summary", "-", "--format", "json"])
        defer { summary.stop() }
        summary.write(Array(bytes.prefix(bytes.count / 2)))
        usleep(300_000)
        summary.signal(SIGINT)
        usleep(300_000)
        #expect(summary.isRunning, "after one Ctrl-C standard input is read to its end")
        summary.write(Array(bytes.dropFirst(bytes.count / 2)))
        summary.closeInput()
        #expect(summary.waitForExit(seconds: 10) == 0, "\(summary.stderr.text)")
        #expect(summary.stdout.text == (try CLI.run(["summary", CLI.capture("fragmented-ping.pcap"), "--format", "json"])).stdout)
        #expect(summary.stderr.text.contains("to the end of the input after Ctrl-C"), "\(summary.stderr.text)")

        let stuck = try RunningProgram(CLI.executable.path, ["summary", "-"])
        defer { stuck.stop() }
        stuck.write(bytes)
        usleep(300_000)
        stuck.signal(SIGINT)
        usleep(300_000)
        #expect(stuck.isRunning)
        stuck.signal(SIGINT)
        #expect(stuck.waitForExit(seconds: 5) == 128 + SIGINT, "a second Ctrl-C ends wslens")
    }
}
