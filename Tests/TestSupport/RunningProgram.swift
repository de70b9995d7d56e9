import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program a test started: its standard input, what it writes, signals, its end.
public final class RunningProgram {
    public let process = Process()
    private let input = Pipe()
    public let stdout: StreamCollector
    public let stderr: StreamCollector

    /// Pins what a test pins (NO_COLOR, LANG, COLUMNS=300), then `environment` on top.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                currentDirectory: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        // Wide enough for wslens' own messages on stderr on one line each (rows are compared at this width too).
        env["COLUMNS"] = "300"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = input
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        stdout = StreamCollector(out.fileHandleForReading)
        stderr = StreamCollector(err.fileHandleForReading)
        try process.run()
    }

    public func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }
    public func write(_ bytes: [UInt8]) { input.fileHandleForWriting.write(Data(bytes)) }
    public func closeInput() { try? input.fileHandleForWriting.close() }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    public var isRunning: Bool { process.isRunning }

    /// The exit status (128 + the signal when a signal ended it), or nil when it still runs after `seconds`.
    public func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        process.waitUntilExit()
        _ = stdout.waitForEnd()
        _ = stderr.waitForEnd()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Stops it if it still runs (the end of a test that failed half-way).
    public func stop() {
        if process.isRunning { process.terminate() }
        _ = waitForExit(seconds: 5)
    }
}
