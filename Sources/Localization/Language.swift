/// The language a person reads wslens's output in. Machine formats (JSON, CSV headers, rule ids,
/// verdict words in JSON) never change with it.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case en
    case de

    /// The catalog's source language: what a missing translation falls back to.
    public static let source = Language.en

    /// A decimal number written in this language: "0.065" stays in English, becomes "0,065" in
    /// German (German readers take "3.488" for three thousand). Only the decimal point is changed;
    /// wslens writes no thousands separators in command output.
    public func decimal(_ text: String) -> String {
        switch self {
        case .en: return text
        case .de: return String(text.map { $0 == "." ? "," : $0 })
        }
    }
}
