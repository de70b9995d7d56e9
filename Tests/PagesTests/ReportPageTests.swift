import Analysis
import CaptureCrafting
import Foundation
import Pages
import PacketCapture
import Teaching
import Testing
import WebSocketWire
import WireBytes

/// The report page built from crafted captures: hostile bytes stay inert text everywhere they
/// appear (frames table, summary, ladder SVG, findings, the handshake), the header figure holds
/// the frame's own bits, and the page is self-contained.
struct ReportPageTests {
    static let hostileText = "\u{1b}[31m \u{202e}gnp.exe &lt;b&gt; \"><script>alert('x')</script>"

    /// A WebSocket conversation whose every field a page shows carries markup, quotes, ESC and bidi.
    static func hostileCapture() throws -> [UInt8] {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.1", 40_000), server: .ipv4("10.0.0.2", 8080))
        ws.upgrade(target: "/chat?\"><script>x</script>", host: "evil\"><img src=x onerror=alert(1)>",
                   key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                   requestHeaders: ["Origin: http://\u{202e}moc.elpmaxe", "Sec-WebSocket-Protocol: </style><script>y</script>"])
        ws.send(.text(hostileText, maskingKey: [1, 2, 3, 4]), from: .client)
        ws.send(.text(hostileText), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: Array("<svg onload=alert(1)>".utf8), maskingKey: [9, 9, 9, 9]), from: .client)
        ws.send(.close(code: 4000, reason: "</title><script>z</script>", maskingKey: [5, 6, 7, 8]), from: .client)
        ws.send(.close(code: 4000, reason: "'\"&amp;"), from: .server)
        ws.tcp.close(first: .server)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-pages-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ws.tcp.write(to: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func page(_ bytes: [UInt8], maxFrames: Int = 500) throws -> String {
        var options = AnalysisOptions()
        options.emitsTCPPackets = true
        var collector = ReportCollector(maxFrames: maxFrames)
        let report = try CaptureAnalyzer(options: options).analyze(bytes: bytes, name: "hostile<\">.pcap") { collector.consume($0) }
        let input = collector.finish(report, file: "hostile<\">.pcap") { $0.isWebSocket }
        return ReportPage.render(input, css: "body { color: black }")
    }

    @Test func hostileBytesStayText() throws {
        let html = try Self.page(try Self.hostileCapture())
        // wslens writes no script, no img, no event handler; every one in the capture is escaped.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg onload"))
        #expect(html.components(separatedBy: "</style>").count == 2, "a payload cannot close the style element")
        // Every tag on the page is one wslens writes: the payload's tags are all text.
        let ours: Set<Substring> = ["!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
                                    "main", "section", "pre", "div", "svg", "defs", "marker", "path", "text", "line", "rect", "g",
                                    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "details", "summary", "caption", "br",
                                    "code", "footer", "nav", "ul", "li"]
        for tag in html.split(separator: "<").dropFirst() {
            let name = tag.prefix { $0 != " " && $0 != ">" && $0 != "\n" }
            let bare = name.hasPrefix("/") ? name.dropFirst() : name
            #expect(ours.contains(bare), "a tag wslens does not write: <\(tag.prefix(40))")
        }
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"), "the payload is shown as text")
        #expect(html.contains("&amp;lt;b&amp;gt;"), "entity-like payload text is shown as typed")
        #expect(html.contains("\\u{1b}[31m"), "ESC is visible")
        #expect(html.contains("\\u{202e}gnp.exe"), "a bidi override is visible and cannot reorder the page")
        #expect(!html.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e || $0.value == 0x07 })
        #expect(html.contains("hostile&lt;\"&gt;.pcap"), "the file name is escaped too")
        // Every attribute value is in double quotes, with none of the payload's quotes unescaped inside.
        for tag in html.split(separator: "<").dropFirst() {
            let head = tag.prefix { $0 != ">" }
            var inQuotes = false
            for character in head where character == "\"" { inQuotes.toggle() }
            #expect(!inQuotes, "an attribute quote is not closed in <\(head)>")
        }
    }

    @Test func pageIsSelfContained() throws {
        let html = try Self.page(try Self.hostileCapture())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:\">"))
        #expect(html.contains("<style>body { color: black }</style>"))
        for remote in ["http://", "https://"] {
            // The only links out are plain RFC links (the page loads nothing itself).
            var rest = html[...]
            while let range = rest.range(of: remote) {
                let before = rest[..<range.lowerBound].suffix(6)
                let after = rest[range.upperBound...].prefix(40)
                #expect(before == "href=\"" && after.hasPrefix("www.rfc-editor.org/rfc/rfc") || !before.hasSuffix("src=\""),
                        "a remote reference: \(before)\(remote)\(after)")
                rest = rest[range.upperBound...]
            }
        }
        #expect(!html.contains("src=\""), "no element loads a source")
    }

    /// The header figure of the seed's first frame holds that frame's bits, field by field.
    @Test func headerFigureHoldsTheFramesBits() throws {
        let header = try #require(WebSocketFrameHeader(bytes: [0x81, 0x89, 0x3c, 0x2e, 0x3f, 0x4a]))
        var page = HTMLWriter()
        FrameFigures.headerFigure(header, payload: [0x5f, 0x5d, 0x11, 0x22, 0x51, 0x00, 0x5a, 0x2e, 0x49], into: &page)
        let html = page.html
        let bits = html.components(separatedBy: "<tr class=\"bitvalues\">").dropFirst().map { row in
            row.components(separatedBy: "</tr>")[0].replacingOccurrences(of: "<td>", with: "").replacingOccurrences(of: "</td>", with: "")
        }
        // 0x81 0x89 | 3c 2e 3f 4a | the first 2 payload bytes fill the second row.
        #expect(bits == ["10000001" + "10001001" + "00111100" + "00101110", "00111111" + "01001010" + "01011111" + "01011101"])
        #expect(html.contains("<td colspan=\"1\" class=\"field\">FIN<br><span class=\"value\">1</span></td>"))
        #expect(html.contains("<td colspan=\"4\" class=\"field\">Opcode<br><span class=\"value\">1 text</span></td>"))
        #expect(html.contains("<td colspan=\"7\" class=\"field\">Payload length<br><span class=\"value\">9</span></td>"))
        #expect(html.contains("<td colspan=\"16\" class=\"field\">Masking key<br><span class=\"value\">3c2e3f4a</span></td>"))
        #expect(html.contains("<td colspan=\"16\" class=\"field\">Masking key (continued)</td>"))
        #expect(html.contains("<td colspan=\"16\" class=\"field payload\">Payload data (masked)</td>"))
    }

    /// A 64-bit length runs over three rows, as in the RFC's figure.
    @Test func sixtyFourBitLengthSpansRows() throws {
        let header = try #require(WebSocketFrameHeader(bytes: [0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0]))
        var page = HTMLWriter()
        FrameFigures.headerFigure(header, payload: [1, 2], into: &page)
        #expect(page.html.contains("<td colspan=\"16\" class=\"field\">Extended payload length<br><span class=\"value\">65536</span></td>"))
        #expect(page.html.components(separatedBy: "Extended payload length (continued)").count == 3)
        #expect(page.html.contains("<td colspan=\"16\" class=\"field payload\">Payload data</td>"))
    }

    /// The masking table is the thesis' table 2: masked, key, unmasked, character.
    @Test func maskingTableIsTheThesisTable() throws {
        var page = HTMLWriter()
        FrameFigures.maskingTable(masked: [0x5f, 0x5d, 0x11, 0x22, 0x51, 0x00, 0x5a, 0x2e, 0x49], key: try #require(WebSocketMaskingKey([0x3c, 0x2e, 0x3f, 0x4a])),
                                  totalLength: 9, into: &page)
        func row(_ kind: String) -> [String] {
            let part = page.html.components(separatedBy: "<tr class=\"\(kind)\">")[1].components(separatedBy: "</tr>")[0]
            return part.components(separatedBy: "<td>").dropFirst().map { $0.replacingOccurrences(of: "</td>", with: "") }
        }
        #expect(row("masked") == ["5f", "5d", "11", "22", "51", "00", "5a", "2e", "49"])
        #expect(row("key") == ["3c", "2e", "3f", "4a", "3c", "2e", "3f", "4a", "3c"])
        #expect(row("unmasked") == ["63", "73", "2e", "68", "6d", "2e", "65", "64", "75"])
        #expect(row("character") == ["c", "s", ".", "h", "m", ".", "e", "d", "u"])
    }

    /// Frames past --max-frames are listed in the table but not drawn, and the page says so.
    @Test func framesPastTheLimitAreListedNotDrawn() throws {
        let html = try Self.page(try Self.hostileCapture(), maxFrames: 2)
        #expect(html.components(separatedBy: "<details ").count - 1 == 2)
        #expect(html.components(separatedBy: "-row\" class=").count - 1 == 5, "every frame has its row")
        #expect(html.contains("Frames 2 to 4 are listed in the table above but not drawn here"))
    }

    /// The ladder SVG: a title, one arrow per arrow row, the gap widened for a long label.
    @Test func ladderSVGDrawsEveryRow() throws {
        var options = AnalysisOptions()
        options.emitsTCPPackets = true
        var builder = LadderBuilder()
        let report = try CaptureAnalyzer(options: options).analyze(bytes: try Self.hostileCapture()) { builder.consume($0) }
        let ladder = try #require(builder.finish(report).first)
        let svg = LadderSVG.render(ladder, id: "t")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" role=\"img\" aria-labelledby=\"t-title\""))
        #expect(svg.contains("<title id=\"t-title\">"))
        #expect(svg.components(separatedBy: "<line class=\"arrow").count - 1 == ladder.rows.filter(\.isArrow).count)
        #expect(svg.components(separatedBy: "<g class=\"row ").count - 1 == ladder.rows.count)
        #expect(!svg.contains("<script"))
    }
}
