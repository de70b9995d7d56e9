import Foundation
import Testing
@testable import Localization

/// The string catalog as a translator leaves it: every key in English and German, the same
/// placeholders in both, nothing wslens cannot fill; and the lookup itself.
@Suite("String catalog")
struct CatalogTests {
    static let catalog = Catalog.bundled

    @Test("the catalog compiled into wslens reads, with English as its source language")
    func bundledCatalogReads() throws {
        #expect(Catalog.bundled.sourceLanguage == "en")
        #expect(Catalog.bundled.entries.count > 100, "the bundled catalog has \(Catalog.bundled.entries.count) keys")
        // The embedded copy is the file in the repository.
        let file = try Catalog(json: Array(try Data(contentsOf: Repository.catalog)))
        #expect(file.entries.count == Catalog.bundled.entries.count, "rebuild after editing the catalog")
    }

    @Test("every key has an English and a German text, with the same plural forms")
    func everyKeyInBothLanguages() {
        for (key, entry) in Self.catalog.entries.sorted(by: { $0.key < $1.key }) {
            let english = entry.texts["en"], german = entry.texts["de"]
            #expect(english != nil, "\(key) has no English text")
            #expect(german != nil, "\(key) has no German text")
            if case .plural(let englishForms)? = english, case .plural(let germanForms)? = german {
                #expect(Set(englishForms.keys) == Set(germanForms.keys), "\(key): plural forms differ")
            } else if let english, let german {
                #expect(english.values.count == german.values.count, "\(key): one language has plural forms, the other not")
            }
            #expect(Set(entry.texts.keys).isSubset(of: Set(Language.allCases.map(\.rawValue))), "\(key): an unknown language")
        }
    }

    @Test("a translation keeps every placeholder of the English text: none dropped, added or changed")
    func placeholdersMatch() {
        for (key, entry) in Self.catalog.entries.sorted(by: { $0.key < $1.key }) {
            guard let english = entry.texts["en"], let german = entry.texts["de"] else { continue }
            for (englishValue, germanValue) in zip(english.values, german.values) {
                let expected = Self.signature(englishValue), actual = Self.signature(germanValue)
                #expect(actual == expected, "\(key): German has \(actual), English \(expected)")
                for value in [englishValue, germanValue] {
                    #expect(CatalogPlaceholder.unsupported(in: value).isEmpty,
                            "\(key): \(CatalogPlaceholder.unsupported(in: value)) cannot be filled in \"\(value)\"")
                }
                // Every placeholder has a position an argument can fill.
                #expect(CatalogPlaceholder.all(in: englishValue).allSatisfy { (1...9).contains($0.position) }, "\(key): a position out of range")
            }
        }
    }

    /// The placeholders of a value as a sorted multiset of (position, kind).
    static func signature(_ value: String) -> [String] {
        CatalogPlaceholder.all(in: value).map { "%\($0.position)$\($0.kind.rawValue)" }.sorted()
    }

    @Test("a German text that left out or changed a placeholder is caught")
    func mismatchIsCaught() {
        #expect(Self.signature("%1$@ und %2$lld") == Self.signature("%2$lld and %1$@"))
        #expect(Self.signature("%1$@") != Self.signature("%1$@ %2$@"))
        #expect(Self.signature("%1$@") != Self.signature("%1$lld"))
        #expect(Self.signature("%@ %lld") == ["%1$@", "%2$lld"])
        #expect(CatalogPlaceholder.unsupported(in: "%f und %5s und 100 %").count == 3)
        #expect(CatalogPlaceholder.unsupported(in: "100 %% und %1$@").isEmpty)
    }

    @Test("positional placeholders let German reorder the arguments")
    func positionalFormatting() {
        #expect(Catalog.format("%2$@ vor %1$@", [.text("a"), .text("b")]) == "b vor a")
        #expect(Catalog.format("%1$lld byte%% of %2$@, again %1$lld", [.integer(5), .text("x")]) == "5 byte% of x, again 5")
        #expect(Catalog.format("%@ and %@", [.text("one"), .integer(2)]) == "one and 2")
        #expect(Catalog.format("missing %2$@", [.text("a")]) == "missing %2$@")
    }

    @Test("plural forms: one for exactly 1, other for every other number, in both languages")
    func plurals() throws {
        let json = """
            {"sourceLanguage": "en", "strings": {"n": {"localizations": {
              "en": {"variations": {"plural": {"one": {"stringUnit": {"state": "translated", "value": "%lld byte"}},
                                               "other": {"stringUnit": {"state": "translated", "value": "%lld bytes"}}}}},
              "de": {"stringUnit": {"state": "translated", "value": "%lld Byte"}}}},
             "only-en": {"localizations": {"en": {"stringUnit": {"state": "translated", "value": "English %1$@"}}}}}}
            """
        let catalog = try Catalog(json: Array(json.utf8))
        #expect(catalog.string("n", language: .en, arguments: [.integer(1)]) == "1 byte")
        #expect(catalog.string("n", language: .en, arguments: [.unsigned(0)]) == "0 bytes")
        #expect(catalog.string("n", language: .en, arguments: [.integer(2)]) == "2 bytes")
        #expect(catalog.string("n", language: .de, arguments: [.integer(2)]) == "2 Byte")
        // A missing translation falls back to English, a missing key shows as itself.
        #expect(catalog.string("only-en", language: .de, arguments: [.text("x")]) == "English x")
        #expect(catalog.string("nope", language: .de) == "nope")
        #expect(throws: Catalog.LoadError.self) { try Catalog(json: Array("[]".utf8)) }
        #expect(Catalog.bundled.string("unit.bytes", language: .de, arguments: [.integer(9)]) == "9 Byte")
        #expect(Catalog.bundled.string("unit.bytes", language: .en, arguments: [.integer(1)]) == "1 byte")
    }

    @Test("the catalog is written as Xcode writes it: keys sorted, two-space indent, \" : \"")
    func xcodeFormatting() throws {
        let text = try String(contentsOf: Repository.catalog, encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"sourceLanguage\" : \"en\",\n  \"strings\" : {\n"))
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("    \"") && $0.hasSuffix("\" : {") }
            .map { String($0.dropFirst(5).dropLast(5)) }
        #expect(keys.count == Self.catalog.entries.count)
        #expect(keys == keys.sorted(), "keys out of order: run scripts/catalog-add.py < /dev/null to sort them")
    }

    @Test("every key a Swift source asks for is in the catalog")
    func usedKeysExist() throws {
        let used = try Repository.keysUsedInSources()
        #expect(used.count > 50, "found only \(used.count) catalog keys in the sources")
        for (key, file) in used.sorted(by: { $0.key < $1.key }) {
            #expect(Self.catalog.entries[key] != nil, "\(file) asks for \"\(key)\", which the catalog lacks")
        }
    }
}

/// Files of the repository the tests read (never anything outside it).
enum Repository {
    /// The repository root (this file is Tests/LocalizationTests/CatalogTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalog = root.appendingPathComponent("Resources/Localizable.xcstrings")

    /// String literals in the sources that name a catalog key: a whole literal of dotted words
    /// whose first word starts a key of the catalog (`"masking.row.unmasked"`, wherever it is
    /// written: `tr(…)`, a ternary, a table). Rule ids never start like a catalog key.
    static func keysUsedInSources() throws -> [String: String] {
        let prefixes = Set(Catalog.bundled.entries.keys.map { String($0.prefix { $0 != "." }) })
        let sources = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [:] }
        let pattern = try Regex(#""([a-z][A-Za-z0-9]*)((?:\.[A-Za-z0-9-]+)+)""#)
        var keys: [String: String] = [:]
        for case let url as URL in walker where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: pattern) {
                guard let first = match.output[1].substring, prefixes.contains(String(first)),
                      let rest = match.output[2].substring else { continue }
                keys[String(first) + String(rest)] = url.path.replacingOccurrences(of: root.path + "/", with: "")
            }
        }
        return keys
    }
}
