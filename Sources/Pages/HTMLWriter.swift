/// A small HTML (and SVG) writer: elements with attributes and children, text, and trusted
/// markup from wslens itself. Every text and attribute value goes through `HTMLEscape`; tag and
/// attribute names are wslens's own constants (checked: lowercase letters, digits, `-`, `:`).
public struct HTMLWriter: Sendable {
    public private(set) var html = ""

    public init() {}

    /// `<name attributes>children</name>`.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:],
                                 _ children: (inout HTMLWriter) -> Void = { _ in }) {
        open(name, attributes)
        children(&self)
        html += "</" + name + ">"
    }

    /// `<name attributes>text</name>`.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        open(name, attributes)
        self.text(text)
        html += "</" + name + ">"
    }

    /// A void element (`<meta>`, `<br>`).
    public mutating func void(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        open(name, attributes)
    }

    /// Attributes from a list (when they are computed): the same escaping.
    public mutating func element(_ name: String, attributes: [(String, String)], _ children: (inout HTMLWriter) -> Void = { _ in }) {
        Self.checkName(name)
        html += "<" + name
        for (key, value) in attributes { attribute(key, value) }
        html += ">"
        children(&self)
        html += "</" + name + ">"
    }

    public mutating func text(_ value: String) { html += HTMLEscape.text(value) }

    /// Markup wslens made itself (the embedded CSS, a lesson's Markdown rendered by Ink, an SVG
    /// built with another writer). Never capture bytes.
    public mutating func trusted(_ markup: String) { html += markup }

    private mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        Self.checkName(name)
        html += "<" + name
        for (key, value) in attributes { attribute(key, value) }
        html += ">"
    }

    private mutating func attribute(_ key: String, _ value: String) {
        Self.checkName(key)
        html += " " + key + "=\"" + HTMLEscape.attribute(value) + "\""
    }

    private static func checkName(_ name: String) {
        precondition(!name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == ":" || ("A"..."Z").contains($0) },
                     "HTML names are wslens's own constants")
    }
}
