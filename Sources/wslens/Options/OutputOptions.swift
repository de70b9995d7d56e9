import ArgumentParser
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// How to print: text tables (default), JSON lines, or Markdown.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text (aligned tables), json (JSON lines, one object per line), markdown (for handouts).")
    var format: OutputFormat = .text

    @Option(help: "Color: auto (only on a terminal, and not when NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Plain ASCII instead of Unicode lines and arrows.")
    var ascii = false

    var usesColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }
}
