import ArgumentParser
import Foundation
import Teaching

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

    @Option(help: ArgumentHelp("Lay text out for this many columns (default: $COLUMNS, else the terminal's width, else 100).",
                               valueName: "n"))
    var width: Int?

    func validate() throws {
        if let width, width < 20 { throw ValidationError("--width must be at least 20 columns.") }
    }

    /// The width text is laid out for: --width, else COLUMNS, else the terminal's, else 100.
    var columns: Int { Self.columns(option: width) }

    static func columns(option width: Int?) -> Int {
        var size = winsize()
        let terminal = isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        return TextWrap.width(option: width, columns: ProcessInfo.processInfo.environment["COLUMNS"], terminal: terminal)
    }

    /// The text style: ASCII when asked, colors only for text on a terminal that allows them
    /// (never in Markdown or JSON), laid out for `columns`.
    var style: Style { Style(ascii: ascii, color: format == .text && usesColor, width: columns) }

    var usesColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }
}
