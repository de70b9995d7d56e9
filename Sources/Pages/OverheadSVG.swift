public import Analysis
public import Teaching
import WireBytes

/// The overhead comparison as horizontal stacked bar charts: where one connection's captured
/// bytes went, per layer and direction; and the same messages over WebSocket and over HTTP/1.1 in
/// both models (handshake, headers, payload).
public enum OverheadSVG {
    static let fontSize = 15.0
    static let charWidth = fontSize * 0.6
    static let barHeight = 26.0
    static let barLength = 560.0

    /// One segment of a bar: its legend name, bytes, and the CSS class that colors it.
    struct Segment {
        var name: String
        var bytes: UInt64
        var colorClass: String
    }

    struct Bar {
        var label: String
        var segments: [Segment]
        var total: UInt64 { segments.reduce(0) { $0 + $1.bytes } }
    }

    /// Per layer and direction: link, IP and TCP headers, then the TCP payload by what it carried.
    public static func layers(_ connection: OverheadAnalysis.Connection, id: String, style: Style = .plain) -> String {
        let words = PageStrings(style: style)
        let report = connection.report
        let bars = [(words.clientToServer, Peer.client), (words.serverToClient, Peer.server)].map { label, peer in
            let layers = report.layers[peer]
            let http = report.http[peer]
            let ws = report.webSocket[peer]
            var segments = [
                Segment(name: words.linkHeaders, bytes: layers.linkHeaderBytes, colorClass: "s1"),
                Segment(name: words.ipHeaders, bytes: layers.ipHeaderBytes, colorClass: "s2"),
                Segment(name: words.tcpHeaders, bytes: layers.tcpHeaderBytes, colorClass: "s3"),
                Segment(name: words.httpHandshake, bytes: http.handshakeBytes, colorClass: "s4"),
                Segment(name: words.httpHeaders, bytes: http.headerBytes, colorClass: "s5"),
                Segment(name: words.httpBodies, bytes: http.bodyBytes, colorClass: "s6"),
                Segment(name: words.wsHeaders, bytes: ws.headerBytes, colorClass: "s7"),
                Segment(name: words.wsPayload, bytes: ws.payloadBytes, colorClass: "s8"),
            ]
            let explained = http.handshakeBytes + http.headerBytes + http.bodyBytes + ws.headerBytes + ws.payloadBytes
            if layers.tcpPayloadBytes > explained {
                segments.append(Segment(name: words.otherPayload, bytes: layers.tcpPayloadBytes - explained, colorClass: "s9"))
            }
            return Bar(label: label, segments: segments)
        }
        return chart(bars, title: words.layersChartTitle(report.number), id: id, words: words)
    }

    /// The same messages over WebSocket and as HTTP/1.1 exchanges in each model.
    public static func comparison(_ connection: OverheadAnalysis.Connection, id: String, style: Style = .plain) -> String? {
        let words = PageStrings(style: style)
        guard let first = connection.comparisons.first else { return nil }
        var bars = [Bar(label: words.webSocket, segments: [
            Segment(name: words.handshake, bytes: first.handshakeBytes, colorClass: "s4"),
            Segment(name: words.frameHeaders, bytes: first.webSocketHeaderBytes, colorClass: "s7"),
            Segment(name: words.payload, bytes: first.payloadBytes, colorClass: "s8"),
        ])]
        for comparison in connection.comparisons {
            bars.append(Bar(label: words.httpModel(comparison.model.kind.rawValue), segments: [
                Segment(name: words.handshake, bytes: 0, colorClass: "s4"),
                Segment(name: words.httpHeads, bytes: comparison.httpHeaderBytes, colorClass: "s5"),
                Segment(name: words.payload, bytes: comparison.payloadBytes, colorClass: "s8"),
            ]))
        }
        return chart(bars, title: words.comparisonChartTitle(first.messages), id: id, words: words)
    }

    static func chart(_ bars: [Bar], title: String, id: String, words: PageStrings) -> String {
        let labelWidth = Double(max(16, bars.map(\.label.count).max() ?? 0)) * charWidth + 16
        let widest = max(1, bars.map(\.total).max() ?? 1)
        let legend = legendEntries(bars)
        let legendRows = (legend.count + 2) / 3
        let width = labelWidth + barLength + 16 + 14 * charWidth
        let barsBottom = 44 + Double(bars.count) * (barHeight + 14)
        let height = barsBottom + Double(legendRows) * 24 + 16
        var svg = HTMLWriter()
        svg.element("svg", attributes: [("xmlns", "http://www.w3.org/2000/svg"), ("class", "chart"), ("role", "img"),
                                        ("aria-labelledby", id + "-title"), ("width", LadderSVG.f(width)),
                                        ("height", LadderSVG.f(height)), ("viewBox", "0 0 \(LadderSVG.f(width)) \(LadderSVG.f(height))")]) { svg in
            svg.element("title", ["id": id + "-title"], text: title)
            svg.element("text", ["class": "chart-title", "x": "8", "y": "22"], text: title)
            var y = 44.0
            for bar in bars {
                svg.element("text", ["class": "bar-label", "x": "8", "y": LadderSVG.f(y + barHeight * 0.7)], text: bar.label)
                var x = labelWidth
                for segment in bar.segments where segment.bytes > 0 {
                    let length = Double(segment.bytes) / Double(widest) * barLength
                    svg.element("rect", ["class": "bar " + segment.colorClass, "x": LadderSVG.f(x), "y": LadderSVG.f(y),
                                         "width": LadderSVG.f(max(1, length)), "height": LadderSVG.f(barHeight)]) { rect in
                        rect.element("title", text: "\(bar.label): \(segment.name) \(words.bytes(segment.bytes))")
                    }
                    x += length
                }
                svg.element("text", ["class": "bar-total", "x": LadderSVG.f(x + 8), "y": LadderSVG.f(y + barHeight * 0.7)],
                            text: words.bytes(bar.total))
                y += barHeight + 14
            }
            for (index, entry) in legend.enumerated() {
                let column = Double(index % 3), row = Double(index / 3)
                let x = 8 + column * (width - 16) / 3
                let top = barsBottom + row * 24
                svg.element("rect", ["class": "bar " + entry.colorClass, "x": LadderSVG.f(x), "y": LadderSVG.f(top), "width": "14",
                                     "height": "14"])
                svg.element("text", ["class": "legend", "x": LadderSVG.f(x + 20), "y": LadderSVG.f(top + 12)], text: entry.name)
            }
        }
        return svg.html
    }

    /// The segments that appear in some bar, once each, in order.
    static func legendEntries(_ bars: [Bar]) -> [Segment] {
        var seen: Set<String> = []
        var entries: [Segment] = []
        for bar in bars {
            for segment in bar.segments where segment.bytes > 0 && seen.insert(segment.name).inserted { entries.append(segment) }
        }
        return entries
    }
}
