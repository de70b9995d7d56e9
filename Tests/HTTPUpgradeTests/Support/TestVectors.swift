import Foundation
import Testing

/// The known answers in `Tests/Fixtures/wire-vectors.json` (the seminar's documents and the RFCs;
/// Tests/Fixtures/README.md names the sources).
enum TestVectors {
    struct AcceptKey: Sendable, CustomTestStringConvertible {
        var source: String
        var key: String
        var accept: String
        var testDescription: String { source }
    }

    static var fileURL: URL {
        // Resolve symlinks: a sandbox package may reach these tests through a link.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent() // Support
            .deletingLastPathComponent() // HTTPUpgradeTests
            .deletingLastPathComponent() // Tests
            .appendingPathComponent("Fixtures/wire-vectors.json")
    }

    static func acceptKeys() throws -> [AcceptKey] {
        let url = fileURL
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("known answers missing: \(url.path) (the fixture belongs to the repository: Tests/Fixtures/wire-vectors.json)")
            return []
        }
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(root["acceptKeys"] as? [[String: Any]], "wire-vectors.json has no acceptKeys array")
        return try entries.map { entry in
            AcceptKey(source: try #require(entry["source"] as? String),
                      key: try #require(entry["key"] as? String),
                      accept: try #require(entry["accept"] as? String))
        }
    }
}
