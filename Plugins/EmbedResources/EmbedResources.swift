import Foundation
import PackagePlugin

/// Compiles the lessons, the captures they run on and the text resources (string catalogs, CSS)
/// into the `BundledResources` module, so an installed wslens is one file that works anywhere.
///
/// Why not SwiftPM's `.embedInCode`: it only takes files inside the target's folder, names them by
/// file name alone (Lessons/01-x.md and Lessons/de/01-x.md would collide), and writes `[UInt8]`
/// array literals that took 70 s to compile for the 370 KB of captures (a base64 string literal: 1 s).
@main
struct EmbedResources: BuildToolPlugin {
    /// Folders of the package whose files are embedded, with the file name endings taken from each.
    static let folders: [(path: String, endings: [String], recursive: Bool)] = [
        ("Lessons", [".md"], true),
        ("Captures", [".pcap", ".pcapng", ".keys"], false),
        ("Resources", [".json", ".css", ".txt", ".xcstrings"], true),
    ]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in Self.folders {
            inputs += Self.files(in: root.appending(path: folder.path), endings: folder.endings, recursive: folder.recursive)
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        let relative = inputs.map { String($0.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)) }
        return [.buildCommand(displayName: "Embedding \(inputs.count) lesson, capture and resource files",
                              executable: try context.tool(named: "embed-resources").url,
                              arguments: [output.path, root.path] + relative,
                              inputFiles: inputs, outputFiles: [output])]
    }

    static func files(in folder: URL, endings: [String], recursive: Bool) -> [URL] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return [] }
        var found: [URL] = []
        for name in names where !name.hasPrefix(".") {
            let url = folder.appending(path: name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if recursive { found += files(in: url, endings: endings, recursive: true) }
            } else if endings.contains(where: { name.lowercased().hasSuffix($0) }) {
                found.append(url)
            }
        }
        return found
    }
}
