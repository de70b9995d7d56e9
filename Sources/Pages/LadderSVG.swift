public import Teaching
import WireBytes

/// A connection's ladder as SVG, from the same `ConnectionLadder` the terminal draws: two
/// lifelines, an arrow per row with its label above it, the comment beside, phases as bands,
/// findings and folds as notes, a fragmented message as a dashed box. Widths come from character
/// counts (monospace, no measuring in Swift), and the gap between the lifelines grows with the
/// widest label, as Mermaid's `calculateActorMargins` does.
public enum LadderSVG {
    static let fontSize = 15.0
    /// Advance of one monospace character (DejaVu Sans Mono and most others: 0.6 em).
    static let charWidth = fontSize * 0.6
    static let lineHeight = 20.0
    /// Comment characters per line.
    static let commentColumns = 60

    public static func render(_ ladder: ConnectionLadder, id: String, style: Style = .plain) -> String {
        let rows = ladder.rows
        let words = PageStrings(style: style)
        let times = LadderTextView.timeCells(rows, mode: .relative).map { style.decimal($0) }
        let packets = rows.map { LadderTextView.packetCell($0.firstPacket, $0.lastPacket) }
        let names = LadderTextView.laneNames(style: style)
        let lanes = ladder.lanes
        let timeWidth = Double(max(4, times.map(\.count).max() ?? 0)) * charWidth
        let packetWidth = Double(max(3, packets.map(\.count).max() ?? 0)) * charWidth
        let widestLabel = Double(rows.map(\.label.count).max() ?? 0) * charWidth
        let clientHalf = Double(max(lanes[0].count, names.client.count)) * charWidth / 2
        let serverHalf = Double(max(lanes[1].count, names.server.count)) * charWidth / 2
        let x0 = max(12 + timeWidth + 12 + packetWidth + 24, clientHalf + 12)
        let gap = max(220, widestLabel + 60, clientHalf + serverHalf + 24)
        let x1 = x0 + gap
        let commentX = x1 + max(24, serverHalf + 12)
        let width = commentX + Double(commentColumns) * charWidth + 16

        // Rows first (their height decides the lifelines' length).
        var body = HTMLWriter()
        var y = 64.0
        var phase: LadderRow.Phase?
        var rowTops: [Double] = []
        var rowBottoms: [Double] = []
        for (index, row) in rows.enumerated() {
            if row.phase != phase {
                phase = row.phase
                body.element("rect", ["class": "phase", "x": "0", "y": f(y), "width": f(width), "height": "26"])
                body.element("text", ["class": "phase-name", "x": "12", "y": f(y + 18)], text: LadderTextView.phaseName(row.phase, style: style))
                y += 34
            }
            let comment = row.detail.isEmpty ? [] : TextWrap.wrap(row.detail, width: commentColumns)
            let height = max(32, Double(comment.count) * lineHeight + 12)
            rowTops.append(y)
            body.element("g", ["class": "row " + row.kind.rawValue + (row.findings.isEmpty ? "" : " has-finding")]) { g in
                g.element("title", text: row.label + ": " + row.detail)
                g.element("text", ["class": "time", "x": f(12 + timeWidth), "y": f(y + 16), "text-anchor": "end"], text: times[index])
                g.element("text", ["class": "packet", "x": f(12 + timeWidth + 12 + packetWidth), "y": f(y + 16), "text-anchor": "end"],
                          text: packets[index])
                if row.isArrow, let from = row.from {
                    let (start, end) = from == .client ? (x0, x1) : (x1, x0)
                    g.element("text", ["class": "label", "x": f((x0 + x1) / 2), "y": f(y + 15), "text-anchor": "middle"], text: row.label)
                    g.element("line", ["class": row.kind == .gap ? "arrow lost" : "arrow", "x1": f(start), "y1": f(y + 22),
                                       "x2": f(end + (from == .client ? -2 : 2)), "y2": f(y + 22),
                                       "marker-end": "url(#\(id)-head)"])
                } else {
                    g.element("rect", ["class": "note", "x": f(x0 - 10), "y": f(y + 2), "width": f(gap + 20), "height": "24", "rx": "4"])
                    g.element("text", ["class": "label", "x": f((x0 + x1) / 2), "y": f(y + 19), "text-anchor": "middle"], text: row.label)
                }
                for (line, text) in comment.enumerated() {
                    g.element("text", ["class": "comment", "x": f(commentX), "y": f(y + 16 + Double(line) * lineHeight)], text: text)
                }
            }
            y += height
            rowBottoms.append(y)
        }
        let height = y + 16

        var svg = HTMLWriter()
        svg.element("svg", attributes: [("xmlns", "http://www.w3.org/2000/svg"), ("class", "ladder"), ("role", "img"),
                                        ("aria-labelledby", id + "-title"), ("width", f(width)), ("height", f(height)),
                                        ("viewBox", "0 0 \(f(width)) \(f(height))")]) { svg in
            svg.element("title", ["id": id + "-title"], text: words.ladderTitle(LadderTextView.title(ladder, style: style)))
            svg.element("defs") { defs in
                defs.element("marker", ["id": id + "-head", "viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "8",
                                        "markerHeight": "8", "orient": "auto-start-reverse"]) { marker in
                    marker.element("path", ["class": "head", "d": "M 0 0 L 10 5 L 0 10 z"])
                }
            }
            for (x, name, address) in [(x0, names.client, lanes[0]), (x1, names.server, lanes[1])] {
                svg.element("text", ["class": "lane", "x": f(x), "y": "20", "text-anchor": "middle"], text: name)
                svg.element("text", ["class": "address", "x": f(x), "y": "40", "text-anchor": "middle"], text: address)
                svg.element("line", ["class": "lifeline", "x1": f(x), "y1": "50", "x2": f(x), "y2": f(y)])
            }
            // A fragmented message: from its first frame (FIN = 0) to its last, per direction.
            for (top, bottom) in messageBoxes(rows, tops: rowTops, bottoms: rowBottoms) {
                svg.element("rect", ["class": "message", "x": f(x0 + 8), "y": f(top + 2), "width": f(gap - 16),
                                     "height": f(bottom - top - 4), "rx": "6"])
            }
            svg.trusted(body.html)
        }
        return svg.html
    }

    /// Row spans of fragmented messages: a data frame with FIN = 0 up to the continuation with FIN = 1.
    static func messageBoxes(_ rows: [LadderRow], tops: [Double], bottoms: [Double]) -> [(Double, Double)] {
        var open: [Bool: Int] = [:]
        var boxes: [(Double, Double)] = []
        for (index, row) in rows.enumerated() where row.kind == .frame {
            guard let from = row.from, let fin = row.fin else { continue }
            let side = from == .client
            if row.opcodeName == "text" || row.opcodeName == "binary" {
                open[side] = fin ? nil : index
            } else if row.opcodeName == "continuation", fin, let start = open[side] {
                boxes.append((tops[start], bottoms[index]))
                open[side] = nil
            }
        }
        return boxes
    }

    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
