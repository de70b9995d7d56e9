import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A private network namespace for live-capture tests, loopback only: `unshare -n` with `lo` up,
/// held open by a process that waits on its standard input; programs run in it through
/// `nsenter --net`. Nothing a test sends ever leaves it, and the machine's interfaces are not touched.
/// A namespace that cannot be made fails the test (unless WSLENS_TEST_SKIP names netns).
final class NetworkNamespace {
    private let holder = Process()
    private let input = Pipe()
    private let output: StreamCollector

    init() throws {
        try ExternalTool.netns.require()
        holder.executableURL = URL(fileURLWithPath: ExternalTool.which("unshare")!)
        holder.arguments = ["-n", "--", "/bin/sh", "-c", "ip link set lo up && echo up && exec cat"]
        holder.standardInput = input
        let pipe = Pipe()
        holder.standardOutput = pipe
        holder.standardError = pipe
        output = StreamCollector(pipe.fileHandleForReading)
        try holder.run()
        guard output.waitFor(seconds: 10, { $0.contains("up") }) else {
            holder.terminate()
            throw Failed(description: "no network namespace (unshare -n needs root or CAP_SYS_ADMIN): \(output.text)")
        }
    }

    struct Failed: Error, CustomStringConvertible { var description: String }

    /// Starts a program inside the namespace.
    func start(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> RunningProgram {
        var command = ["--net=/proc/\(holder.processIdentifier)/ns/net", "--", program] + arguments
        if program == "wslens" { command[2] = CLI.executable.path }
        return try RunningProgram(ExternalTool.which("nsenter")!, command, environment: environment)
    }

    /// Ends the namespace (its holder; the programs started in it are the tests' to end).
    func close() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while holder.isRunning && Date() < deadline { usleep(20_000) }
        if holder.isRunning { holder.terminate() }
    }

    deinit { close() }
}

/// A program a test started: its standard input, what it writes, signals, its end.
final class RunningProgram {
    let process = Process()
    private let input = Pipe()
    let stdout: StreamCollector
    let stderr: StreamCollector

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        // Wide enough for wslens' own messages on stderr on one line each (rows are compared at this width too).
        env["COLUMNS"] = "300"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = CLI.root
        process.standardInput = input
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        stdout = StreamCollector(out.fileHandleForReading)
        stderr = StreamCollector(err.fileHandleForReading)
        try process.run()
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }
    func write(_ bytes: [UInt8]) { input.fileHandleForWriting.write(Data(bytes)) }
    func closeInput() { try? input.fileHandleForWriting.close() }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    var isRunning: Bool { process.isRunning }

    /// The exit status (128 + the signal when a signal ended it), or nil when it still runs after `seconds`.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        process.waitUntilExit()
        _ = stdout.waitForEnd()
        _ = stderr.waitForEnd()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Stops it if it still runs (the end of a test that failed half-way).
    func stop() {
        if process.isRunning { process.terminate() }
        _ = waitForExit(seconds: 5)
    }
}

/// Collects a child's output on a thread of its own (a full pipe never blocks the child).
final class StreamCollector: @unchecked Sendable {
    // @unchecked: `data` and `ended` are only touched under the condition's lock.
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

    @discardableResult
    func waitForEnd(seconds: Double = 10) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        while !ended && condition.wait(until: deadline) {}
        condition.unlock()
        return text
    }

    /// Waits until the text written so far satisfies `condition`; false on timeout or at the end.
    func waitFor(seconds: Double, _ test: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if test(String(decoding: data, as: UTF8.self)) { return true }
            if ended || !condition.wait(until: deadline) { return false }
        }
    }
}

/// `Tests/PacketCaptureTests/Fixtures/live_peer.py`: a python3-websockets echo server and client
/// in one process, on 127.0.0.1:PORT, driven line by line ("go", then "close"): the connection
/// stays open until the test says so.
enum LivePeer {
    static func start(in namespace: NetworkNamespace, port: Int, messages: Int) throws -> RunningProgram {
        let script = CLI.root.appendingPathComponent("Tests/PacketCaptureTests/Fixtures/live_peer.py").path
        let peer = try namespace.start("/usr/bin/python3", [script, String(port), String(messages)])
        guard peer.stdout.waitFor(seconds: 15, { $0.contains("ready") }) else {
            peer.stop()
            Issue.record("the live peer did not start (python3 and python3-websockets are needed: make test installs them): \(peer.stdout.text) \(peer.stderr.text)")
            throw NetworkNamespace.Failed(description: "no live peer")
        }
        return peer
    }
}
