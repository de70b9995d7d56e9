import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, item 1, as a user runs it: `wslens -i lo` in a private network namespace with real
/// peers (python3-websockets server and client). Rows appear while the connection is still open,
/// `--count` ends by itself, Ctrl-C ends the capture with the report printed, and what was printed
/// live is what the saved copy (`-w`) gives afterwards.
@Suite(.serialized, .needs(.netns)) struct LiveCaptureCLITests {
    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wslens-live-\(UUID().uuidString)-\(name)").path
    }

    /// wslens started and listening (its first line on stderr says so).
    static func startWslens(_ namespace: NetworkNamespace, _ arguments: [String],
                            started: String = "wslens: capturing on lo") throws -> RunningProgram {
        let wslens = try namespace.start("wslens", arguments)
        guard wslens.stderr.waitFor(seconds: 10, { $0.contains(started) }) else {
            wslens.stop()
            Issue.record("wslens did not start capturing: \(wslens.stderr.text)")
            throw NetworkNamespace.Failed(description: "no capture")
        }
        return wslens
    }

    @Test func aFramesRowAppearsWhileTheConnectionIsOpen() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.close() }
        let copy = Self.temporaryFile("frames.pcap")
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let wslens = try Self.startWslens(namespace, ["frames", "-i", "lo", "--filter", "tcp port 8771", "-w", copy])
        defer { wslens.stop() }
        let peer = try LivePeer.start(in: namespace, port: 8771, messages: 3)
        defer { peer.stop() }
        peer.send("go")
        // The first client frame's row, while the peer holds the connection open for us.
        #expect(wslens.stdout.waitFor(seconds: 10) { $0.contains("C→S") && $0.contains("\"live message 0\"") },
                "no row while the connection is open: \(wslens.stdout.text) \(wslens.stderr.text)")
        #expect(peer.isRunning && !peer.stdout.text.contains("closed"), "the connection must still be open")
        #expect(peer.stdout.waitFor(seconds: 10) { $0.contains("echoed 2") })
        #expect(wslens.stdout.waitFor(seconds: 10) { $0.contains("S→C") && $0.contains("\"live message 2\"") })
        peer.send("close")
        #expect(peer.stdout.waitFor(seconds: 10) { $0.contains("closed") })
        #expect(wslens.stdout.waitFor(seconds: 10) { $0.contains("1000 Normal Closure") && $0.split(separator: "\n").count >= 10 })
        wslens.signal(SIGINT)
        #expect(wslens.waitForExit(seconds: 10) == 0, "\(wslens.stderr.text)")
        #expect(wslens.stderr.text.contains("stopped by Ctrl-C"), "\(wslens.stderr.text)")
        #expect(wslens.stderr.text.contains("dropped by the kernel"), "\(wslens.stderr.text)")
        // What came live is what the saved copy gives: 3 texts each way and the close frames.
        let saved = try CLI.run(["frames", copy], environment: ["COLUMNS": "300"])
        #expect(saved.status == 0)
        #expect(wslens.stdout.text == saved.stdout, "live:\n\(wslens.stdout.text)\nsaved:\n\(saved.stdout)")
        #expect(saved.stdout.split(separator: "\n").count == 2 + 8)
    }

    @Test func summaryWithCountEndsByItself() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.close() }
        let wslens = try Self.startWslens(namespace, ["summary", "-i", "lo", "--filter", "tcp port 8772", "--count", "12", "--format", "json"])
        defer { wslens.stop() }
        let peer = try LivePeer.start(in: namespace, port: 8772, messages: 5)
        defer { peer.stop() }
        peer.send("go")
        let status = wslens.waitForExit(seconds: 15)
        #expect(status == 0, "summary -i lo --count 12 did not end by itself: \(wslens.stderr.text)")
        #expect(wslens.stderr.text.contains("12 packets captured"), "\(wslens.stderr.text)")
        #expect(wslens.stderr.text.contains("after 12 packets (--count)"), "\(wslens.stderr.text)")
        let lines = try InputFilesTests.jsonLines(wslens.stdout.text)
        #expect(lines.count == 1)
        #expect(lines.first?["websocket"] as? Bool == true)
        // Twelve packets stop in the middle of the session: still open, and said so.
        #expect(lines.first?["end"] as? String == "openAtCaptureEnd", "\(lines)")
        #expect((lines.first?["findings"] as? [String])?.contains("ws.open-at-capture-end") == true)
        peer.send("close")
    }

    /// The notes on stderr speak the command's language, as its output does.
    @Test func theCaptureNotesAreInTheCommandsLanguage() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.close() }
        let wslens = try Self.startWslens(namespace, ["summary", "-i", "lo", "--filter", "tcp port 8778", "--count", "12", "--lang", "de"],
                                          started: "wslens: Mitschnitt auf lo")
        defer { wslens.stop() }
        #expect(wslens.stderr.text.contains("Snapshot-Länge") && wslens.stderr.text.contains("bis 12 Pakete (oder Strg-C)"), "\(wslens.stderr.text)")
        let peer = try LivePeer.start(in: namespace, port: 8778, messages: 5)
        defer { peer.stop() }
        peer.send("go")
        #expect(wslens.waitForExit(seconds: 15) == 0, "\(wslens.stderr.text)")
        #expect(wslens.stderr.text.contains("12 Pakete mitgeschnitten"), "\(wslens.stderr.text)")
        #expect(wslens.stderr.text.contains("vom Kernel verworfen") && wslens.stderr.text.contains("nach 12 Paketen (--count)"), "\(wslens.stderr.text)")
        #expect(!wslens.stderr.text.contains("captured"), "no English left: \(wslens.stderr.text)")
        peer.send("close")
    }

    @Test func ctrlCEndsTheCaptureWithTheReport() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.close() }
        let summary = try Self.startWslens(namespace, ["summary", "-i", "lo", "--filter", "tcp port 8773"])
        defer { summary.stop() }
        let check = try Self.startWslens(namespace, ["check", "-i", "lo", "--filter", "tcp port 8773", "--format", "json"])
        defer { check.stop() }
        let peer = try LivePeer.start(in: namespace, port: 8773, messages: 2)
        defer { peer.stop() }
        peer.send("go")
        #expect(peer.stdout.waitFor(seconds: 10) { $0.contains("echoed 1") })
        usleep(300_000)
        #expect(summary.isRunning && check.isRunning, "nothing ends a live summary but Ctrl-C")
        summary.signal(SIGINT)
        check.signal(SIGINT)
        #expect(summary.waitForExit(seconds: 10) == 0, "\(summary.stderr.text)")
        #expect(summary.stdout.text.contains("Connection 1: client 127.0.0.1:"), "\(summary.stdout.text)")
        #expect(summary.stdout.text.contains("the connection was still open when the capture ended"), "\(summary.stdout.text)")
        #expect(summary.stderr.text.contains("stopped by Ctrl-C"))
        // The same exit code as for a file: the python peer breaks no rule.
        #expect(check.waitForExit(seconds: 10) == 0, "\(check.stderr.text)")
        let verdict = try #require(try InputFilesTests.jsonLines(check.stdout.text).last)
        #expect(verdict["verdict"] as? String == "pass" && verdict["exitCode"] as? Int == 0, "\(verdict)")
        peer.send("close")
    }

    @Test func ladderAndFollowStreamAsItHappens() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.close() }
        let copy = Self.temporaryFile("ladder.pcap")
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let ladder = try Self.startWslens(namespace, ["ladder", "-i", "lo", "--filter", "tcp port 8774", "--format", "json", "-w", copy])
        defer { ladder.stop() }
        let follow = try Self.startWslens(namespace, ["explain", "-i", "lo", "--filter", "tcp port 8774", "--follow"])
        defer { follow.stop() }
        let peer = try LivePeer.start(in: namespace, port: 8774, messages: 1)
        defer { peer.stop() }
        peer.send("go")
        #expect(peer.stdout.waitFor(seconds: 10) { $0.contains("echoed 0") })
        // While the connection is open: the ladder's frame rows, and the first frame in full with its masking table.
        #expect(ladder.stdout.waitFor(seconds: 10) { $0.contains(#""kind":"frame""#) && $0.contains(#""label":"text 14 B""#) },
                "\(ladder.stdout.text)")
        #expect(follow.stdout.waitFor(seconds: 10) { $0.contains("Frame 1 of connection 1: text, server → client") },
                "\(follow.stdout.text) \(follow.stderr.text)")
        #expect(follow.stdout.text.contains("Unmasking (key "), "the client frame's masking table")
        #expect(peer.isRunning && !peer.stdout.text.contains("closed"))
        peer.send("close")
        #expect(peer.stdout.waitFor(seconds: 10) { $0.contains("closed") })
        #expect(ladder.stdout.waitFor(seconds: 10) { $0.contains(#""kind":"fin""#) })
        usleep(300_000)
        ladder.signal(SIGINT)
        follow.signal(SIGINT)
        #expect(ladder.waitForExit(seconds: 10) == 0)
        #expect(follow.waitForExit(seconds: 10) == 0)
        // The live rows are the saved copy's (unfolded) rows: TCP, the upgrade, frames, FINs.
        let live = try InputFilesTests.jsonLines(ladder.stdout.text)
        let saved = try InputFilesTests.jsonLines(try CLI.run(["ladder", copy, "--all", "--format", "json"], environment: ["COLUMNS": "300"]).stdout)
        func rows(_ objects: [[String: Any]], kinds: Set<String>) -> [String] {
            objects.filter { kinds.contains($0["kind"] as? String ?? "") }
                .map { "\($0["kind"]!) \($0["from"]!) \($0["label"]!) \($0["packets"]!) \($0["phase"]!)" }
        }
        let kinds: Set<String> = ["syn", "synAck", "request", "response", "frame", "fin"]
        #expect(rows(live, kinds: kinds) == rows(saved, kinds: kinds))
        #expect(live.map { $0["row"] as? Int } == Array(0..<live.count))
        #expect(rows(live, kinds: ["frame"]).count == 4)
        // And --follow explained every frame as `explain --frame N` does on the copy.
        for index in 0..<4 {
            let alone = try CLI.run(["explain", copy, "--frame", String(index)], environment: ["COLUMNS": "300"]).stdout
            #expect(follow.stdout.text.contains(alone.trimmingCharacters(in: .newlines)), "frame \(index)")
        }
    }

    @Test func aCaptureThatCannotStartSaysWhatToDo() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.close() }
        let setpriv = try #require(ExternalTool.which("setpriv"), "setpriv (util-linux) is needed")
        let without = try namespace.start(setpriv, ["--bounding-set=-net_raw,-net_admin", "--inh-caps=-net_raw,-net_admin", "--",
                                                    CLI.executable.path, "summary", "-i", "lo"])
        #expect(without.waitForExit(seconds: 10) == 5)
        #expect(without.stderr.text.contains("interface lo: no permission to capture"), "\(without.stderr.text)")
        #expect(without.stderr.text.contains("run as root") && without.stderr.text.contains("setcap cap_net_raw,cap_net_admin=eip"))
        let missing = try namespace.start("wslens", ["frames", "-i", "wslens-none0"])
        #expect(missing.waitForExit(seconds: 10) == 5)
        #expect(missing.stderr.text.contains("wslens interfaces"), "\(missing.stderr.text)")
        let interfaces = try namespace.start("wslens", ["interfaces", "--format", "json"])
        #expect(interfaces.waitForExit(seconds: 10) == 0)
        let listed = try InputFilesTests.jsonLines(interfaces.stdout.text)
        let loopback = try #require(listed.first { $0["name"] as? String == "lo" })
        #expect(loopback["loopback"] as? Bool == true && loopback["up"] as? Bool == true)
        #expect((loopback["addresses"] as? [String])?.contains("127.0.0.1") == true)
        // A namespace of its own: lo and the pseudo-interfaces, no eth0.
        #expect(!listed.contains { $0["name"] as? String == "eth0" })
    }
}
