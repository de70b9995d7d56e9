/// A placeholder in a catalog string: `%@`, `%lld`, or with a position, `%2$@`, `%1$lld` (German
/// often puts the arguments in another order than English, so positions are what the catalog uses).
public struct CatalogPlaceholder: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// `@`: any argument, written as it is.
        case object = "@"
        /// `d`, `i`, `u` with an optional length (`lld`): a whole number.
        case integer = "lld"
    }

    /// 1-based argument position.
    public let position: Int
    public let kind: Kind
    /// The placeholder as written.
    public let text: String

    public var description: String { text }

    /// A piece of a parsed catalog string.
    enum Piece: Sendable, Hashable {
        case literal(String)
        case placeholder(CatalogPlaceholder)
    }

    /// Every placeholder of `format`, in order of appearance; `%%` is a literal percent sign.
    public static func all(in format: String) -> [CatalogPlaceholder] {
        parse(format).pieces.compactMap { if case .placeholder(let placeholder) = $0 { placeholder } else { nil } }
    }

    /// Specifiers in `format` that wslens cannot fill (`%f`, `%s`, a lone `%`): a test demands none.
    public static func unsupported(in format: String) -> [String] { parse(format).unsupported }

    /// Splits a format into literal text and placeholders. Placeholders without a position take
    /// the next one in order, as printf does.
    static func parse(_ format: String) -> (pieces: [Piece], unsupported: [String]) {
        var pieces: [Piece] = []
        var unsupported: [String] = []
        var literal = ""
        var nextPosition = 1
        let characters = Array(format)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "%" else {
                literal.append(character)
                index += 1
                continue
            }
            var cursor = index + 1
            if cursor < characters.count, characters[cursor] == "%" {
                literal.append("%")
                index = cursor + 1
                continue
            }
            var digits = ""
            while cursor < characters.count, characters[cursor].isASCII, characters[cursor].isNumber {
                digits.append(characters[cursor])
                cursor += 1
            }
            var position: Int?
            if !digits.isEmpty, cursor < characters.count, characters[cursor] == "$" {
                position = Int(digits)
                cursor += 1
            } else if !digits.isEmpty {
                cursor = index + 1   // a width, which wslens does not use: unsupported below
            }
            var length = ""
            while cursor < characters.count, "lhqzjt".contains(characters[cursor]) {
                length.append(characters[cursor])
                cursor += 1
            }
            let conversion = cursor < characters.count ? characters[cursor] : nil
            let kind: Kind? = switch conversion {
            case "@" where length.isEmpty: .object
            case "d", "i", "u": .integer
            default: nil
            }
            guard let kind, position.map({ $0 > 0 }) ?? digits.isEmpty else {
                let end = min(cursor + 1, characters.count)
                unsupported.append(String(characters[index..<end]))
                literal += String(characters[index..<end])
                index = end
                continue
            }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
            let resolved = position ?? nextPosition
            nextPosition = resolved + 1
            pieces.append(.placeholder(CatalogPlaceholder(position: resolved, kind: kind,
                                                          text: String(characters[index...cursor]))))
            index = cursor + 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return (pieces, unsupported)
    }
}
