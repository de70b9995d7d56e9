import Pages
import Testing

/// The two escapes of every page, against hostile payloads: quotes, `<script>`, entity-like text,
/// ESC, bidi overrides. What comes out must be inert text that shows what went in.
struct HTMLEscapeTests {
    static let hostile = [
        "\"><script>alert(1)</script>",
        "' onmouseover='alert(1)",
        "&lt;b&gt;not bold&lt;/b&gt;",
        "\u{1b}[31mred\u{1b}[0m",
        "abc\u{202e}cba",
        "</style><img src=x onerror=alert(1)>",
        "a & b < c > d",
    ]

    @Test func textEscapesMarkup() {
        #expect(HTMLEscape.text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLEscape.text("&lt;b&gt;") == "&amp;lt;b&amp;gt;", "entity-like text stays text, shown as typed")
        #expect(HTMLEscape.text("say \"hi\" 'there'") == "say \"hi\" 'there'", "quotes are harmless between tags")
    }

    @Test func attributeEscapesQuotesToo() {
        #expect(HTMLEscape.attribute("\"><script>") == "&quot;&gt;&lt;script&gt;")
        #expect(HTMLEscape.attribute("' onmouseover='x") == "&#39; onmouseover=&#39;x")
    }

    @Test func invisibleAndReorderingCharactersBecomeVisible() {
        #expect(HTMLEscape.text("\u{1b}[31m") == "\\u{1b}[31m")
        #expect(HTMLEscape.text("abc\u{202e}cba") == "abc\\u{202e}cba")
        #expect(HTMLEscape.attribute("\u{0}x") == "\\u{0}x")
        #expect(HTMLEscape.text("Grüße ✓ 日本") == "Grüße ✓ 日本", "printable text passes unchanged")
    }

    /// Whatever goes through the writer, the output has no tag, attribute or entity the input made.
    @Test(arguments: hostile)
    func writerKeepsHostileInputInert(_ payload: String) {
        var page = HTMLWriter()
        page.element("p", ["title": payload], text: payload)
        let html = page.html
        #expect(html.hasPrefix("<p title=\""))
        #expect(html.hasSuffix("</p>"))
        let inner = html.dropFirst("<p title=\"".count).dropLast("</p>".count)
        #expect(!inner.contains("<"), "no markup from the payload: \(html)")
        // The attribute ends at the first unescaped quote, which must be the writer's own.
        let attribute = inner.prefix { $0 != "\"" }
        #expect(!attribute.contains("'") && !attribute.contains(">"), "\(html)")
        #expect(inner.dropFirst(attribute.count).hasPrefix("\">"))
        #expect(!html.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e })
    }
}
