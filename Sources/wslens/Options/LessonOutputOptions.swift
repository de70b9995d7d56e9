import ArgumentParser
import Foundation
import Localization
import Teaching

/// `lesson`'s output options: those of every command, and HTML besides.
struct LessonOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, html
    }

    @Option(help: "Output format: text, json (one object per command), markdown (a handout), html (a self-contained page).")
    var format: Format = .text

    @Option(help: "Color: auto (only on a terminal, and not when NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Plain ASCII instead of Unicode lines and arrows.")
    var ascii = false

    @Option(help: LanguageChoice.help)
    var lang: LanguageChoice?

    /// The language of the lesson and of its commands' output: --lang, else the environment's.
    var language: Language { LanguageChoice.resolve(lang) }

    @Option(help: ArgumentHelp("Lay text out for this many columns (default: $COLUMNS, else the terminal's width, else 100).",
                               valueName: "n"))
    var width: Int?

    func validate() throws {
        if let width, width < 20 { throw ValidationError(Style(language: language).tr("cli.width.tooSmall")) }
    }

    /// The width text is laid out for: --width, else COLUMNS, else the terminal's, else 100.
    var columns: Int { OutputOptions.columns(option: width) }

    var usesColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }
}
