import ArgumentParser
import Foundation
import Localization
import Teaching

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// `--lang`: the language of the words a person reads.
enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
    case en, de

    var language: Language { Language(rawValue: rawValue)! }

    static let help = ArgumentHelp(
        "Language of the text, Markdown and HTML output: en or de (default: from LC_ALL, LC_MESSAGES, LANG; de_* is German). "
            + "JSON is the same in every language.", valueName: "lang")

    /// `--lang`, else the environment's (LC_ALL, then LC_MESSAGES, then LANG).
    static func resolve(_ choice: LanguageChoice?) -> Language {
        choice?.language ?? LanguageEnvironment.language()
    }
}

/// How to print: text tables (default), JSON lines, or Markdown.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text (aligned tables), json (JSON lines, one object per line), markdown (for handouts).")
    var format: OutputFormat = .text

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

    /// The width text is laid out for: --width, else COLUMNS, else the terminal's, else 100.
    var columns: Int { Self.columns(option: width) }

    static func columns(option width: Int?) -> Int {
        var size = winsize()
        let terminal = isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        return TextWrap.width(option: width, columns: ProcessInfo.processInfo.environment["COLUMNS"], terminal: terminal)
    }

    /// The language of the words: --lang, else the environment's.
    var language: Language { LanguageChoice.resolve(lang) }

    /// The text style: ASCII when asked, colors only for text on a terminal that allows them
    /// (never in Markdown or JSON), laid out for `columns`, in the reader's language.
    var style: Style { Style(ascii: ascii, color: format == .text && usesColor, width: columns, language: language) }

    var usesColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }
}
