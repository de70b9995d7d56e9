public import Localization
public import WireBytes

/// A rule's summary and a finding's message in the style's language, escaped for the terminal.
/// English is the decoders' own text (the catalog holds the same, a test makes sure); another
/// language takes the catalog's text for the rule id or the finding's message key, and falls back
/// to English where the catalog has none.
public enum FindingWords {
    /// The rule in words (`check`'s "rule: …").
    public static func summary(_ rule: Rule, style: Style) -> String {
        let key = summaryKey(rule)
        guard style.language != .source, Catalog.bundled.entries[key] != nil else { return rule.summary }
        return style.tr(key)
    }

    /// What happened, escaped: every argument may quote the capture.
    public static func message(_ finding: Finding, style: Style) -> String {
        TerminalSafe.escape(rawMessage(finding, style: style))
    }

    /// What happened, not yet escaped (for renderers that escape in their own way: HTML, the ladder).
    public static func rawMessage(_ finding: Finding, style: Style) -> String {
        guard style.language != .source, let key = finding.messageKey, Catalog.bundled.entries[key] != nil else {
            return finding.message
        }
        return style.tr(key, arguments: arguments(finding, style: style))
    }

    /// The catalog key of a rule's summary.
    public static func summaryKey(_ rule: Rule) -> String { "rule." + rule.id }

    /// A finding's arguments as the catalog fills them, words said in the style's language.
    public static func arguments(_ finding: Finding, style: Style) -> [CatalogArgument] {
        finding.arguments.map { convert($0, style: style) }
    }

    private static func convert(_ argument: MessageArgument, style: Style) -> CatalogArgument {
        switch argument {
        case .text(let text): .text(text)
        case .integer(let value): .integer(value)
        case .unsigned(let value): .unsigned(value)
        case .word(let key): .text(style.tr(key))
        case .sequence(let parts): .text(parts.map { convert($0, style: style).text }.joined(separator: " "))
        case .decimal(let text): .text(style.decimal(text))
        case .phrase(let key, let arguments):
            .text(key.isEmpty ? "" : style.tr(key, arguments: arguments.map { convert($0, style: style) }))
        }
    }
}
