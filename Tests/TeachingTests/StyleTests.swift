import Testing
@testable import Teaching

struct StyleTests {
    @Test func plainStyleWritesNoEscapeSequences() {
        let style = Style(ascii: false, color: false)
        #expect(style.bad("FAIL") == "FAIL")
        #expect(style.heading("Title") == "Title")
    }

    @Test func colorWrapsWholeWords() {
        #expect(Style(color: true).good("ok") == "\u{1b}[32mok\u{1b}[0m")
    }

    @Test func asciiReplacesEverySymbol() {
        let style = Style(ascii: true)
        #expect(style.asciiSafe("C→S ← ✓ ✗ ⊕ … ─ –") == "C->S <- ok X XOR ... - -")
        #expect(Style(ascii: false).asciiSafe("→") == "→")
    }

    @Test func tableRendersInAsciiAndMarkdown() {
        var table = TextTable(columns: [.init("a"), .init("b", .right)])
        table.append(["x|y", "1"])
        #expect(table.render(ascii: true) == "a    b\n---  -\nx|y  1")
        #expect(table.renderMarkdown() == "| a | b |\n|---|---:|\n| x\\|y | 1 |")
    }
}
