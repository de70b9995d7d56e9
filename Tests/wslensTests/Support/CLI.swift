import Foundation
import TestSupport
import Testing

/// Runs the built `wslens` executable, as a user would, and captures what it prints.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    /// The repository root (this file is Tests/wslensTests/Support/CLI.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func capture(_ name: String) -> String { root.appendingPathComponent("Captures/\(name)").path }

    /// The `wslens` binary next to the test bundle (SwiftPM builds both into the same folder).
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("wslens")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/wslens")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = executable,
                    workingDirectory: URL = root, removing: [String] = []) throws -> CLIResult {
        let (status, stdout, stderr) = try runRaw(arguments, environment: environment, executable: executable,
                                                  workingDirectory: workingDirectory, removing: removing)
        return CLIResult(status: status, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs wslens (or `executable`) and returns its exit status and raw output bytes, with the
    /// environment pinned so goldens hold on any machine: no color, English, 100 columns.
    static func runRaw(_ arguments: [String], environment: [String: String] = [:], executable: URL = executable,
                       workingDirectory: URL = root, removing: [String] = [],
                       input: [UInt8]? = nil) throws -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["COLUMNS"] = "100"
        for (key, value) in environment { env[key] = value }
        for key in removing { env[key] = nil }
        return try execute(executable, arguments, workingDirectory: workingDirectory, environment: env, input: input)
    }

    /// Runs a program and collects what it writes; reads before waiting, so a large output cannot
    /// fill the pipe and block the child.
    static func execute(_ executable: URL, _ arguments: [String], workingDirectory: URL? = nil,
                        environment: [String: String]? = nil,
                        input: [UInt8]? = nil) throws -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
        }
        // Standard error is drained on another thread while standard output is read here.
        nonisolated(unsafe) var errorBytes = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBytes = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputBytes = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, Array(outputBytes), Array(errorBytes))
    }

    /// Runs a tool of an external group (tshark) and returns its standard output; a missing tool
    /// fails the test with a message saying how to install it or skip the group.
    static func tool(_ group: ExternalTool, _ name: String, _ arguments: [String]) throws -> String {
        try group.require()
        let result = try execute(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments)
        return String(decoding: result.stdout, as: UTF8.self)
    }
}

extension CLI {
    /// Runs a program from PATH with the given standard input and returns its standard output.
    static func pipe(_ name: String, _ arguments: [String], input: String) throws -> String {
        let result = try execute(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, input: Array(input.utf8))
        return String(decoding: result.stdout, as: UTF8.self)
    }
}

/// Golden files: `Tests/wslensTests/Snapshots/NAME`. Set WSLENS_RECORD=1 to (re-)record them.
enum Golden {
    static let directory = CLI.root.appendingPathComponent("Tests/wslensTests/Snapshots")

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["WSLENS_RECORD"] != nil || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if ProcessInfo.processInfo.environment["WSLENS_RECORD"] == nil {
                Issue.record("Recorded a new golden file \(name); check it in and run again.", sourceLocation: sourceLocation)
            }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "output differs from golden file \(name) (WSLENS_RECORD=1 re-records)",
                sourceLocation: sourceLocation)
    }
}
