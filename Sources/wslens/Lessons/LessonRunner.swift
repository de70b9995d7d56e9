import Foundation
import Localization
import Teaching
import WireBytes

/// Runs a lesson's commands with this same wslens binary and captures what they print.
struct LessonRunner {
    var executable: URL
    var workingDirectory: URL
    /// Appended to every command (not shown in the lesson).
    var extraArguments: [String] = []
    /// `--format` for every command that does not choose its own (Markdown for a handout).
    var format: String?
    /// The width the commands lay their text out for (their COLUMNS).
    var columns: Int = 100
    /// Passed to every command as `--lang` (unless the command names one itself), so the commands
    /// speak the lesson's language whatever LC_ALL, LC_MESSAGES and LANG say.
    var language: Language?
    /// Seconds a command may run before it is stopped.
    var timeout: Double = 120

    /// This process's executable: /proc/self/exe on Linux, else the bundle's path or argv[0].
    static func currentExecutable() -> URL {
        let manager = FileManager.default
        if let path = try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath() }
        let argument = CommandLine.arguments.first ?? "wslens"
        if argument.contains("/") {
            return URL(fileURLWithPath: argument, relativeTo: URL(fileURLWithPath: manager.currentDirectoryPath))
                .standardizedFileURL.resolvingSymlinksInPath()
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(argument)
            if manager.isExecutableFile(atPath: candidate.path) { return candidate.resolvingSymlinksInPath() }
        }
        return URL(fileURLWithPath: argument)
    }

    /// An argument naming a capture file (replaced by `--capture`).
    static func isCapturePath(_ argument: String) -> Bool {
        let lower = argument.lowercased()
        return !lower.hasPrefix("-") && (lower.hasSuffix(".pcap") || lower.hasSuffix(".pcapng") || lower.hasSuffix(".cap"))
    }

    /// A command's arguments with the flags every command of the lesson gets: the extra ones,
    /// `--format` and `--lang` unless the command chooses its own.
    static func arguments(_ arguments: [String], extra: [String], format: String? = nil, language: Language?) -> [String] {
        func chooses(_ option: String) -> Bool { arguments.contains { $0 == option || $0.hasPrefix(option + "=") } }
        var result = arguments + extra.filter { !arguments.contains($0) }
        if let format, !chooses("--format") { result += ["--format", format] }
        if let language, !chooses("--lang") { result += ["--lang", language.rawValue] }
        return result
    }

    private static let watchdogs = DispatchQueue(label: "wslens.lesson-runner.watchdog")

    func run(_ command: EmbeddedCommand) -> EmbeddedCommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = Self.arguments(command.arguments, extra: extraArguments, format: format, language: language)
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = String(columns)
        process.environment = environment
        // One pipe for both: the output reads as it would on a terminal (wslens flushes stdout
        // before it writes to stderr).
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return EmbeddedCommandResult(output: Style(language: language ?? .source).tr("cli.lesson.cannotRun", executable.path, "\(error)"),
                                         status: 127)
        }
        // A command that hangs must not hang the lesson (or the test suite): stop it after a while.
        // The watchdog has a queue of its own: under a busy test run the global queues' threads can all
        // be blocked reading other commands' pipes, and a watchdog there fired only after the command ended.
        // SIGKILL, not Process.terminate(): a child inherits an ignored SIGTERM (the test runner
        // ignores it), and a command that hangs must end whatever its parent did.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        Self.watchdogs.asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        // wslens escapes capture bytes itself; this keeps a broken build's output from reaching the terminal raw.
        var output = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            if scalar == "\n" || scalar == "\t" || TerminalSafe.isSafe(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                output += TerminalSafe.escape(String(scalar))
            }
        }
        return EmbeddedCommandResult(output: output, status: status)
    }
}
