import BundledResources
import Foundation
import Teaching

/// Where the lessons come from: the ones compiled into wslens, or an instructor's own folder.
///
/// Embedded lessons run their commands in a private temporary folder holding the embedded
/// captures, so `Captures/…` in a lesson resolves wherever wslens is installed and run from.
enum LessonLibrary {
    case embedded
    /// A folder of lesson files; its commands run in the folder above it (which holds Captures/).
    case folder(URL)

    /// `--lessons DIR`, else `$WSLENS_LESSONS`, else the embedded lessons.
    static func locate(option: String?) throws -> LessonLibrary {
        for (explicit, origin) in [(option, "--lessons"), (ProcessInfo.processInfo.environment["WSLENS_LESSONS"], "WSLENS_LESSONS")] {
            guard let explicit, !explicit.isEmpty else { continue }
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure(message: "\(origin) \(explicit): no such folder", status: ExitStatus.usage)
            }
            return .folder(url)
        }
        return .embedded
    }

    /// Every lesson file (*.md except README.md), parsed and in teaching order.
    func load() throws -> [Lesson] {
        var lessons: [Lesson] = []
        for (name, origin, text) in try files() {
            do {
                lessons.append(try LessonParser.parse(fileName: name, text: text))
            } catch {
                throw CommandFailure(message: "\(origin) \(error.description)", status: ExitStatus.findings)
            }
        }
        return LessonCatalog.sorted(lessons)
    }

    private static func isLesson(_ name: String) -> Bool {
        name.lowercased().hasSuffix(".md") && name.lowercased() != "readme.md"
    }

    /// (file name, where it came from for error messages, text) of every lesson file.
    private func files() throws -> [(String, String, String)] {
        switch self {
        case .embedded:
            return BundledResources.paths(in: "Lessons").compactMap { path in
                let name = String(path.dropFirst("Lessons/".count))
                guard Self.isLesson(name), let bytes = BundledResources.contents(of: path) else { return nil }
                return (name, "\(path) (built into wslens)", String(decoding: bytes, as: UTF8.self))
            }
        case .folder(let directory):
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw CommandFailure(message: "\(directory.path): cannot list the lessons", status: ExitStatus.findings)
            }
            return try names.filter(Self.isLesson).map { name in
                let url = directory.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw CommandFailure(message: "\(url.path): cannot read the lesson", status: ExitStatus.findings)
                }
                return (name, url.path, String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// Runs `body` with the folder the lesson's commands run in: the folder above a lesson folder,
    /// or, for the embedded lessons, a temporary folder with the embedded captures (removed after).
    func withWorkingDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        switch self {
        case .folder(let directory):
            return try body(directory.deletingLastPathComponent())
        case .embedded:
            let manager = FileManager.default
            let base = manager.temporaryDirectory.appendingPathComponent("wslens-lesson-\(UUID().uuidString)")
            defer { try? manager.removeItem(at: base) }
            do {
                try manager.createDirectory(at: base.appendingPathComponent("Captures"), withIntermediateDirectories: true)
                for path in BundledResources.paths(in: "Captures") {
                    guard let bytes = BundledResources.contents(of: path) else { continue }
                    try Data(bytes).write(to: base.appendingPathComponent(path))
                }
            } catch {
                throw CommandFailure(message: "cannot prepare the lesson's captures in \(base.path): \(error.localizedDescription)",
                                     status: ExitStatus.findings)
            }
            return try body(base)
        }
    }
}
