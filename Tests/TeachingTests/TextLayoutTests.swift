@testable import Teaching
import Testing

/// The pieces that make text fit a width: columns counted as a terminal counts them, lines
/// wrapped with hanging indents, tables narrowed and wrapped, lesson Markdown for the terminal.
@Suite struct TextLayoutTests {
    @Test func columnsAreCountedAsATerminalShowsThem() {
        #expect(TextWidth.columns("abc") == 3)
        #expect(TextWidth.columns("C→S ✓") == 5)
        #expect(TextWidth.columns("日本") == 4)
        #expect(TextWidth.columns("🙂") == 2)
        #expect(TextWidth.columns("e\u{301}") == 1, "a combining accent takes no column")
        #expect(TextWidth.columns("\u{1b}[1mbold\u{1b}[0m") == 4, "color codes take none")
        #expect(TextWidth.prefix("日本語", columns: 5) == "日本")
        #expect(TextWidth.prefix("\u{1b}[1mabc", columns: 2) == "\u{1b}[1mab")
    }

    @Test func longLinesWrapUnderTheirOwnIndentation() {
        let line = "  rule: The server answered the upgrade request with a status other than 101"
        let lines = TextWrap.fit(line, width: 40)
        #expect(lines == ["  rule: The server answered the upgrade", "      request with a status other than", "      101"])
        #expect(TextWrap.fit("short", width: 40) == ["short"])
        // Several spaces inside a line count as they are.
        #expect(TextWrap.fit("range        1000-2999: defined", width: 25) == ["range        1000-2999:", "    defined"])
        // A word wider than the line is cut, so no line is wider.
        #expect(TextWrap.fit("x " + String(repeating: "a", count: 30), width: 12).allSatisfy { TextWidth.columns($0) <= 12 })
    }

    @Test func tablesNarrowTheirTextAndThenLeaveOutOptionalColumns() {
        var table = TextTable(columns: [.init("#", .right), .init("client"), .init("bytes sent", .right),
                                        .init("note", prose: true), .init("extra", optional: true)])
        table.append(["1", "127.0.0.1:58000", "644", "a note long enough to be wrapped over lines", "x"])
        let natural = table.render()
        #expect(natural.split(separator: "\n").count == 3)
        let narrow = table.render(width: 50)
        let lines = narrow.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { TextWidth.columns($0) <= 50 }, "\(narrow)")
        #expect(narrow.contains("127.0.0.1:58000"), "an address stays whole: \(narrow)")
        #expect(lines.contains { $0.hasSuffix("extra") }, "the optional column stays while prose can wrap: \(narrow)")
        let narrower = table.render(width: 36)
        #expect(narrower.split(separator: "\n").allSatisfy { TextWidth.columns($0) <= 36 }, "\(narrower)")
        #expect(narrower.contains("(left out to fit 36 columns:\n\"extra\"; a wider --width shows it)"), "\(narrower)")
        #expect(!narrower.contains("x\n") && !narrower.hasSuffix("x"), "the optional column's cells are gone too")
        // The title of a number column wraps at its space rather than widening the column.
        #expect(narrower.contains("bytes\n") || narrower.split(separator: "\n").first?.contains("bytes") == true)
    }

    @Test func framesRowsWrapTheirPayloadInItsColumnOrBelow() {
        let table = StreamingTable(columns: [.init("#", 4, .right), .init("opcode", 6)], freeTitle: "payload", separator: 1,
                                   width: 30)
        let row = table.row(["12", "text"], free: "\"a payload preview of some length\"")
        let lines = row.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("  12 text   \"a payload"))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 12)) })
        #expect(lines.allSatisfy { TextWidth.columns($0) <= 30 })
        let below = StreamingTable(columns: [.init("#", 4, .right), .init("opcode", 6)], freeTitle: "payload", separator: 1,
                                   width: 24).row(["12", "text"], free: "\"a payload\"")
        #expect(below == "  12 text\n      \"a payload\"")
    }

    @Test func lessonMarkdownIsRenderedForTheTerminal() {
        let markdown = TerminalMarkdown(style: Style(width: 40))
        let text = markdown.render([
            "## A heading", "",
            "A paragraph with **bold**, *emphasis*, `code` and a [link](https://www.rfc-editor.org/rfc/rfc6455)",
            "that continues on the next line.", "",
            "| field | bits |", "|---|---:|", "| FIN | 1 |", "| opcode \\| op | 4 |", "",
            "1. First item that is long enough to wrap",
            "   onto the next line.",
            "- a bullet", "",
            "<!-- a comment for authors -->",
            "```", "wslens frames x.pcap", "```",
        ])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { TextWidth.columns($0) <= 40 }, "\(text)")
        #expect(lines[0] == "A heading")
        #expect(!text.contains("**") && !text.contains("`") && !text.contains("<!--"), "\(text)")
        #expect(text.contains("link\n(https://www.rfc-editor.org/rfc/rfc6455)\nthat continues"), "\(text)")
        #expect(lines.contains("  field        bits") && lines.contains("  FIN             1"), "\(text)")
        #expect(lines.contains("  opcode | op     4"), "\(text)")
        #expect(text.contains("1. First item that is long enough to\n   wrap onto the next line."), "\(text)")
        #expect(text.contains("• a bullet"))
        #expect(text.contains("    wslens frames x.pcap"))
        let colored = TerminalMarkdown(style: Style(color: true, width: 80)).render(["**RSV1** and *this*"])
        #expect(colored == "\u{1b}[1mRSV1\u{1b}[0m and \u{1b}[4mthis\u{1b}[0m")
    }
}
