import Analysis
import ArgumentParser
import BundledResources
import Foundation
import Pages
import Teaching

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One self-contained HTML page: ladder and overhead as SVG, frames, header figures, masking tables, findings.",
        discussion: """
            Per WebSocket connection: the summary, the lifecycle as a sequence diagram, the frames table, \
            every frame's header figure and masking table (collapsible; past --max-frames frames are \
            listed but not drawn), the close, the findings with links to their RFC sections, and the \
            overhead as bar charts. The page has no script and loads nothing (its Content-Security-Policy \
            forbids it): it opens from a USB stick with the network off. Light and dark, and a print \
            layout for handouts.

            Examples:
              wslens report Captures/chromium-deflate.pcap -o /tmp/report.html
              wslens report capture.pcapng --connection 3 > connection-3.html
            """)

    @OptionGroup var capture: CaptureOptions

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Write the page to this file (default: standard output).", valueName: "file"))
    var outputFile: String?

    @Option(help: LanguageChoice.help)
    var lang: LanguageChoice?

    @Option(name: .customLong("max-frames"),
            help: ArgumentHelp("Draw the header figure and masking table of at most this many frames per connection.",
                               valueName: "n"))
    var maxFrames = 500

    func validate() throws {
        if maxFrames < 0 { throw ValidationError(Style(language: LanguageChoice.resolve(lang)).tr("cli.report.negativeMaxFrames")) }
    }

    func run() throws {
        let source = try capture.singleSource(command: "report")
        let style = Style(language: LanguageChoice.resolve(lang))
        var collector = ReportCollector(maxFrames: maxFrames, connection: capture.connection, language: style.language)
        let needs: AnalysisNeeds = [.applicationLayer, .frames, .messages, .payloads, .tcpPackets]
        let report = try AnalysisRunner.run(source, capture, language: style.language, options: capture.analysisOptions(needs)) {
            collector.consume($0)
        }
        let chosen = capture.connection
        let input = collector.finish(report, file: source.name) { connection in
            chosen.map { $0 == connection.number } ?? (connection.isWebSocket || connection.handshake != nil)
        }
        let page = ReportPage.render(input, css: PageResources.css, style: style)
        if let outputFile {
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: outputFile))
            } catch {
                throw CommandFailure(message: style.tr("cli.report.cannotWrite", outputFile, error.localizedDescription),
                                     status: ExitStatus.usage)
            }
        } else {
            Output.text(page)
        }
        try AnalysisRunner.finish(report, source, capture, language: style.language)
    }
}

/// The files the pages embed, compiled into wslens.
enum PageResources {
    static var css: String {
        BundledResources.contents(of: "Resources/report.css").map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
