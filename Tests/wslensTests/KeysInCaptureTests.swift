import CaptureCrafting
import Foundation
import PacketCapture
import TestSupport
import Testing

/// wss with the keys inside the capture: a pcapng whose Decryption Secrets Block holds the key log
/// (`editcap --inject-secrets`, Captures/record/inject-secrets.sh) decrypts with no option, exactly
/// as the same packets with the key log beside them; where the file cannot be read again for its
/// secrets (standard input), wslens says so.
@Suite(.serialized) struct KeysInCaptureTests {
    /// Part 1's TLS 1.2 capture (two connections) with its key log inside, and the original pair.
    static let withKeys = CLI.capture("wss/wss-tls12-aes-gcm-dsb.pcapng")
    static let original = WSSTests.paths("wss-tls12-aes-gcm.pcap")

    static func summaries(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func framesEqualTheCaptureWithItsKeyLog() throws {
        let inside = try CLI.run(["frames", Self.withKeys, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        let beside = try CLI.run(["frames", Self.original.capture, "--keylog", Self.original.keys, "--format", "json"],
                                 removing: ["SSLKEYLOGFILE"])
        #expect(inside.status == 0 && beside.status == 0, "\(inside.stderr) \(beside.stderr)")
        #expect(inside.stdout.split(separator: "\n").count == 48)
        #expect(inside.stdout == beside.stdout, "the same frames, byte for byte, with the keys inside the capture")
        let messagesInside = try CLI.run(["messages", Self.withKeys, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        let messagesBeside = try CLI.run(["messages", Self.original.capture, "--keylog", Self.original.keys, "--format", "json"],
                                         removing: ["SSLKEYLOGFILE"])
        #expect(!messagesInside.stdout.isEmpty && messagesInside.stdout == messagesBeside.stdout)
    }

    @Test func theSummaryNamesWhereTheKeysCameFrom() throws {
        let inside = try Self.summaries(try CLI.run(["summary", Self.withKeys, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
        #expect(inside.count == 2)
        for connection in inside {
            let tls = connection["tls"] as! [String: Any]
            #expect(tls["keys"] as? String == "available")
            #expect(tls["keySource"] as? String == "capture")
        }
        // A key log given as well is used first.
        let both = try Self.summaries(try CLI.run(["summary", Self.withKeys, "--keylog", Self.original.keys, "--format", "json"]).stdout)
        #expect(both.map { ($0["tls"] as! [String: Any])["keySource"] as? String } == ["keyLog", "keyLog"])
        // Without any keys: null, and the text says how to get them, the pcapng way included.
        let none = try Self.summaries(try CLI.run(["summary", Self.original.capture, "--format", "json"], removing: ["SSLKEYLOGFILE"]).stdout)
        #expect(none.allSatisfy { ($0["tls"] as! [String: Any])["keySource"] is NSNull })
        #expect(none.allSatisfy { ($0["whyNotWebSocket"] as? String ?? "").contains("editcap --inject-secrets tls,keys.txt") })
        let text = try CLI.run(["summary", Self.withKeys], removing: ["SSLKEYLOGFILE"]).stdout
        #expect(text.contains("decrypted with the keys stored in the capture"))
    }

    @Test func gzippedFilesAreReadAgainForTheirKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let gzipped = folder.appendingPathComponent("class.pcapng.gz")
        try Data(GzipWriter.compress([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.withKeys))))).write(to: gzipped)
        let result = try CLI.run(["frames", gzipped.path, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        let plain = try CLI.run(["frames", Self.withKeys, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        #expect(result.status == 0)
        #expect(!result.stdout.isEmpty && result.stdout == plain.stdout)
    }

    @Test func standardInputCannotBeSearchedAndSaysSo() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.withKeys)))
        let piped = try CLI.runRaw(["frames", "-", "--format", "json"], removing: ["SSLKEYLOGFILE"], input: bytes)
        #expect(piped.status == 0)
        #expect(piped.stdout.isEmpty, "nothing can be decrypted from standard input without --keylog")
        let stderr = String(decoding: piped.stderr, as: UTF8.self)
        #expect(stderr.contains("2 TLS connections without keys: standard input cannot be read a second time"), "\(stderr)")
        #expect(stderr.contains("--keylog"))
        let german = try CLI.runRaw(["summary", "-", "--lang", "de"], removing: ["SSLKEYLOGFILE"], input: bytes)
        #expect(Self.unwrapped(german.stderr).contains(
            "wslens: Hinweis: 2 TLS-Verbindungen ohne Schlüssel: die Standardeingabe lässt sich kein zweites Mal nach den TLS-Schlüsseln lesen"),
                "\(Self.unwrapped(german.stderr))")
        // With --keylog, standard input decrypts and the note is not needed. (A short output: the
        // test writes all of standard input before it reads standard output.)
        let keyed = try CLI.runRaw(["summary", "-", "--keylog", Self.original.keys, "--format", "json"], removing: ["SSLKEYLOGFILE"],
                                   input: bytes)
        let summaries = try Self.summaries(String(decoding: keyed.stdout, as: UTF8.self))
        #expect(summaries.map { ($0["tls"] as! [String: Any])["keySource"] as? String } == ["keyLog", "keyLog"])
        #expect(keyed.stderr.isEmpty)
        // A pcap on standard input could not carry keys: nothing to say about them.
        let pcap = try CLI.runRaw(["summary", "-"], removing: ["SSLKEYLOGFILE"],
                                  input: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.original.capture))))
        #expect(pcap.stderr.isEmpty)
    }

    /// Standard error as one line (the note is wrapped to the terminal's width).
    static func unwrapped(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func aNamedPipeCannotBeSearchedAndSaysSoInBothLanguages() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.withKeys))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (language, note) in [("en", "wslens: note: 2 TLS connections without keys: PIPE cannot be read a second time for the TLS keys"),
                                 ("de", "wslens: Hinweis: 2 TLS-Verbindungen ohne Schlüssel: PIPE lässt sich kein zweites Mal nach den TLS-Schlüsseln lesen")] {
            let pipe = folder.appendingPathComponent("class-\(language).pcapng").path
            #expect(mkfifo(pipe, 0o600) == 0, "mkfifo \(pipe)")
            // The writer blocks until wslens opens the pipe for reading.
            Thread.detachNewThread {
                guard let handle = FileHandle(forWritingAtPath: pipe) else { return }
                handle.write(bytes)
                try? handle.close()
            }
            let result = try CLI.run(["summary", pipe, "--lang", language], removing: ["SSLKEYLOGFILE"])
            #expect(result.status == 0)
            #expect(Self.unwrapped(Array(result.stderr.utf8)).contains(note.replacingOccurrences(of: "PIPE", with: pipe)),
                    "\(result.stderr)")
        }
    }

    @Test(.needs(.tshark)) func tsharkDecryptsTheSameFileAlone() throws {
        let theirs = try TsharkComparisonTests.tsharkFrames(Self.withKeys)
        let ours = try TsharkComparisonTests.wslensFrames(Self.withKeys)
        #expect(theirs.count == 48)
        #expect(ours == theirs)
    }

    @Test(.needs(.tshark)) func theCommittedFileIsWhatEditcapMakes() throws {
        try ExternalTool.tshark.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-dsb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain.pcapng").path
        let made = folder.appendingPathComponent("made.pcapng").path
        _ = try CLI.tool(.tshark, "editcap", ["-F", "pcapng", Self.original.capture, plain])
        _ = try CLI.tool(.tshark, "editcap", ["--inject-secrets", "tls,\(Self.original.keys)", plain, made])
        let committed = try PcapngSecrets.scan(path: Self.withKeys)
        #expect(committed.problem == nil)
        #expect(committed.secrets.map(\.data) == [[UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.original.keys)))])
        #expect(try PcapngSecrets.scan(path: made).secrets.map(\.data) == committed.secrets.map(\.data))
        // The packets are the original's, unchanged.
        let ours = try CLI.run(["streams", Self.withKeys, "--format", "json"]).stdout
        #expect(ours == (try CLI.run(["streams", Self.original.capture, "--format", "json"]).stdout))
    }
}
