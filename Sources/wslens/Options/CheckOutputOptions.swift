import ArgumentParser
import Foundation
import Localization
import Teaching

/// `check`'s output options: those of every command, and CSV for a grade sheet.
struct CheckOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json, markdown, csv
    }

    @Option(help: "Output format: text, json (JSON lines: findings and a verdict object per capture), markdown, csv (one row per capture: file,connections,errors,warnings,infos,verdict,exitCode,problem).")
    var format: Format = .text

    @Option(help: "Color: auto (only on a terminal, and not when NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Plain ASCII instead of Unicode lines and arrows.")
    var ascii = false

    @Option(help: LanguageChoice.help)
    var lang: LanguageChoice?

    @Option(help: ArgumentHelp("Lay text out for this many columns (default: $COLUMNS, else the terminal's width, else 100).",
                               valueName: "n"))
    var width: Int?

    func validate() throws {
        if let width, width < 20 { throw ValidationError(style.tr("cli.width.tooSmall")) }
    }

    var usesColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }

    /// The language of the words: --lang, else the environment's (CSV and JSON are the same in every language).
    var language: Language { LanguageChoice.resolve(lang) }

    /// ASCII when asked, colors only for text on a terminal that allows them, laid out for --width
    /// (else COLUMNS, the terminal's, 100), in the reader's language.
    var style: Style {
        Style(ascii: ascii, color: format == .text && usesColor, width: OutputOptions.columns(option: width), language: language)
    }
}
