import Foundation

/// Read access to environment variables, so that the language can be worked out from a dictionary
/// in tests instead of the process's own environment (after 1Password/sys-locale's `EnvAccess`).
public protocol EnvironmentAccess {
    func value(of name: String) -> String?
}

/// The process's environment.
public struct ProcessEnvironment: EnvironmentAccess {
    public init() {}
    // getenv, not ProcessInfo.environment: that builds a dictionary of the whole environment on
    // every call, 4 M instructions per run of wslens (callgrind, 2026-12-03).
    public func value(of name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

/// A fixed set of variables (tests, and the lesson runner's children).
public struct FixedEnvironment: EnvironmentAccess {
    public var variables: [String: String]
    public init(_ variables: [String: String]) { self.variables = variables }
    public func value(of name: String) -> String? { variables[name] }
}

/// The default language from the locale variables, as POSIX orders them for messages: LC_ALL,
/// then LC_MESSAGES, then LANG; the first one set and not empty decides. A locale whose language
/// is German (`de`, `de_DE.UTF-8`, `de_AT@euro`) gives German; C, POSIX and every other language
/// give English, the catalog's source language. Foundation's own lookup on Linux ignores these
/// variables (verified), so wslens reads them itself.
public enum LanguageEnvironment {
    public static let variables = ["LC_ALL", "LC_MESSAGES", "LANG"]

    public static func language(from environment: some EnvironmentAccess = ProcessEnvironment()) -> Language {
        for name in variables {
            guard let value = environment.value(of: name), !value.isEmpty else { continue }
            return language(ofLocale: value)
        }
        return .source
    }

    /// The language of one locale name: `language[_territory][.codeset][@modifier]`.
    public static func language(ofLocale locale: String) -> Language {
        let code = locale.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }.lowercased()
        return Language(rawValue: code) ?? .source
    }
}
