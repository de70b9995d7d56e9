import ArgumentParser
import Foundation
import Pages
import Teaching
import WireBytes

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the seminar lessons, or print one with every embedded command's live output.",
        discussion: """
            The lessons and the captures they use are built into wslens; --lessons DIR (or the \
            WSLENS_LESSONS environment variable) runs the Markdown files of your own folder instead. Every \
            `wslens` command a lesson embeds is run by this same wslens binary, from a folder where the \
            paths Captures/... resolve (for your own folder: the folder above it); its output and exit \
            status are inserted.

            Exit status 1 when a lesson file cannot be read or an embedded command does not exit as the \
            lesson expects.

            Examples:
              wslens lesson                        # list the lessons
              wslens lesson 3                      # lesson 3 (masking), with live outputs
              wslens lesson masking --step         # pause after each section
              wslens lesson 1 --format markdown > handout-01.md
              wslens lesson 7 --format html > lesson-07.html      # a page, with the charts as SVG
              wslens lesson handshake --capture my-chat.pcapng   # on your capture
            """)

    @Argument(help: "A lesson's number or name; omit it to list the lessons.")
    var lesson: String?

    @OptionGroup var output: LessonOutputOptions

    @Flag(help: "Pause after each section until Enter is pressed (only when stdin and stdout are a terminal).")
    var step = false

    @Option(help: ArgumentHelp("A folder of your own lesson files (default: $WSLENS_LESSONS, else the lessons built into wslens).",
                               valueName: "dir"))
    var lessons: String?

    @Option(help: ArgumentHelp("Run every command of the lesson on this capture instead of the bundled ones.",
                               valueName: "file"))
    var capture: String?

    func run() throws {
        let language = output.language
        let library = try LessonLibrary.locate(option: lessons, language: language)
        let all = try library.load()
        let format: LessonRenderer.Format = switch output.format {
        case .text: .text
        case .markdown: .markdown
        case .json: .json
        case .html: .markdown   // the Markdown is rendered by Ink into the page
        }
        let style = output.presentation.style(colored: output.format == .text)
        let renderer = LessonRenderer(format: format, style: style)

        guard let query = lesson else {
            Output.line(output.format == .html ? LessonPage.listing(markdown: renderer.list(all), css: PageResources.css, style: style)
                        : renderer.list(all))
            Output.flush()
            return
        }
        let chosen: Lesson
        do {
            chosen = try LessonCatalog.find(query, in: all)
        } catch {
            throw CommandFailure(message: error.message(style), status: ExitStatus.usage)
        }
        let replacement = try capture.map { path -> String in
            let url = URL(fileURLWithPath: path).standardizedFileURL
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw CommandFailure(message: style.tr("cli.lesson.noSuchCapture", path), status: ExitStatus.unreadableCapture)
            }
            return url.path
        }

        try library.withWorkingDirectory { directory in
            // --ascii is passed on, so the commands draw their own tables in ASCII too.
            // --lang too, whatever the environment says: the commands speak the lesson's language.
            // Text output is indented by two columns; a handout shows the commands' Markdown; a page
            // shows their text in 100 columns.
            let runner = LessonRunner(executable: LessonRunner.currentExecutable(), workingDirectory: directory,
                                      extraArguments: output.ascii ? ["--ascii"] : [],
                                      format: output.format == .markdown ? "markdown" : nil,
                                      columns: output.format == .html ? 100 : style.width - 2, language: language)
            if output.format == .html {
                try presentPage(chosen, runner: runner, directory: directory, replacement: replacement, style: style)
            } else {
                try present(chosen, runner: runner, renderer: renderer, style: style, replacement: replacement)
            }
        }
    }

    private func present(_ chosen: Lesson, runner: LessonRunner, renderer: LessonRenderer, style: Style,
                         replacement: String?) throws {
        let format = renderer.format
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
                mismatches.append(style.tr("cli.lesson.mismatch", command.line, command.text, result.status, command.expectedStatus))
            }
            let rendered = renderer.render(shown, sectionAt: index, results: results)
            if !rendered.isEmpty {
                Output.line(rendered)
                if format != .json, index < chosen.sections.count - 1 { Output.line("") }
            }
            Output.flush()
            if pauses, index < chosen.sections.count - 1 {
                FileHandle.standardOutput.write(Data(style.dim("[" + style.tr("lesson.stepPrompt") + "] ").utf8))
                guard let answer = readLine(), answer.lowercased() != "q" else { return }
            }
        }
        if !mismatches.isEmpty, replacement == nil {
            throw CommandFailure(message: "\(chosen.fileName): " + mismatches.joined(separator: "; "), status: ExitStatus.findings)
        }
    }

    /// `--format html`: every command run, then one page with their outputs and pictures.
    private func presentPage(_ chosen: Lesson, runner: LessonRunner, directory: URL, replacement: String?, style: Style) throws {
        var shown = chosen
        for index in chosen.sections.indices {
            let commands = chosen.sections[index].commands.map { command in
                replacement.map { path in command.replacingArguments { LessonRunner.isCapturePath($0) ? path : nil } } ?? command
            }
            shown.sections[index] = replacingCommands(in: chosen.sections[index], with: commands)
        }
        let results = shown.commands.map(runner.run)
        Output.text(LessonPage.render(shown, results: results, css: PageResources.css, style: style) { command in
            LessonFigures.svgs(for: command, in: directory, style: style)
        })
        Output.flush()
        let mismatches = zip(shown.commands, results).filter { $0.1.status != $0.0.expectedStatus }
            .map { style.tr("cli.lesson.mismatch", $0.0.line, $0.0.text, $0.1.status, $0.0.expectedStatus) }
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

