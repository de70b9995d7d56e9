import Foundation
import Testing
@testable import Teaching

/// The lessons in Lessons/de/ are the English lessons in German: the same file names, sections,
/// embedded commands, expected exit statuses and exercises, so a seminar can switch language without
/// losing a step. (Their spelling is checked by scripts/spellcheck-de.sh.)
@Suite("German lessons")
struct GermanLessonTests {
    /// The repository root (this file is Tests/TeachingTests/GermanLessonTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let english = root.appendingPathComponent("Lessons")
    static let german = english.appendingPathComponent("de")

    static func lessonFiles(_ folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    }

    static func load(_ folder: URL, _ file: String) throws -> Lesson {
        let url = folder.appendingPathComponent(file)
        let data = try #require(FileManager.default.contents(atPath: url.path), "cannot read \(url.path)")
        return try LessonParser.parse(fileName: file, text: String(decoding: data, as: UTF8.self))
    }

    /// The numbered items of a section's text ("1. ...").
    static func numberedItems(_ section: LessonSection?) -> Int {
        guard let section else { return 0 }
        return section.blocks.reduce(0) { count, block in
            guard case .markdown(let lines) = block else { return count }
            return count + lines.filter { $0.range(of: #"^[0-9]+\. "#, options: .regularExpression) != nil }.count
        }
    }

    @Test("every English lesson has a German twin of the same file name, and the other way round")
    func sameFiles() {
        let files = Self.lessonFiles(Self.english)
        #expect(files.count >= 10, "\(files)")
        #expect(Self.lessonFiles(Self.german) == files)
        #expect(FileManager.default.fileExists(atPath: Self.german.appendingPathComponent("README.md").path))
    }

    @Test("each German lesson runs the English lesson's commands in order, expecting the same exit statuses",
          arguments: lessonFiles(english))
    func sameCommands(_ file: String) throws {
        let english = try Self.load(Self.english, file)
        let german = try Self.load(Self.german, file)
        #expect(german.number == english.number)
        #expect(german.name == english.name)
        #expect(!english.commands.isEmpty)
        #expect(german.commands.map(\.arguments) == english.commands.map(\.arguments))
        #expect(german.commands.map(\.expectedStatus) == english.commands.map(\.expectedStatus))
    }

    @Test("each German lesson has the English lesson's sections and exercises, under German headings",
          arguments: lessonFiles(english))
    func sameShape(_ file: String) throws {
        let english = try Self.load(Self.english, file)
        let german = try Self.load(Self.german, file)
        let number = try #require(english.number)
        #expect(english.title.hasPrefix("Lesson \(number): "))
        #expect(german.title.hasPrefix("Lektion \(number): "), "\(german.title)")
        #expect(!german.summary.isEmpty)
        #expect(german.sections.count == english.sections.count)
        #expect(english.sections.last?.heading == "Exercises")
        #expect(german.sections.last?.heading == "Übungen")
        let exercises = Self.numberedItems(english.sections.last)
        #expect(exercises >= 3)
        #expect(Self.numberedItems(german.sections.last) == exercises)
        // Each section of the German lesson runs what the same section of the English one runs.
        for (englishSection, germanSection) in zip(english.sections, german.sections) {
            #expect(germanSection.commands.map(\.arguments) == englishSection.commands.map(\.arguments),
                    "\(file): section \"\(germanSection.heading ?? "(start)")\"")
        }
    }
}
