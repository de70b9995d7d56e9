import Analysis
import PacketCapture
import PacketDecoding
public import Teaching
import WebSocketWire
import WireBytes

/// The one-file HTML report: per WebSocket connection the summary, the ladder as SVG, the frames
/// table, a header figure and masking table per frame (collapsible), the close, the findings with
/// links to their RFC sections, and the overhead charts. Self-contained: the CSS is embedded, there
/// is no script, and the Content-Security-Policy forbids loading anything.
public enum ReportPage {
    /// Forbids every load: no script, no font, no image but inline data, no stylesheet but the inline one.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    public static func render(_ input: ReportInput, css: String, style: Style = .plain) -> String {
        let file = input.file
        let words = PageStrings(style: style)
        return page(title: words.reportTitle(file), css: css, words: words) { body in
            body.element("header") { header in
                header.element("h1", text: words.reportHeading(file))
                let webSocket = input.report.connections.filter(\.isWebSocket).count
                header.element("p", text: words.reportIntro(packets: input.report.packetsRead,
                                                                  connections: input.report.connections.count, webSocket: webSocket))
                if let error = input.report.captureError {
                    header.element("p", ["class": "warning"], text: words.captureErrorHeading + ": " + error.description)
                }
                if input.connections.count > 1 {
                    header.element("nav") { nav in
                        nav.element("h2", text: words.contents)
                        nav.element("ul") { list in
                            for connection in input.connections {
                                let identity = connection.report.identity
                                list.element("li") { item in
                                    item.element("a", ["href": "#connection-\(identity.number)"],
                                                 text: words.connectionHeading(identity.number, client: identity.client.description,
                                                                                     server: identity.server.description))
                                }
                            }
                        }
                    }
                }
            }
            body.element("main") { main in
                if input.connections.isEmpty { main.element("p", text: words.noWebSocket(file)) }
                for connection in input.connections { section(connection, maxFrames: input.maxFrames, words: words, into: &main) }
            }
            body.element("footer") { footer in footer.element("p", text: words.footer) }
        }
    }

    /// The page frame shared with lesson pages: doctype, CSP, charset, the embedded CSS.
    static func page(title: String, css: String, words: PageStrings, _ body: (inout HTMLWriter) -> Void) -> String {
        var page = HTMLWriter()
        page.trusted("<!DOCTYPE html>\n")
        page.element("html", ["lang": words.language]) { html in
            html.element("head") { head in
                head.void("meta", ["charset": "utf-8"])
                head.void("meta", ["http-equiv": "Content-Security-Policy", "content": contentSecurityPolicy])
                head.void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
                head.void("meta", ["name": "generator", "content": "wslens"])
                head.element("title", text: title)
                // The CSS is wslens's own file, compiled into the binary: not capture bytes.
                head.element("style") { style in style.trusted(css.replacing("</", with: "<\\/")) }
            }
            html.element("body", [:], body)
        }
        return page.html + "\n"
    }

    // MARK: One connection

    static func section(_ connection: ReportConnection, maxFrames: Int, words: PageStrings, into page: inout HTMLWriter) {
        let report = connection.report
        let identity = report.identity
        let id = "connection-\(identity.number)"
        page.element("section", ["id": id, "class": "connection"]) { section in
            section.element("h2", text: words.connectionHeading(identity.number, client: identity.client.description,
                                                                      server: identity.server.description))
            section.element("h3", text: words.summaryHeading)
            section.element("pre", ["class": "summary"], text: SummaryView.render(report, style: Style(language: words.style.language)))

            if let ladder = connection.ladder {
                section.element("h3", text: words.ladderHeading)
                section.element("div", ["class": "figure"]) { figure in figure.trusted(LadderSVG.render(ladder, id: id + "-ladder", style: words.style)) }
                if ladder.rows.contains(where: { $0.kind == .fold }) { section.element("p", ["class": "note"], text: words.ladderNote) }
            }

            section.element("h3", text: words.framesHeading)
            framesTable(connection, id: id, words: words, into: &section)

            if !connection.frames.isEmpty {
                section.element("h3", text: words.frameDetailsHeading)
                for frame in connection.frames where frame.maskedPrefix != nil { frameDetails(frame, id: id, words: words, into: &section) }
                if connection.frames.count > maxFrames {
                    section.element("p", ["class": "note"], text: words.notDrawn(first: connection.frames[maxFrames].index,
                                                                                        last: connection.frames.last!.index, limit: maxFrames))
                }
            }

            section.element("h3", text: words.closeHeading)
            closeSection(report, words: words, into: &section)

            section.element("h3", text: words.findingsHeading)
            findings(report, words: words, into: &section)

            if let overhead = connection.overhead {
                section.element("h3", text: words.overheadHeading)
                section.element("div", ["class": "figure"]) { figure in
                    figure.trusted(OverheadSVG.layers(overhead, id: id + "-layers", style: words.style))
                }
                if let comparison = OverheadSVG.comparison(overhead, id: id + "-comparison", style: words.style) {
                    section.element("div", ["class": "figure"]) { figure in figure.trusted(comparison) }
                    section.element("p", ["class": "note"], text: words.comparisonNote)
                }
            }
        }
    }

    static func framesTable(_ connection: ReportConnection, id: String, words: PageStrings, into page: inout HTMLWriter) {
        let start = connection.ladder?.start ?? connection.frames.first?.time
        page.element("div", ["class": "scroll"]) { scroll in
            scroll.element("table", ["class": "frames"]) { table in
                table.element("thead") { head in
                    head.element("tr") { row in for column in words.frameColumns { row.element("th", ["scope": "col"], text: column) } }
                }
                table.element("tbody") { body in
                    for frame in connection.frames {
                        let header = frame.header
                        body.element("tr", attributes: [("id", "\(id)-frame-\(frame.index)-row"), ("class", frame.from.rawValue)]) { row in
                            row.element("td") { cell in
                                if frame.maskedPrefix != nil {
                                    cell.element("a", ["href": "#\(id)-frame-\(frame.index)"], text: "\(frame.index)")
                                } else {
                                    cell.text("\(frame.index)")
                                }
                            }
                            row.element("td", text: LadderTextView.packetCell(frame.firstPacket, frame.lastPacket))
                            row.element("td", text: start.map { words.style.decimal(seconds(frame.time - $0)) } ?? "")
                            row.element("td", text: words.direction(fromClient: frame.from == .client))
                            row.element("td", text: header.fin ? "1" : "0")
                            row.element("td", text: (header.rsv1 ? "1" : "0") + (header.rsv2 ? "1" : "0") + (header.rsv3 ? "1" : "0"))
                            row.element("td", text: OpcodeWords.name(header.opcode, style: words.style))
                            row.element("td", text: header.isMasked ? "1" : "0")
                            row.element("td", text: "\(header.payloadLength)")
                            row.element("td", ["class": "key"], text: header.maskingKey?.description ?? "-")
                            row.element("td", ["class": "payload"]) { cell in
                                cell.text(frame.preview)
                                if !frame.notes.isEmpty { cell.element("span", ["class": "notes"], text: " [" + frame.notes.joined(separator: "; ") + "]") }
                            }
                        }
                    }
                }
            }
        }
    }

    static func frameDetails(_ frame: ReportFrame, id: String, words: PageStrings, into page: inout HTMLWriter) {
        let header = frame.header
        page.element("details", ["id": "\(id)-frame-\(frame.index)", "class": "frame"]) { details in
            details.element("summary", text: words.frameSummary(index: frame.index, opcode: OpcodeWords.name(header.opcode, style: words.style),
                                                                       fromClient: frame.from == .client, length: header.payloadLength))
            let prefix = frame.maskedPrefix ?? []
            FrameFigures.headerFigure(header, payload: prefix, style: words.style, into: &details)
            if let key = header.maskingKey {
                if header.payloadLength == 0 {
                    details.element("p", text: words.emptyPayload)
                } else if prefix.isEmpty {
                    details.element("p", text: words.payloadNotRetained)
                } else {
                    FrameFigures.maskingTable(masked: prefix, key: key, totalLength: header.payloadLength, style: words.style, into: &details)
                }
            } else {
                details.element("p", text: frame.from == .server ? words.notMaskedServer : words.notMaskedClient)
            }
        }
    }

    static func closeSection(_ report: ConnectionReport, words: PageStrings, into page: inout HTMLWriter) {
        guard let close = report.close, close.first != nil || close.endedWithoutCloseFrame else {
            page.element("p", text: words.noClose)
            return
        }
        let frames = [close.first, close.reply].compactMap { $0 }
        if !frames.isEmpty {
            page.element("table", ["class": "close"]) { table in
                table.element("thead") { head in
                    head.element("tr") { row in for column in words.closeColumns { row.element("th", ["scope": "col"], text: column) } }
                }
                table.element("tbody") { body in
                    for info in frames {
                        body.element("tr") { row in
                            row.element("td", text: "\(info.frameIndex)")
                            row.element("td", text: words.style.tr("peer." + info.from.rawValue))
                            row.element("td", text: info.code.map { CloseCodeWords.label($0, style: words.style) } ?? "–")
                            row.element("td", text: info.code.map { CloseCodeWords.meaning($0, style: words.style) } ?? words.noCloseCode)
                            row.element("td", text: info.reasonText ?? (info.reason.isEmpty ? "" : info.reason.hexString))
                        }
                    }
                }
            }
        }
        page.element("p", text: words.closeVerdict(complete: close.isHandshakeComplete, endedWithoutClose: close.endedWithoutCloseFrame))
    }

    static func findings(_ report: ConnectionReport, words: PageStrings, into page: inout HTMLWriter) {
        guard !report.findings.isEmpty else {
            page.element("p", ["class": "good"], text: words.noFindings)
            return
        }
        page.element("div", ["class": "scroll"]) { scroll in
            scroll.element("table", ["class": "findings"]) { table in
                table.element("thead") { head in
                    head.element("tr") { row in for column in words.findingColumns { row.element("th", ["scope": "col"], text: column) } }
                }
                table.element("tbody") { body in
                    for record in report.findings {
                        body.element("tr", ["class": record.rule.severity.rawValue]) { row in
                            row.element("td", text: words.style.tr("severity." + record.rule.severity.rawValue))
                            row.element("td") { cell in cell.element("code", text: record.rule.id) }
                            row.element("td") { cell in
                                if let section = record.rule.rfcSection, let (text, url) = PageStrings.rfcLink(section) {
                                    cell.element("a", ["href": url], text: text)
                                } else {
                                    cell.text(record.rule.rfcSection ?? "")
                                }
                            }
                            row.element("td", text: record.from.map { words.style.tr("peer." + $0.rawValue) } ?? "")
                            row.element("td", text: record.frameIndex.map(String.init) ?? "")
                            row.element("td", text: record.packet.map(String.init) ?? "")
                            row.element("td") { cell in
                                cell.text(FindingWords.rawMessage(record.finding, style: words.style))
                                cell.void("br")
                                cell.element("span", ["class": "rule"], text: FindingWords.summary(record.rule, style: words.style))
                            }
                        }
                    }
                }
            }
        }
    }

    static func seconds(_ value: Double) -> String {
        let micros = Int64((value * 1_000_000).rounded())
        let fraction = String(abs(micros) % 1_000_000)
        return (micros < 0 ? "-" : "") + "\(abs(micros) / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
