import Ink
public import Teaching

/// A lesson as a self-contained HTML page: its Markdown rendered by Ink (lessons are wslens's own,
/// trusted text: Ink passes raw HTML through), every command's live output through the text escape,
/// and, after a `ladder` or `overhead` command, its pictures as SVG.
public enum LessonPage {
    /// - Parameters:
    ///   - results: one per command of the lesson, in order.
    ///   - figures: SVG markup (made by `LadderSVG`/`OverheadSVG`) to show after a command, if any.
    public static func render(_ lesson: Lesson, results: [EmbeddedCommandResult], css: String, style: Style = .plain,
                              figures: (EmbeddedCommand) -> [String] = { _ in [] }) -> String {
        let parser = MarkdownParser()
        var remaining = results[...]
        let words = PageStrings(style: style)
        return ReportPage.page(title: words.lessonTitle(lesson.title), css: css, words: words) { body in
            body.element("main", ["class": "lesson"]) { main in
                main.element("h1", text: lesson.title)
                for section in lesson.sections {
                    main.element("section") { part in
                        if let heading = section.heading { part.element("h2", text: heading) }
                        for block in section.blocks {
                            switch block {
                            case .markdown(let lines):
                                part.trusted(parser.html(from: lines.joined(separator: "\n")))
                            case .commands(let commands):
                                for command in commands {
                                    let result = remaining.popFirst() ?? EmbeddedCommandResult(output: "", status: 0)
                                    console(command, result, words: words, into: &part)
                                    for figure in figures(command) {
                                        part.element("div", ["class": "figure"]) { div in div.trusted(figure) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func console(_ command: EmbeddedCommand, _ result: EmbeddedCommandResult, words: PageStrings, into page: inout HTMLWriter) {
        page.element("pre", ["class": "console"]) { pre in
            pre.element("code") { code in
                code.element("span", ["class": "prompt"], text: "$ " + command.text)
                code.text("\n" + trimmed(result.output))
                if result.status != 0 { code.text("\n" + words.exitStatus(result.status)) }
                if result.status != command.expectedStatus {
                    code.element("span", ["class": "unexpected"], text: "\n" + words.unexpectedStatus(command.expectedStatus))
                }
            }
        }
    }

    private static func trimmed(_ output: String) -> String {
        var text = output
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

extension LessonPage {
    /// The list of lessons (Markdown from `LessonRenderer.list`) as a page.
    public static func listing(markdown: String, css: String, style: Style = .plain) -> String {
        let words = PageStrings(style: style)
        return ReportPage.page(title: words.lessonTitle(words.lessonListTitle), css: css, words: words) { body in
            body.element("main", ["class": "lesson"]) { main in
                main.element("h1", text: words.lessonListTitle)
                main.trusted(MarkdownParser().html(from: markdown))
            }
        }
    }
}
