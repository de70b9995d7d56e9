import WireBytes

/// The heading over one capture's output when a command reads several (text and Markdown).
public enum CaptureHeading {
    public static func render(_ name: String, style: Style, markdown: Bool) -> String {
        let title = style.tr("capture.heading", TerminalSafe.escape(name))
        return markdown ? "## " + title + "\n" : TextWrap.wrap(title, width: style.width).map(style.heading).joined(separator: "\n")
    }
}
