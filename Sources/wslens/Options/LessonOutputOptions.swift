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

    @OptionGroup var presentation: PresentationOptions

    var ascii: Bool { presentation.ascii }
    var language: Language { presentation.language }
}
