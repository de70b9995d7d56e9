import Foundation
import PacketCapture
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Live-capture tests run in a private network namespace, loopback only: the test binary runs the
/// one test again as a child process under `unshare -n` (loopback brought up), so the capture, the
/// peers and every packet stay inside that namespace and the machine's own interfaces are never
/// touched. A namespace that cannot be made fails the test (unless WSLENS_TEST_SKIP contains netns).
enum Namespaced {
    static let roleVariable = "WSLENS_TEST_CHILD"

    /// "netns" inside the namespace, "nocap" inside it without capture capabilities, nil in the parent.
    static var role: String? { ProcessInfo.processInfo.environment[roleVariable] }

    /// Runs `suite/test` again inside a new network namespace; fails with the child's output when it
    /// fails. `withoutCaptureCapabilities` drops CAP_NET_RAW and CAP_NET_ADMIN (setpriv) first.
    static func runChild(suite: String, test: String, withoutCaptureCapabilities: Bool = false,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let unshare = try Tool.require("unshare", group: "netns", install: "apt-get install util-linux")
        _ = try Tool.require("ip", group: "netns", install: "apt-get install iproute2")
        var command = [unshare, "-n", "--", "/bin/sh", "-c", "ip link set lo up && exec \"$@\"", "sh"]
        if withoutCaptureCapabilities {
            let setpriv = try Tool.require("setpriv", group: "netns", install: "apt-get install util-linux")
            command += [setpriv, "--bounding-set=-net_raw,-net_admin", "--inh-caps=-net_raw,-net_admin", "--"]
        }
        command += [executablePath(), "--testing-library", "swift-testing", "--filter", "\(suite)/\(test)\\("]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment[roleVariable] = withoutCaptureCapabilities ? "nocap" : "netns"
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = StreamCollector(output.fileHandleForReading)
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("\(test) did not finish within 120 s in its network namespace:\n\(collected.text)", sourceLocation: sourceLocation)
            return
        }
        process.waitUntilExit()
        let text = collected.waitForEnd()
        if process.terminationStatus != 0 || !text.contains("\(test)() passed") {
            let hint = text.contains("unshare failed") ? " (making a network namespace needs root or CAP_SYS_ADMIN)" : ""
            Issue.record("\(test) failed in its network namespace\(hint), status \(process.terminationStatus):\n\(text)",
                         sourceLocation: sourceLocation)
        }
    }

    /// This test binary, to run it again.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// `Fixtures/live_peer.py`: a python3-websockets echo server and client in one process, driven by
/// the test line by line ("go", then "close"). Started as this process's child, so in the network
/// namespace the test runs in.
enum LivePeer {
    static func start(port: Int, messages: Int) throws -> RunningProgram {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MissingTool(tool: python, group: "netns", install: "apt-get install python3 python3-websockets")
        }
        do {
            try Tool.run(python, ["-c", "import websockets"])
        } catch {
            throw MissingTool(tool: "python3-websockets", group: "netns", install: "apt-get install python3-websockets")
        }
        let peer = try RunningProgram(python, [Fixtures.fixture("live_peer.py"), String(port), String(messages)])
        guard peer.stdout.waitFor(line: "ready", seconds: 15) else {
            peer.stop()
            throw PeerFailed(output: peer.stdout.text + peer.stderr.text)
        }
        return peer
    }

    struct PeerFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "the live peer did not start: \(output)" }
    }
}

extension RunningProgram {
    /// Lets the live peer close and waits for it (it stops by itself after 30 s anyway).
    func finish() {
        if isRunning { send("close") }
        if waitForExit(seconds: 10) == nil { stop() }
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
