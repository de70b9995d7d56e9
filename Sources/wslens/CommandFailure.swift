import Localization
import Teaching

/// An error the command has already explained in one line; `status` is the exit code. A failure
/// made from a catalog key is said in the command's language when it is printed (`main` knows it);
/// `message` is its English text.
struct CommandFailure: Error {
    var message: String
    var status: Int32
    var key: String?
    var arguments: [CatalogArgument] = []
    /// Catalog texts that fill the key's last placeholders, in order (a plural part of the sentence).
    var parts: [(key: String, arguments: [CatalogArgument])] = [] {
        didSet { message = message(in: .en) }
    }

    init(message: String, status: Int32) {
        self.message = message
        self.status = status
    }

    init(key: String, _ arguments: any CatalogArgumentConvertible..., status: Int32) {
        self.key = key
        self.arguments = arguments.map(\.catalogArgument)
        self.status = status
        self.message = ""
        self.message = message(in: .en)
    }

    /// The message in `language`.
    func message(in language: Language) -> String {
        guard let key else { return message }
        let filled = parts.map { CatalogArgument.text(Catalog.bundled.string($0.key, language: language, arguments: $0.arguments)) }
        return Catalog.bundled.string(key, language: language, arguments: Array(arguments.dropLast(parts.count)) + filled)
    }
}

/// A command whose output has a language: its errors are said in it too.
protocol SpeaksLanguage {
    var language: Language { get }
}
