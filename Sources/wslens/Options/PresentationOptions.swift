import ArgumentParser
import Foundation
import Localization
import Teaching

/// How text looks, for every command that prints (`lesson` included): color, ASCII, language, width.
struct PresentationOptions: ParsableArguments {
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
        if let width, width < 20 { throw ValidationError(Style(language: language).tr("cli.width.tooSmall")) }
    }

    /// The width text is laid out for: --width, else COLUMNS, else the terminal's, else 100.
    var columns: Int { Self.columns(option: width) }

    static func columns(option width: Int?) -> Int {
        var size = winsize()
        let terminal = isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        return TextWrap.width(option: width, columns: ProcessEnvironment().value(of: "COLUMNS"), terminal: terminal)
    }

    /// The language of the words: --lang, else the environment's.
    var language: Language { LanguageChoice.resolve(lang) }

    var usesColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessEnvironment().value(of: "NO_COLOR").map(\.isEmpty) ?? true
        }
    }

    /// The text style for a format: colors only in text (never in Markdown, JSON or HTML).
    func style(colored: Bool) -> Style {
        Style(ascii: ascii, color: colored && usesColor, width: columns, language: language)
    }
}
