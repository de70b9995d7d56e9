import ArgumentParser
import Localization
import Teaching

/// `check`'s output options: those of every command, and CSV for a grade sheet.
struct CheckOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json, markdown, csv
    }

    @Option(help: "Output format: text, json (JSON lines: findings and a verdict object per capture), markdown, csv (one row per capture: file,connections,errors,warnings,infos,verdict,exitCode,problem).")
    var format: Format = .text

    @OptionGroup var presentation: PresentationOptions

    var ascii: Bool { presentation.ascii }
    /// The language of the words (CSV and JSON are the same in every language).
    var language: Language { presentation.language }
    var columns: Int { presentation.columns }

    /// ASCII when asked, colors only for text on a terminal that allows them, laid out for the
    /// width, in the reader's language.
    var style: Style { presentation.style(colored: format == .text) }
}
