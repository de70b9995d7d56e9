import ArgumentParser
import Foundation
import Teaching
import WireBytes

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the seminar lessons, or print one with every embedded command's live output.",
        discussion: """
            The lessons are the Markdown files in Lessons/ (found next to the repository wslens was built \
            in, or given with --lessons DIR or the WSLENS_LESSONS environment variable). Every `wslens` \
            command a lesson embeds is run by this same wslens binary, from the folder that holds \
            Lessons/, so the paths Captures/... resolve; its output and exit status are inserted.

            Exit status 1 when a lesson file cannot be read or an embedded command does not exit as the \
            lesson expects.

            Examples:
              wslens lesson                        # list the lessons
              wslens lesson 3                      # lesson 3 (masking), with live outputs
              wslens lesson masking --step         # pause after each section
              wslens lesson 1 --format markdown > handout-01.md
              wslens lesson handshake --capture my-chat.pcapng   # on your capture
            """)

    @Argument(help: "A lesson's number or name; omit it to list the lessons.")
    var lesson: String?

    @OptionGroup var output: OutputOptions

    @Flag(help: "Pause after each section until Enter is pressed (only when stdin and stdout are a terminal).")
    var step = false

    @Option(help: ArgumentHelp("The folder of lesson files (default: $WSLENS_LESSONS, else the repository's Lessons/).",
                               valueName: "dir"))
    var lessons: String?

    @Option(help: ArgumentHelp("Run every command of the lesson on this capture instead of the bundled ones.",
                               valueName: "file"))
    var capture: String?

    func run() throws {
        let folder = try LessonFolder.locate(option: lessons)
        let all = try folder.load()
        let format: LessonRenderer.Format = switch output.format {
        case .text: .text
        case .markdown: .markdown
        case .json: .json
        }
        let style = Style(ascii: output.ascii, color: output.format == .text && output.usesColor)
        let renderer = LessonRenderer(format: format, style: style)

        guard let query = lesson else {
            Output.line(renderer.list(all))
            Output.flush()
            return
        }
        let chosen: Lesson
        do {
            chosen = try LessonCatalog.find(query, in: all)
        } catch {
            throw CommandFailure(message: error.description, status: ExitStatus.usage)
        }
        let replacement = try capture.map { path -> String in
            let url = URL(fileURLWithPath: path).standardizedFileURL
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw CommandFailure(message: "\(path): no such capture file", status: ExitStatus.unreadableCapture)
            }
            return url.path
        }

        // --ascii is passed on, so the commands draw their own tables in ASCII too.
        let runner = LessonRunner(executable: LessonRunner.currentExecutable(), workingDirectory: folder.base,
                                  extraArguments: output.ascii ? ["--ascii"] : [])
        let pauses = step && isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 && format == .text
        var mismatches: [String] = []
        for index in chosen.sections.indices {
            let commands = chosen.sections[index].commands.map { command in
                replacement.map { path in command.replacingArguments { LessonRunner.isCapturePath($0) ? path : nil } } ?? command
            }
            var shown = chosen
            shown.sections[index] = replacingCommands(in: chosen.sections[index], with: commands)
            let results = commands.map(runner.run)
            for (command, result) in zip(commands, results) where result.status != command.expectedStatus {
                mismatches.append("line \(command.line): `\(command.text)` exited \(result.status), expected \(command.expectedStatus)")
            }
            let rendered = renderer.render(shown, sectionAt: index, results: results)
            if !rendered.isEmpty {
                Output.line(rendered)
                if format != .json, index < chosen.sections.count - 1 { Output.line("") }
            }
            Output.flush()
            if pauses, index < chosen.sections.count - 1 {
                FileHandle.standardOutput.write(Data(style.dim("[Enter: next section, q: quit] ").utf8))
                guard let answer = readLine(), answer.lowercased() != "q" else { return }
            }
        }
        if !mismatches.isEmpty, replacement == nil {
            throw CommandFailure(message: "\(chosen.fileName): " + mismatches.joined(separator: "; "), status: ExitStatus.findings)
        }
    }

    private func replacingCommands(in section: LessonSection, with commands: [EmbeddedCommand]) -> LessonSection {
        var remaining = commands[...]
        var copy = section
        copy.blocks = section.blocks.map { block in
            guard case .commands(let original) = block else { return block }
            let replaced = Array(remaining.prefix(original.count))
            remaining = remaining.dropFirst(original.count)
            return .commands(replaced)
        }
        return copy
    }
}

/// Where the lessons are and the folder their commands run in (the one holding Lessons/ and Captures/).
struct LessonFolder {
    var directory: URL
    var base: URL { directory.deletingLastPathComponent() }

    static func locate(option: String?) throws -> LessonFolder {
        let manager = FileManager.default
        func isFolder(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        for (explicit, origin) in [(option, "--lessons"), (ProcessInfo.processInfo.environment["WSLENS_LESSONS"], "WSLENS_LESSONS")] {
            guard let explicit, !explicit.isEmpty else { continue }
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            guard isFolder(url) else {
                throw CommandFailure(message: "\(origin) \(explicit): no such folder", status: ExitStatus.usage)
            }
            return LessonFolder(directory: url)
        }
        let starts = [LessonRunner.currentExecutable().deletingLastPathComponent(),
                      URL(fileURLWithPath: manager.currentDirectoryPath)]
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("Lessons")
                if isFolder(candidate), isFolder(directory.appendingPathComponent("Captures")) {
                    return LessonFolder(directory: candidate)
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw CommandFailure(message: "no Lessons/ folder found near the wslens executable or the current directory; "
                                 + "pass --lessons DIR or set WSLENS_LESSONS", status: ExitStatus.usage)
    }

    /// Every lesson file (*.md except README.md), parsed and in teaching order.
    func load() throws -> [Lesson] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CommandFailure(message: "\(directory.path): cannot list the lessons", status: ExitStatus.findings)
        }
        var lessons: [Lesson] = []
        for name in names where name.lowercased().hasSuffix(".md") && name.lowercased() != "readme.md" {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CommandFailure(message: "\(url.path): cannot read the lesson", status: ExitStatus.findings)
            }
            do {
                lessons.append(try LessonParser.parse(fileName: name, text: String(decoding: data, as: UTF8.self)))
            } catch {
                throw CommandFailure(message: "\(url.path) \(error.description)", status: ExitStatus.findings)
            }
        }
        return LessonCatalog.sorted(lessons)
    }
}

/// Runs a lesson's commands with this same wslens binary and captures what they print.
struct LessonRunner {
    var executable: URL
    var workingDirectory: URL
    /// Appended to every command (not shown in the lesson).
    var extraArguments: [String] = []
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

    func run(_ command: EmbeddedCommand) -> EmbeddedCommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = command.arguments + extraArguments.filter { !command.arguments.contains($0) }
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
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
            return EmbeddedCommandResult(output: "wslens lesson: cannot run \(executable.path): \(error)", status: 127)
        }
        // A command that hangs must not hang the lesson (or the test suite): stop it after a while.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
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
