import Foundation
import PacketCapture
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
        let collected = OutputCollector(output.fileHandleForReading)
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

/// Collects a child's output on a thread of its own (so a full pipe never blocks the child).
final class OutputCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var ended = false

    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty { ended = true } else { data.append(chunk) }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }.start()
    }

    var text: String { condition.lock(); defer { condition.unlock() }; return String(decoding: data, as: UTF8.self) }

    var lines: [String] { text.split(separator: "\n").map(String.init) }

    func waitForEnd(seconds: Double = 10) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        while !ended && condition.wait(until: deadline) {}
        condition.unlock()
        return text
    }

    /// Waits until a line equal to `line` has been printed; false on timeout.
    func waitFor(line: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if String(decoding: data, as: UTF8.self).split(separator: "\n").contains(where: { $0 == line }) { return true }
            if ended || !condition.wait(until: deadline) { return false }
        }
    }
}

/// `Fixtures/live_peer.py`: a websockets echo server and client in one process, driven by the test.
final class LivePeer {
    private let process = Process()
    private let input = Pipe()
    let output: OutputCollector

    init(port: Int, messages: Int) throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MissingTool(tool: python, group: "netns", install: "apt-get install python3 python3-websockets")
        }
        do {
            try Tool.run(python, ["-c", "import websockets"])
        } catch {
            throw MissingTool(tool: "python3-websockets", group: "netns", install: "apt-get install python3-websockets")
        }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Fixtures.fixture("live_peer.py"), String(port), String(messages)]
        process.standardInput = input
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        output = OutputCollector(pipe.fileHandleForReading)
        try process.run()
        guard output.waitFor(line: "ready", seconds: 15) else {
            process.terminate()
            throw PeerFailed(output: output.text)
        }
    }

    struct PeerFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "the live peer did not start: \(output)" }
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    var isRunning: Bool { process.isRunning }

    /// Lets the peer close and waits for it (it stops by itself after 30 s anyway).
    func finish() {
        if process.isRunning { send("close") }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
