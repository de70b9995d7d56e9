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
        return try RunningProgram(ExternalTool.which("nsenter")!, command, environment: environment, currentDirectory: CLI.root)
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
