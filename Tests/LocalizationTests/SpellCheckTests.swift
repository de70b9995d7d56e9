import Foundation
import TestSupport
import Testing

/// The German lessons and the catalog's German texts pass hunspell's de_DE dictionary plus the
/// project's word list (scripts/spellcheck-de.sh).
@Suite("German spelling")
struct SpellCheckTests {
    @Test("scripts/spellcheck-de.sh finds no unknown word in Lessons/de or the catalog", .needs(.hunspell))
    func germanSpelling() throws {
        try ExternalTool.hunspell.require()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Repository.root.appendingPathComponent("scripts/spellcheck-de.sh").path, Repository.catalog.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 2, "the spell check could not run: \(output)")
        #expect(process.terminationStatus == 0, "unknown German words:\n\(output)")
    }
}
