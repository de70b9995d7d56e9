import Analysis
import PacketCapture
import PacketDecoding
import Teaching
import WebSocketWire
import WireBytes

/// The one-file HTML report: per WebSocket connection the summary, the ladder as SVG, the frames
/// table, a header figure and masking table per frame (collapsible), the close, the findings with
/// links to their RFC sections, and the overhead charts. Self-contained: the CSS is embedded, there
/// is no script, and the Content-Security-Policy forbids loading anything.
public enum ReportPage {
    /// Forbids every load: no script, no font, no image but inline data, no stylesheet but the inline one.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    public static func render(_ input: ReportInput, css: String) -> String {
        let file = input.file
        return page(title: PageStrings.reportTitle(file), css: css) { body in
            body.element("header") { header in
                header.element("h1", text: PageStrings.reportHeading(file))
                let webSocket = input.report.connections.filter(\.isWebSocket).count
                header.element("p", text: PageStrings.reportIntro(packets: input.report.packetsRead,
                                                                  connections: input.report.connections.count, webSocket: webSocket))
                if let error = input.report.captureError {
                    header.element("p", ["class": "warning"], text: PageStrings.captureErrorHeading + ": " + error.description)
                }
                if input.connections.count > 1 {
                    header.element("nav") { nav in
                        nav.element("h2", text: PageStrings.contents)
                        nav.element("ul") { list in
                            for connection in input.connections {
                                let identity = connection.report.identity
                                list.element("li") { item in
                                    item.element("a", ["href": "#connection-\(identity.number)"],
                                                 text: PageStrings.connectionHeading(identity.number, client: identity.client.description,
                                                                                     server: identity.server.description))
                                }
                            }
                        }
                    }
                }
            }
            body.element("main") { main in
                if input.connections.isEmpty { main.element("p", text: PageStrings.noWebSocket(file)) }
                for connection in input.connections { section(connection, maxFrames: input.maxFrames, into: &main) }
            }
            body.element("footer") { footer in footer.element("p", text: PageStrings.footer) }
        }
    }

    /// The page frame shared with lesson pages: doctype, CSP, charset, the embedded CSS.
    static func page(title: String, css: String, _ body: (inout HTMLWriter) -> Void) -> String {
        var page = HTMLWriter()
        page.trusted("<!DOCTYPE html>\n")
        page.element("html", ["lang": PageStrings.language]) { html in
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

    static func section(_ connection: ReportConnection, maxFrames: Int, into page: inout HTMLWriter) {
        let report = connection.report
        let identity = report.identity
        let id = "connection-\(identity.number)"
        page.element("section", ["id": id, "class": "connection"]) { section in
            section.element("h2", text: PageStrings.connectionHeading(identity.number, client: identity.client.description,
                                                                      server: identity.server.description))
            section.element("h3", text: PageStrings.summaryHeading)
            section.element("pre", ["class": "summary"], text: SummaryView.render(report, style: .plain))

            if let ladder = connection.ladder {
                section.element("h3", text: PageStrings.ladderHeading)
                section.element("div", ["class": "figure"]) { figure in figure.trusted(LadderSVG.render(ladder, id: id + "-ladder")) }
                if ladder.rows.contains(where: { $0.kind == .fold }) { section.element("p", ["class": "note"], text: PageStrings.ladderNote) }
            }

            section.element("h3", text: PageStrings.framesHeading)
            framesTable(connection, id: id, into: &section)

            if !connection.frames.isEmpty {
                section.element("h3", text: PageStrings.frameDetailsHeading)
                for frame in connection.frames where frame.maskedPrefix != nil { frameDetails(frame, id: id, into: &section) }
                if connection.frames.count > maxFrames {
                    section.element("p", ["class": "note"], text: PageStrings.notDrawn(first: connection.frames[maxFrames].index,
                                                                                        last: connection.frames.last!.index, limit: maxFrames))
                }
            }

            section.element("h3", text: PageStrings.closeHeading)
            closeSection(report, into: &section)

            section.element("h3", text: PageStrings.findingsHeading)
            findings(report, into: &section)

            if let overhead = connection.overhead {
                section.element("h3", text: PageStrings.overheadHeading)
                section.element("div", ["class": "figure"]) { figure in
                    figure.trusted(OverheadSVG.layers(overhead, id: id + "-layers"))
                }
                if let comparison = OverheadSVG.comparison(overhead, id: id + "-comparison") {
                    section.element("div", ["class": "figure"]) { figure in figure.trusted(comparison) }
                    section.element("p", ["class": "note"], text: PageStrings.comparisonNote)
                }
            }
        }
    }

    static func framesTable(_ connection: ReportConnection, id: String, into page: inout HTMLWriter) {
        let start = connection.ladder?.start ?? connection.frames.first?.time
        page.element("div", ["class": "scroll"]) { scroll in
            scroll.element("table", ["class": "frames"]) { table in
                table.element("thead") { head in
                    head.element("tr") { row in for column in PageStrings.frameColumns { row.element("th", ["scope": "col"], text: column) } }
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
                            row.element("td", text: start.map { seconds(frame.time - $0) } ?? "")
                            row.element("td", text: PageStrings.direction(fromClient: frame.from == .client))
                            row.element("td", text: header.fin ? "1" : "0")
                            row.element("td", text: (header.rsv1 ? "1" : "0") + (header.rsv2 ? "1" : "0") + (header.rsv3 ? "1" : "0"))
                            row.element("td", text: header.opcode.name)
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

    static func frameDetails(_ frame: ReportFrame, id: String, into page: inout HTMLWriter) {
        let header = frame.header
        page.element("details", ["id": "\(id)-frame-\(frame.index)", "class": "frame"]) { details in
            details.element("summary", text: PageStrings.frameSummary(index: frame.index, opcode: header.opcode.name,
                                                                       fromClient: frame.from == .client, length: header.payloadLength))
            let prefix = frame.maskedPrefix ?? []
            FrameFigures.headerFigure(header, payload: prefix, into: &details)
            if let key = header.maskingKey {
                if header.payloadLength == 0 {
                    details.element("p", text: PageStrings.emptyPayload)
                } else if prefix.isEmpty {
                    details.element("p", text: PageStrings.payloadNotRetained)
                } else {
                    FrameFigures.maskingTable(masked: prefix, key: key, totalLength: header.payloadLength, into: &details)
                }
            } else {
                details.element("p", text: frame.from == .server ? PageStrings.notMaskedServer : PageStrings.notMaskedClient)
            }
        }
    }

    static func closeSection(_ report: ConnectionReport, into page: inout HTMLWriter) {
        guard let close = report.close, close.first != nil || close.endedWithoutCloseFrame else {
            page.element("p", text: PageStrings.noClose)
            return
        }
        let frames = [close.first, close.reply].compactMap { $0 }
        if !frames.isEmpty {
            page.element("table", ["class": "close"]) { table in
                table.element("thead") { head in
                    head.element("tr") { row in for column in PageStrings.closeColumns { row.element("th", ["scope": "col"], text: column) } }
                }
                table.element("tbody") { body in
                    for info in frames {
                        body.element("tr") { row in
                            row.element("td", text: "\(info.frameIndex)")
                            row.element("td", text: info.from.rawValue)
                            row.element("td", text: info.code?.label ?? "–")
                            row.element("td", text: info.code?.meaning ?? "1005 No Status Received: the frame has no code")
                            row.element("td", text: info.reasonText ?? (info.reason.isEmpty ? "" : info.reason.hexString))
                        }
                    }
                }
            }
        }
        page.element("p", text: PageStrings.closeVerdict(complete: close.isHandshakeComplete, endedWithoutClose: close.endedWithoutCloseFrame))
    }

    static func findings(_ report: ConnectionReport, into page: inout HTMLWriter) {
        guard !report.findings.isEmpty else {
            page.element("p", ["class": "good"], text: PageStrings.noFindings)
            return
        }
        page.element("div", ["class": "scroll"]) { scroll in
            scroll.element("table", ["class": "findings"]) { table in
                table.element("thead") { head in
                    head.element("tr") { row in for column in PageStrings.findingColumns { row.element("th", ["scope": "col"], text: column) } }
                }
                table.element("tbody") { body in
                    for record in report.findings {
                        body.element("tr", ["class": record.rule.severity.rawValue]) { row in
                            row.element("td", text: record.rule.severity.rawValue)
                            row.element("td") { cell in cell.element("code", text: record.rule.id) }
                            row.element("td") { cell in
                                if let section = record.rule.rfcSection, let (text, url) = PageStrings.rfcLink(section) {
                                    cell.element("a", ["href": url], text: text)
                                } else {
                                    cell.text(record.rule.rfcSection ?? "")
                                }
                            }
                            row.element("td", text: record.from?.rawValue ?? "")
                            row.element("td", text: record.frameIndex.map(String.init) ?? "")
                            row.element("td", text: record.packet.map(String.init) ?? "")
                            row.element("td") { cell in
                                cell.text(record.finding.message)
                                cell.void("br")
                                cell.element("span", ["class": "rule"], text: record.rule.summary)
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
