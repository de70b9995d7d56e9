import BundledResources
import Foundation

/// The string catalog: every word wslens says to a person, by stable key (`masking.row.unmasked`),
/// in English and German.
///
/// The source is `Resources/Localizable.xcstrings`, the JSON of an Xcode string catalog (Xcode
/// edits it; so does any text editor), compiled into the binary and read here. Why not Foundation:
/// on Linux `Bundle.localizedString` ignores LANG and LC_*, SwiftPM does not compile `.xcstrings`,
/// and a stringsdict key crashed (see the catalog section of the project's notes); an embedded
/// file also keeps an installed wslens one file. Values use printf placeholders with positions
/// (`%1$@`, `%2$lld`) so a translation can reorder them; a value with plural forms
/// (`variations.plural.one/other`) is chosen by its first numeric argument (English and German:
/// "one" for 1, "other" for every other number).
public struct Catalog: Sendable {
    /// One language's text for a key: a single string, or plural forms ("one", "other", …).
    public enum Text: Sendable, Hashable {
        case single(String)
        case plural([String: String])

        /// Every string of the text (both plural forms).
        public var values: [String] {
            switch self {
            case .single(let value): [value]
            case .plural(let forms): forms.keys.sorted().map { forms[$0]! }
            }
        }
    }

    public struct Entry: Sendable, Hashable {
        public var texts: [String: Text]
        /// The catalog's note for translators.
        public var comment: String?
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notJSON
        case malformed(key: String, language: String)

        public var description: String {
            switch self {
            case .notJSON: "the string catalog is not a JSON object with \"strings\""
            case .malformed(let key, let language): "the string catalog's \"\(key)\" has no readable \(language) value"
            }
        }
    }

    public let sourceLanguage: String
    public let entries: [String: Entry]

    /// Reads the JSON of an `.xcstrings` file.
    public init(json bytes: [UInt8]) throws {
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let strings = root["strings"] as? [String: Any] else { throw LoadError.notJSON }
        sourceLanguage = root["sourceLanguage"] as? String ?? Language.source.rawValue
        var entries: [String: Entry] = [:]
        for (key, value) in strings {
            let entry = value as? [String: Any] ?? [:]
            var texts: [String: Text] = [:]
            for (language, localization) in entry["localizations"] as? [String: Any] ?? [:] {
                guard let text = Self.text(localization) else { throw LoadError.malformed(key: key, language: language) }
                texts[language] = text
            }
            entries[key] = Entry(texts: texts, comment: entry["comment"] as? String)
        }
        self.entries = entries
    }

    private static func text(_ localization: Any) -> Text? {
        guard let localization = localization as? [String: Any] else { return nil }
        if let value = stringUnit(localization) { return .single(value) }
        guard let plural = (localization["variations"] as? [String: Any])?["plural"] as? [String: Any] else { return nil }
        var forms: [String: String] = [:]
        for (form, unit) in plural {
            guard let unit = unit as? [String: Any], let value = stringUnit(unit) else { return nil }
            forms[form] = value
        }
        return forms["other"] == nil ? nil : .plural(forms)
    }

    private static func stringUnit(_ object: [String: Any]) -> String? {
        (object["stringUnit"] as? [String: Any])?["value"] as? String
    }

    /// The text of `key` in `language` with the arguments filled in; the source language's text
    /// when the language lacks it, the key itself when the catalog lacks the key (a test makes sure
    /// neither happens).
    public func string(_ key: String, language: Language, arguments: [CatalogArgument] = []) -> String {
        guard let entry = entries[key],
              let text = entry.texts[language.rawValue] ?? entry.texts[sourceLanguage] else { return key }
        let format: String
        switch text {
        case .single(let value):
            format = value
        case .plural(let forms):
            let count = arguments.lazy.compactMap(\.count).first ?? 0
            format = forms[Self.pluralCategory(count, language: language)] ?? forms["other"]!
        }
        return Self.format(format, arguments)
    }

    /// The plural category of a number: English and German have "one" (exactly 1) and "other".
    public static func pluralCategory(_ count: UInt64, language: Language) -> String {
        count == 1 ? "one" : "other"
    }

    /// Fills the placeholders of `format`; a placeholder without an argument stays as written.
    public static func format(_ format: String, _ arguments: [CatalogArgument]) -> String {
        guard format.contains("%") else { return format }
        var out = ""
        for piece in CatalogPlaceholder.parse(format).pieces {
            switch piece {
            case .literal(let text):
                out += text
            case .placeholder(let placeholder):
                out += arguments.indices.contains(placeholder.position - 1)
                    ? arguments[placeholder.position - 1].formatted : placeholder.text
            }
        }
        return out
    }

    /// The catalog compiled into wslens (`Resources/Localizable.xcstrings`). Empty, so every key
    /// shows as itself, if it could not be read: a test reads it and fails first.
    public static let bundled: Catalog = {
        guard let bytes = BundledResources.contents(of: bundledPath), let catalog = try? Catalog(json: bytes) else {
            return Catalog(empty: ())
        }
        return catalog
    }()

    public static let bundledPath = "Resources/Localizable.xcstrings"

    private init(empty: ()) {
        sourceLanguage = Language.source.rawValue
        entries = [:]
    }
}

extension Language {
    /// The catalog's text for `key` in this language.
    public func text(_ key: String, _ arguments: any CatalogArgumentConvertible...) -> String {
        Catalog.bundled.string(key, language: self, arguments: arguments.map(\.catalogArgument))
    }
}
