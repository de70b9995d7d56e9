import Pages
import Teaching
import Testing

/// A lesson page: Markdown rendered by Ink, command output through the text escape.
struct LessonPageTests {
    @Test func markdownIsRenderedOutputIsEscaped() throws {
        let lesson = try LessonParser.parse(fileName: "99-test.md", text: """
            # Lesson 99: a test

            A test lesson for the page.

            ## The part

            Some **bold** and `code`.

            ```wslens
            wslens frames Captures/seed-examples.pcap
            ```

            ## Exercises

            1. One.
            2. Two.
            3. Three.
            """)
        let html = LessonPage.render(lesson, results: [EmbeddedCommandResult(output: "<script>alert(1)</script> \u{1b}[2J", status: 3)],
                                     css: "") { _ in ["<svg class=\"chart\"></svg>"] }
        #expect(html.contains("<strong>bold</strong>"))
        #expect(html.contains("<code>code</code>"))
        #expect(html.contains("$ wslens frames Captures/seed-examples.pcap"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\u{1b}[2J"))
        #expect(!html.contains("<script"))
        #expect(html.contains("(exit status 3)"))
        #expect(html.contains("the lesson expects exit status 0 here"))
        #expect(html.contains("<div class=\"figure\"><svg class=\"chart\"></svg></div>"))
    }
}
