import Analysis
import PacketCapture
import WireBytes

/// The ladder as a sequence diagram for the terminal (or a Markdown handout): a time and a packet
/// column, two lifelines with an arrow per row and its short label between them, and a comment
/// column wrapped to the width. Nothing is cut: what does not fit beside the diagram goes below it.
public enum LadderTextView {
    /// The comment column is moved below the rows when it would be narrower than this.
    static let minimumComment = 24
    /// Lifelines are at least this far apart, and the gap grows with the widest label (Mermaid's rule).
    static let minimumGap = 14

    public static func render(_ ladders: [ConnectionLadder], width: Int, time: LadderTimeMode = .relative,
                              style: Style = .plain, markdown: Bool = false) -> String {
        ladders.map { render($0, width: width, time: time, style: style, markdown: markdown) }.joined(separator: "\n\n")
    }

    public static func render(_ ladder: ConnectionLadder, width: Int, time: LadderTimeMode = .relative,
                              style: Style = .plain, markdown: Bool = false) -> String {
        let symbols = Symbols(ascii: style.ascii)
        let lines = diagram(ladder, width: width, time: time, style: markdown ? Style(ascii: style.ascii, language: style.language) : style,
                            symbols: symbols)
        let title = symbols.plain(LadderStrings(style: style).title(ladder.identity.number, client: ladder.lanes[0], server: ladder.lanes[1]))
        if markdown {
            return (["### " + title, "", "```text"] + lines + ["```"]).joined(separator: "\n")
        }
        return (TextWrap.wrap(title, width: width).map(style.heading) + lines).joined(separator: "\n")
    }

    /// A phase's name as the diagrams print it.
    public static func phaseName(_ phase: LadderRow.Phase, style: Style = .plain) -> String { LadderStrings(style: style).phase(phase) }

    /// The title over a connection's ladder.
    public static func title(_ ladder: ConnectionLadder, style: Style = .plain) -> String {
        LadderStrings(style: style).title(ladder.identity.number, client: ladder.lanes[0], server: ladder.lanes[1])
    }

    public static func laneNames(style: Style = .plain) -> (client: String, server: String) {
        let words = LadderStrings(style: style)
        return (words.client, words.server)
    }

    public static func timeLegend(_ mode: LadderTimeMode, style: Style = .plain) -> String { LadderStrings(style: style).timeLegend(mode) }

    /// What to say when no connection has a ladder.
    public static func nothingToDraw(file: String, connection: Int?, style: Style = .plain) -> String {
        let words = LadderStrings(style: style)
        return connection.map { words.noSuchConnection($0, file) } ?? words.noConnections(file)
    }

    /// The drawing symbols, Unicode or ASCII.
    struct Symbols {
        let ascii: Bool
        var lifeline: String { ascii ? "|" : "│" }
        var line: String { ascii ? "-" : "─" }
        var dashed: String { ascii ? "." : "╌" }
        var rightHead: String { ascii ? ">" : "▶" }
        var leftHead: String { ascii ? "<" : "◀" }

        /// Our own text in the chosen symbols, and nothing else non-ASCII under `--ascii`.
        func plain(_ text: String) -> String {
            guard ascii else { return text }
            let replaced = Style(ascii: true).asciiSafe(text.replacing("⇄", with: "<->"))
            var out = ""
            for scalar in replaced.unicodeScalars {
                if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += "\\u{" + String(scalar.value, radix: 16) + "}" }
            }
            return out
        }
    }

    // MARK: Layout

    static func diagram(_ ladder: ConnectionLadder, width: Int, time mode: LadderTimeMode, style: Style, symbols: Symbols) -> [String] {
        let rows = ladder.rows
        let words = LadderStrings(style: style)
        let times = timeCells(rows, mode: mode).map { style.decimal($0) }
        let packets = rows.map { packetCell($0.firstPacket, $0.lastPacket) }
        let labels = rows.map { symbols.plain($0.label) }
        let details = rows.map { symbols.plain($0.detail) }
        let timeWidth = max(words.timeHeading.count, times.map(\.count).max() ?? 0)
        let packetWidth = max(words.packetHeading.count, packets.map(\.count).max() ?? 0)
        let lanesStart = timeWidth + 1 + packetWidth + 2
        let widestLabel = max(labels.map(\.count).max() ?? 0, words.server.count)
        let wantedGap = max(minimumGap, widestLabel + 6)
        // Room for the gap when the comment keeps its minimum beside the diagram.
        let roomBeside = width - lanesStart - 2 - 2 - minimumComment
        let besides = roomBeside >= wantedGap
        let gap = besides ? wantedGap : max(widestLabel + 6, min(wantedGap, width - lanesStart - 2))
        let commentStart = lanesStart + gap + 2 + 2
        let commentWidth = besides ? width - commentStart : max(1, width - 4)

        var lines: [String] = []
        let lanePad = String(repeating: " ", count: lanesStart)
        let empty = lanePad + symbols.lifeline + String(repeating: " ", count: gap) + symbols.lifeline
        // Headings: the columns, and the lanes' names over their lifelines.
        let laneTitles = words.client + String(repeating: " ", count: max(1, gap + 2 - words.client.count - words.server.count))
            + words.server
        lines.append(pad(words.timeHeading, timeWidth, right: true) + " " + pad(words.packetHeading, packetWidth, right: true)
                     + "  " + laneTitles)
        var phase: LadderRow.Phase?
        for index in rows.indices {
            let row = rows[index]
            if row.phase != phase {
                phase = row.phase
                let name = " " + words.phase(row.phase) + " "
                let lead = String(repeating: symbols.line, count: 2)
                let fill = String(repeating: symbols.line, count: max(0, min(width, commentStart + 16) - 2 - name.count))
                lines.append(style.bold(lead + name + fill))
            }
            let inner = drawing(row, label: labels[index], gap: gap, symbols: symbols)
            let colored = row.findings.isEmpty ? inner : style.warn(inner)
            let head = pad(times[index], timeWidth, right: true) + " " + pad(packets[index], packetWidth, right: true) + "  "
                + symbols.lifeline + colored + (row.kind == .end ? " " : symbols.lifeline)
            let comment = details[index].isEmpty ? [] : TextWrap.wrap(details[index], width: commentWidth)
            if besides {
                lines.append((head + (comment.first.map { "  " + $0 } ?? "")).trimmingTrailingSpaces())
                for more in comment.dropFirst() { lines.append(empty + "  " + more) }
            } else {
                lines.append(head.trimmingTrailingSpaces())
                for more in comment { lines.append("    " + more) }
            }
        }
        lines.append("")
        lines.append(contentsOf: TextWrap.wrap(symbols.plain(words.timeLegend(mode)), width: width))
        return lines
    }

    /// What goes between the lifelines: an arrow with its label, or a note.
    static func drawing(_ row: LadderRow, label: String, gap: Int, symbols: Symbols) -> String {
        let text = " " + label + " "
        let room = gap - text.count
        guard row.isArrow, let from = row.from else {
            let left = max(0, room / 2)
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: max(0, room - left))
        }
        let stroke = row.kind == .gap ? symbols.dashed : symbols.line
        // One stroke at the tail, the head at the other lifeline, the label nearer the tail.
        let before = max(1, min(3, room - 2))
        let after = max(1, room - before - 1)
        if from == .client {
            return String(repeating: stroke, count: before) + text + String(repeating: stroke, count: after) + symbols.rightHead
        }
        return symbols.leftHead + String(repeating: stroke, count: after) + text + String(repeating: stroke, count: before)
    }

    // MARK: Cells

    public static func timeCells(_ rows: [LadderRow], mode: LadderTimeMode) -> [String] {
        let start = rows.lazy.compactMap(\.time).first
        var previous: CaptureTimestamp?
        return rows.map { row in
            guard let time = row.time, let start else { return "" }
            defer { previous = time }
            switch mode {
            case .relative: return seconds(time - start)
            case .delta: return "+" + seconds(time - (previous ?? start))
            case .absolute: return clock(time)
            }
        }
    }

    /// Seconds with microseconds: "0.000107".
    static func seconds(_ value: Double) -> String {
        let micros = Int64((value * 1_000_000).rounded())
        let sign = micros < 0 ? "-" : ""
        let magnitude = abs(micros)
        let fraction = String(magnitude % 1_000_000)
        return sign + "\(magnitude / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// UTC "HH:MM:SS.ffffff".
    static func clock(_ time: CaptureTimestamp) -> String {
        let day = ((time.seconds % 86_400) + 86_400) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let micros = String(time.nanoseconds / 1_000)
        return two(day / 3600) + ":" + two(day / 60 % 60) + ":" + two(day % 60) + "."
            + String(repeating: "0", count: 6 - micros.count) + micros
    }

    public static func packetCell(_ first: UInt64?, _ last: UInt64?) -> String {
        guard let first else { return "" }
        guard let last, last != first else { return "\(first)" }
        return "\(first)-\(last)"
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String { TextViews.pad(text, width, right: right) }
}
