public import HTTPUpgrade
import WireBytes

/// The Sec-WebSocket-Accept computation step by step (RFC 6455 §4.2.2), as the MSDN article
/// derives it by hand: the key, the key with the GUID appended, SHA-1, base64.
public enum AcceptView {
    /// Whether `expected` matches the derived accept value (exact, case-sensitive, as clients compare).
    public static func matches(_ derivation: WebSocketAccept.Derivation, expected: String) -> Bool {
        derivation.accept == expected.trimmingSpaces()
    }

    public static func render(_ derivation: WebSocketAccept.Derivation, expected: String? = nil,
                              style: Style = .plain, markdown: Bool = false) -> String {
        let key = TerminalSafe.escape(derivation.key)
        let digestHex = derivation.sha1Digest.map(\.hex2).joined(separator: " ")
        var notes: [String] = []
        if let decoded = WebSocketAccept.decodeKey(derivation.key) {
            if decoded.count != 16 {
                notes.append(style.tr("accept.note.notSixteenBytes", decoded.count))
            }
        } else {
            notes.append(style.tr("accept.note.notBase64"))
        }
        let steps: [(String, String, String)] = [
            ("1", style.tr("accept.step.key"), key),
            ("2", style.tr("accept.step.concatenate", WebSocketAccept.guid), TerminalSafe.escape(derivation.keyWithGUID)),
            ("3", style.tr("accept.step.sha1"), digestHex),
            ("4", style.tr("accept.step.base64"), derivation.accept),
        ]
        var lines: [String] = []
        var verdict: String?
        if let expected {
            let given = TerminalSafe.escape(expected.trimmingSpaces())
            verdict = matches(derivation, expected: expected)
                ? style.good(style.check + " " + style.tr("accept.verdict.matches")) + ": " + style.tr("accept.verdict.matchesDetail", given)
                : style.bad(style.cross + " " + style.tr("accept.verdict.differs")) + ": "
                    + style.tr("accept.verdict.differsDetail", derivation.accept, given)
        }
        if markdown {
            lines.append("### " + style.tr("accept.titleMarkdown", "`\(key)`"))
            lines.append("")
            var table = TextTable(columns: [.init(style.tr("accept.column.step"), .right), .init(style.tr("accept.column.what")),
                                            .init(style.tr("accept.column.value"))])
            for step in steps { table.append([step.0, step.1, "`" + step.2 + "`"]) }
            lines.append(table.renderMarkdown())
            lines.append("")
            lines.append(style.tr("accept.responseHeader", "`Sec-WebSocket-Accept: \(derivation.accept)`"))
            if let verdict { lines.append(""); lines.append("--expect: " + verdict) }
            for note in notes { lines.append(""); lines.append(note) }
            return lines.joined(separator: "\n")
        }
        lines.append(style.heading(style.tr("accept.title", key)))
        lines.append(style.tr("accept.formula", WebSocketAccept.guid))
        lines.append("")
        let labelWidth = steps.map { $0.1.count }.max()! + 2
        // Values beside their steps when every one fits the width, else each under its step.
        let beside = steps.allSatisfy { 4 + labelWidth + TextWidth.columns($0.2) <= style.width }
        for step in steps {
            if beside {
                lines.append(" \(step.0). " + TextViews.pad(step.1, labelWidth) + step.2)
            } else {
                lines.append(" \(step.0). " + step.1)
                lines.append("     " + step.2)
            }
        }
        lines.append("")
        lines.append(style.tr("accept.serverAnswers", "Sec-WebSocket-Accept: \(derivation.accept)"))
        if let verdict { lines.append("--expect: " + verdict) }
        lines.append(contentsOf: notes)
        return style.fit(style.asciiSafe(lines.joined(separator: "\n")))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
