import Foundation
import TestSupport
import Testing

/// wss: real TLS sessions (Captures/wss/, recorded by Captures/record/record-wss.sh with Chromium,
/// Python and Node peers) decrypted with their key logs, against tshark's decryption of the same files.
@Suite(.serialized) struct WSSTests {
    static let captures: [String] = {
        let folder = CLI.root.appendingPathComponent("Captures/wss").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".pcap") }.sorted()
    }()

    static func paths(_ name: String) -> (capture: String, keys: String) {
        let capture = CLI.capture("wss/\(name)")
        return (capture, String(capture.dropLast(".pcap".count)) + ".keys")
    }

    @Test func everyCipherSuiteHasACapture() {
        #expect(Self.captures.count >= 5)
    }

    @Test("every frame equals tshark's decoding with the key log", .needs(.tshark), arguments: captures)
    func framesAgreeWithTshark(_ name: String) throws {
        let (capture, keys) = Self.paths(name)
        let theirs = try TsharkComparisonTests.tsharkFrames(capture, options: ["-o", "tls.keylog_file:\(keys)"])
        let ours = try TsharkComparisonTests.wslensFrames(capture, options: ["--keylog", keys])
        #expect(!theirs.isEmpty)
        #expect(ours.count == theirs.count, "\(name): wslens decodes \(ours.count) frames, tshark \(theirs.count)")
        for (mine, other) in zip(ours, theirs) {
            #expect(mine == other, "\(name): frame differs\n  wslens: \(mine)\n  tshark: \(other)")
        }
    }

    @Test("SSLKEYLOGFILE works like --keylog", arguments: captures.prefix(1))
    func environmentKeyLog(_ name: String) throws {
        let (capture, keys) = Self.paths(name)
        let byOption = try CLI.run(["frames", capture, "--keylog", keys, "--format", "json"])
        let byEnvironment = try CLI.run(["frames", capture, "--format", "json"], environment: ["SSLKEYLOGFILE": keys])
        #expect(byOption.status == 0 && !byOption.stdout.isEmpty)
        #expect(byEnvironment.stdout == byOption.stdout)
    }

    @Test("without keys nothing is invented", arguments: captures)
    func withoutKeys(_ name: String) throws {
        let (capture, _) = Self.paths(name)
        let result = try CLI.run(["frames", capture, "--format", "json"], removing: ["SSLKEYLOGFILE"])
        #expect(result.stdout.isEmpty, "no frames can be decoded from TLS without keys")
    }
}
