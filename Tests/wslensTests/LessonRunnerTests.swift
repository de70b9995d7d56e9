import Foundation
import Teaching
import Testing
@testable import wslens

/// The lesson runner on its own: it runs a command, keeps its exit status, escapes what the
/// command printed, lays the output out for the width it is given, asks for the handout's format
/// unless the command chose one, and stops a command that hangs.
@Suite struct LessonRunnerTests {
    static func runner(timeout: Double = 120, format: String? = nil, columns: Int = 100) -> LessonRunner {
        LessonRunner(executable: URL(fileURLWithPath: "/bin/sh"), workingDirectory: FileManager.default.temporaryDirectory,
                     extraArguments: [], format: format, columns: columns, timeout: timeout)
    }

    static func command(_ script: String, _ extra: [String] = []) -> EmbeddedCommand {
        EmbeddedCommand(text: script, arguments: ["-c", script, "sh"] + extra, line: 1)
    }

    @Test func statusAndOutputAreKeptAndTerminalEscapesNeutralised() {
        let result = Self.runner().run(Self.command("printf 'a\\033[2Jb\\n'; echo err >&2; exit 3"))
        #expect(result.status == 3)
        #expect(result.output.contains("a\\x1b[2Jb"), "\(result.output)")
        #expect(!result.output.unicodeScalars.contains("\u{1b}"))
        #expect(result.output.contains("err"), "stderr is shown with stdout")
    }

    @Test func theCommandsSeeTheWidthAndNoColor() {
        let result = Self.runner(columns: 78).run(Self.command("echo \"$COLUMNS $NO_COLOR\""))
        #expect(result.output == "78 1\n")
    }

    @Test func aHandoutAsksForMarkdownUnlessTheCommandChoseAFormat() {
        let runner = Self.runner(format: "markdown")
        #expect(runner.run(Self.command("echo \"$@\"", ["summary"])).output == "summary --format markdown\n")
        #expect(runner.run(Self.command("echo \"$@\"", ["check", "--format", "json"])).output == "check --format json\n")
    }

    @Test func aCommandThatHangsIsStopped() {
        let start = Date()
        let result = Self.runner(timeout: 0.5).run(Self.command("echo waiting; exec sleep 30"))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 128 + 9, "stopped by SIGKILL")
        #expect(result.output == "waiting\n")
    }

    // Not tested, because not so: a process the command leaves running in the background keeps the
    // pipe open, and the runner waits for it (Foundation's Process on Linux also reports the exit only
    // when every holder of its descriptors has ended). wslens commands start no such processes.

    @Test func aMissingExecutableIsSaid() {
        var runner = Self.runner()
        runner.executable = URL(fileURLWithPath: "/nonexistent/wslens")
        let result = runner.run(Self.command("true"))
        #expect(result.status == 127)
        #expect(result.output.contains("cannot run /nonexistent/wslens"))
    }
}
