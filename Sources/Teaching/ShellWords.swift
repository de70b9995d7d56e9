/// Splits a command line into words the way a POSIX shell does for the simple cases lessons use:
/// blanks separate words, 'single quotes' and "double quotes" group (a backslash escapes `"`, `\`
/// and `$` inside double quotes and any character outside quotes). No variables, globs or pipes:
/// those characters are taken literally.
public enum ShellWords {
    public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(line).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" { closed = true; break }
                    current.append(next)
                }
                if !closed { throw SplitError(message: "unterminated single quote") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { break }
                        if escaped != "\"" && escaped != "\\" && escaped != "$" && escaped != "`" { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
                if !closed { throw SplitError(message: "unterminated double quote") }
            case "\\":
                inWord = true
                guard let escaped = iterator.next() else { throw SplitError(message: "backslash at the end of the line") }
                current.append(escaped)
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The word as a shell would need it typed: unchanged when it is plain, else in single quotes.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5a)
                || (scalar.value >= 0x61 && scalar.value <= 0x7a) || "-_./:=,+@%".unicodeScalars.contains(scalar)
        }
        if plain { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
