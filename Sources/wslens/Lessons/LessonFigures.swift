import Analysis
import Localization
import ArgumentParser
import Foundation
import Pages
import Teaching

/// The pictures of a lesson page: after a `wslens ladder` command its ladders as SVG, after a
/// `wslens overhead` command its charts. The command is parsed as wslens would parse it and run
/// in this process on the same capture (relative paths from the lesson's folder).
enum LessonFigures {
    static func svgs(for command: EmbeddedCommand, in directory: URL, style: Style) -> [String] {
        let language = LanguageChoice(rawValue: style.language.rawValue)
        let arguments = Array(command.arguments.dropFirst())
        switch command.subcommand {
        case "ladder":
            guard var parsed = try? LadderCommand.parse(arguments) else { return [] }
            parsed.capture.files = parsed.capture.files.map { resolve($0, in: directory) }
            parsed.output.lang = language
            guard let ladders = try? parsed.ladders() else { return [] }
            return ladders.map { LadderSVG.render($0, id: "line-\(command.line)-connection-\($0.identity.number)", style: style) }
        case "overhead":
            guard var parsed = try? OverheadCommand.parse(arguments) else { return [] }
            parsed.capture.files = parsed.capture.files.map { resolve($0, in: directory) }
            guard let connections = try? parsed.connections() else { return [] }
            return connections.filter { !$0.comparisons.isEmpty }.flatMap { connection in
                let id = "line-\(command.line)-connection-\(connection.report.number)"
                return [OverheadSVG.layers(connection, id: id + "-layers", style: style)]
                    + [OverheadSVG.comparison(connection, id: id + "-comparison", style: style)].compactMap { $0 }
            }
        default:
            return []
        }
    }

    private static func resolve(_ path: String, in directory: URL) -> String {
        path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path
    }
}
