import Foundation
import TestSupport
import Testing

/// `benchmark-captures tls` seals the mixed profile's messages in TLS 1.3 records (CaptureCrafting,
/// swift-crypto) and writes the key log beside the capture: tshark decrypts it into the same frames
/// as wslens, and wslens finds the same frames as in the plain capture of the same seed.
@Suite(.serialized) struct BenchmarkTLSCaptureTests {
    static func generate(_ which: String, into folder: URL) throws {
        let tool = CLI.executable.deletingLastPathComponent().appendingPathComponent("benchmark-captures")
        #expect(FileManager.default.isExecutableFile(atPath: tool.path), "build the benchmark-captures product first")
        let process = Process()
        process.executableURL = tool
        process.arguments = [which, "--megabytes", "1", "--output", folder.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(.needs(.tshark)) func tsharkDecryptsTheTLSCaptureIntoWslensFrames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.generate("tls", into: folder)
        try Self.generate("mixed", into: folder)
        let capture = folder.appendingPathComponent("mixed-tls-1MB.pcap").path
        let keys = folder.appendingPathComponent("mixed-tls-1MB.keys").path
        // tshark shows a frame in the packet that completes its TLS record; wslens's `packets` end
        // where the frame's own last byte was (a ping may follow it in the same record): compare
        // with the packet that ended the frame's last record, which tlsRecords names.
        let json = try CLI.run(["frames", capture, "--format", "json", "--keylog", keys]).stdout.split(separator: "\n")
            .map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        var ours = try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", keys])
        let recordEnds = json.filter { $0["complete"] as? Bool != false }.map { object -> (Int, Int, Int) in
            let records = object["tlsRecords"] as! [[String: Any]]
            return ((object["packets"] as! [Int])[1], (object["connection"] as! Int) - 1, (records.last!["packets"] as! [Int]).last!)
        }
        var endOf: [String: Int] = [:]
        for (packet, stream, end) in recordEnds { endOf["\(packet)/\(stream)"] = end }
        ours = ours.map { frame in
            var frame = frame
            frame.packet = endOf["\(frame.packet)/\(frame.stream)"] ?? -1
            return frame
        }.sorted { ($0.packet, $0.stream) < ($1.packet, $1.stream) }
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(keys)"])
        #expect(ours.count > 200)
        #expect(ours.count == theirs.count)
        let firstDifference = zip(ours, theirs).first { $0 != $1 }
        #expect(firstDifference == nil, "first difference: \(String(describing: firstDifference))")
        // The same messages as the plain capture of the same seed (as many as fit the size).
        let plain = try CLI.run(["messages", folder.appendingPathComponent("mixed-1MB.pcap").path, "--format", "json"]).stdout
            .split(separator: "\n")
        let sealed = try CLI.run(["messages", capture, "--keylog", keys, "--format", "json"]).stdout.split(separator: "\n")
        #expect(!sealed.isEmpty)
        func payloads(_ lines: [Substring]) -> [String] {
            lines.map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["payload"] as? String ?? "" }
        }
        let first = payloads(sealed).prefix(50)
        #expect(Array(first) == Array(payloads(plain).prefix(first.count)))
        // Without keys: recognised as TLS, nothing invented.
        let none = try CLI.run(["frames", capture, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        #expect(none.stdout.isEmpty)
    }
}
