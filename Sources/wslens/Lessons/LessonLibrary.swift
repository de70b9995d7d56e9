import BundledResources
import Foundation
import Localization
import Teaching

/// Where the lessons come from: the ones compiled into wslens, or an instructor's own folder.
///
/// Embedded lessons run their commands in a private temporary folder holding the embedded
/// captures, so `Captures/…` in a lesson resolves wherever wslens is installed and run from.
enum LessonLibrary {
    case embedded(Language)
    /// A folder of lesson files; its commands run in the folder above it (which holds Captures/).
    /// German lessons come from its `de` subfolder when there is one, as the embedded ones do.
    case folder(URL, Language)

    /// `--lessons DIR`, else `$WSLENS_LESSONS`, else the embedded lessons; in `language`.
    static func locate(option: String?, language: Language) throws -> LessonLibrary {
        let style = Style(language: language)
        for (explicit, origin) in [(option, "--lessons"), (ProcessEnvironment().value(of: "WSLENS_LESSONS"), "WSLENS_LESSONS")] {
            guard let explicit, !explicit.isEmpty else { continue }
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure(message: style.tr("cli.lesson.noSuchFolder", origin, explicit), status: ExitStatus.usage)
            }
            return .folder(url, language)
        }
        return .embedded(language)
    }

    var language: Language {
        switch self {
        case .embedded(let language), .folder(_, let language): language
        }
    }

    /// The embedded lessons of a language: `Lessons/` in English, `Lessons/de/` in German.
    static func embeddedFolder(_ language: Language) -> String {
        language == .source ? "Lessons" : "Lessons/" + language.rawValue
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
        let style = Style(language: language)
        switch self {
        case .embedded(let language):
            let folder = Self.embeddedFolder(language)
            return BundledResources.paths(in: folder).compactMap { path in
                let name = String(path.dropFirst(folder.count + 1))
                guard Self.isLesson(name), let bytes = BundledResources.contents(of: path) else { return nil }
                return (name, style.tr("cli.lesson.builtIn", path), String(decoding: bytes, as: UTF8.self))
            }
        case .folder(let base, let language):
            let manager = FileManager.default
            var directory = base
            var isDirectory: ObjCBool = false
            let translated = base.appendingPathComponent(language.rawValue)
            if language != .source, manager.fileExists(atPath: translated.path, isDirectory: &isDirectory), isDirectory.boolValue {
                directory = translated
            }
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw CommandFailure(message: style.tr("cli.lesson.cannotList", directory.path), status: ExitStatus.findings)
            }
            return try names.filter(Self.isLesson).map { name in
                let url = directory.appendingPathComponent(name)
                guard let data = manager.contents(atPath: url.path) else {
                    throw CommandFailure(message: style.tr("cli.lesson.cannotRead", url.path), status: ExitStatus.findings)
                }
                return (name, url.path, String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// Runs `body` with the folder the lesson's commands run in: the folder above a lesson folder,
    /// or, for the embedded lessons, a temporary folder with the embedded captures (removed after).
    func withWorkingDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        switch self {
        case .folder(let directory, _):
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
                throw CommandFailure(message: Style(language: language).tr("cli.lesson.cannotPrepare", base.path, error.localizedDescription),
                                     status: ExitStatus.findings)
            }
            return try body(base)
        }
    }
}
