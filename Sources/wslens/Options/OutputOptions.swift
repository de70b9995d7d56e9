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

/// How to print: text tables (default), JSON lines, or Markdown, and how the text looks.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text (aligned tables), json (JSON lines, one object per line), markdown (for handouts).")
    var format: OutputFormat = .text

    @OptionGroup var presentation: PresentationOptions

    var ascii: Bool { presentation.ascii }
    var language: Language { presentation.language }
    var columns: Int { presentation.columns }
    var lang: LanguageChoice? {
        get { presentation.lang }
        set { presentation.lang = newValue }
    }

    /// The text style: ASCII when asked, colors only for text on a terminal that allows them,
    /// laid out for the width, in the reader's language.
    var style: Style { presentation.style(colored: format == .text) }
}
