import Testing
@testable import Localization

/// The default language from LC_ALL, LC_MESSAGES and LANG, read from a dictionary.
@Suite("Language from the environment")
struct LanguageEnvironmentTests {
    func language(_ variables: [String: String]) -> Language {
        LanguageEnvironment.language(from: FixedEnvironment(variables))
    }

    @Test("de_* is German; C, POSIX, other languages and nothing at all are English")
    func locales() {
        #expect(language(["LANG": "de_DE.UTF-8"]) == .de)
        #expect(language(["LANG": "de_AT@euro"]) == .de)
        #expect(language(["LANG": "de"]) == .de)
        #expect(language(["LANG": "de-CH"]) == .de)
        #expect(language(["LANG": "C"]) == .en)
        #expect(language(["LANG": "C.UTF-8"]) == .en)
        #expect(language(["LANG": "POSIX"]) == .en)
        #expect(language(["LANG": "en_GB.UTF-8"]) == .en)
        #expect(language(["LANG": "fr_FR.UTF-8"]) == .en)
        #expect(language(["LANG": "dexyz"]) == .en)
        #expect(language([:]) == .en)
    }

    @Test("LC_ALL wins over LC_MESSAGES, which wins over LANG; an empty variable does not count")
    func precedence() {
        #expect(language(["LC_ALL": "C", "LC_MESSAGES": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"]) == .en)
        #expect(language(["LC_ALL": "de_DE.UTF-8", "LANG": "C"]) == .de)
        #expect(language(["LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US.UTF-8"]) == .de)
        #expect(language(["LC_MESSAGES": "C", "LANG": "de_DE.UTF-8"]) == .en)
        #expect(language(["LC_ALL": "", "LC_MESSAGES": "", "LANG": "de_DE.UTF-8"]) == .de)
        // Other categories do not choose the language of messages.
        #expect(language(["LC_CTYPE": "de_DE.UTF-8", "LANGUAGE": "de"]) == .en)
    }

    @Test("German writes a decimal comma, English a point")
    func decimals() {
        #expect(Language.de.decimal("0.065") == "0,065")
        #expect(Language.en.decimal("0.065") == "0.065")
    }
}
