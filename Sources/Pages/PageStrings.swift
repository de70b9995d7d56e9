import Localization
import Teaching

/// Every word the HTML pages show, from the string catalog in the style's language.
struct PageStrings: Sendable {
    let style: Style

    init(style: Style = .plain) { self.style = style }

    private func tr(_ key: String, _ arguments: any CatalogArgumentConvertible...) -> String {
        style.tr(key, arguments: arguments.map(\.catalogArgument))
    }

    /// `<html lang>`.
    var language: String { style.language.rawValue }

    // MARK: Report page

    func reportTitle(_ file: String) -> String { tr("page.reportTitle", file) }
    func reportHeading(_ file: String) -> String { tr("page.reportHeading", file) }
    func reportIntro(packets: UInt64, connections: Int, webSocket: Int) -> String {
        tr("page.reportIntro", packets, tr("page.tcpConnections", connections), webSocket)
    }
    func noWebSocket(_ file: String) -> String { tr("ladder.noConnections", file) }
    var contents: String { tr("page.contents") }
    func connectionHeading(_ number: Int, client: String, server: String) -> String {
        tr("summary.connection", number, client, server)
    }
    var summaryHeading: String { tr("page.summaryHeading") }
    var ladderHeading: String { tr("page.ladderHeading") }
    var ladderNote: String { tr("page.ladderNote") }
    func ladderTitle(_ title: String) -> String { tr("page.ladderTitle", title) }
    var framesHeading: String { tr("page.framesHeading") }
    var frameDetailsHeading: String { tr("page.frameDetailsHeading") }
    func notDrawn(first: Int, last: Int, limit: Int) -> String { tr("page.notDrawn", first, last, limit) }
    var closeHeading: String { tr("page.closeHeading") }
    var findingsHeading: String { tr("page.findingsHeading") }
    var noFindings: String { tr("page.noFindings") }
    var overheadHeading: String { tr("page.overheadHeading") }
    var captureErrorHeading: String { tr("page.captureErrorHeading") }
    var footer: String { tr("page.footer") }

    // Frame table columns.
    var frameColumns: [String] {
        ["#", tr("page.column.packets"), tr("page.column.time"), tr("page.column.dir"), "FIN", "RSV", "opcode", "MASK",
         tr("page.column.length"), tr("page.column.maskingKey"), tr("page.column.payload")]
    }
    func direction(fromClient: Bool) -> String { fromClient ? "C→S" : "S→C" }
    func frameSummary(index: Int, opcode: String, fromClient: Bool, length: UInt64) -> String {
        tr("page.frameSummary", index, opcode, style.tr(fromClient ? "direction.clientToServer" : "direction.serverToClient"),
           tr("page.payloadBytes", length))
    }
    var notMaskedServer: String { tr("page.notMaskedServer") }
    var notMaskedClient: String { tr("page.notMaskedClient") }
    var payloadNotRetained: String { tr("page.payloadNotRetained") }
    var emptyPayload: String { tr("explain.masking.emptyPayload") }
    func incomplete(_ missing: UInt64) -> String { tr("ladder.missing", missing) }
    var incompleteFrame: String { tr("word.incomplete") }
    var compressed: String { tr("ladder.compressed") }

    // Header figure and masking table.
    func headerFigureCaption(headerBytes: Int) -> String { tr("page.headerFigureCaption", headerBytes) }
    func payloadData(masked: Bool) -> String { tr(masked ? "page.payloadDataMasked" : "page.payloadData") }
    var continued: String { tr("page.continued") }
    func maskingCaption(key: String, shown: Int, total: UInt64) -> String {
        tr("page.maskingCaption", key) + (UInt64(shown) < total ? " " + tr("page.maskingCaptionPart", shown, total) : "")
    }
    var maskingIndex: String { "i" }
    var maskingMasked: String { tr("masking.row.masked") }
    var maskingKey: String { tr("masking.row.key") }
    var maskingUnmasked: String { tr("masking.row.unmasked") }
    var maskingCharacter: String { tr("masking.row.character") }

    // Close and findings.
    var closeColumns: [String] {
        [tr("page.column.frame"), tr("page.column.from"), tr("page.column.code"), tr("page.column.meaning"), tr("page.column.reason")]
    }
    func closeVerdict(complete: Bool, endedWithoutClose: Bool) -> String {
        if endedWithoutClose { return tr("page.closeVerdict.withoutClose") }
        return tr(complete ? "page.closeVerdict.complete" : "page.closeVerdict.oneSide")
    }
    var noClose: String { tr("page.noClose") }
    var noCloseCode: String { tr("page.noCloseCode") }
    var findingColumns: [String] {
        ["severity", "rule", "rfc", "from", "frame", "packet", "whatHappened"].map { tr("check.column." + $0) }
    }

    /// "6455 5.3" -> (the link text, the RFC editor's URL of that section).
    static func rfcLink(_ section: String) -> (String, String)? {
        let parts = section.split(separator: " ")
        guard parts.count == 2, parts[0].allSatisfy(\.isNumber), parts[1].allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return ("RFC \(parts[0]) §\(parts[1])", "https://www.rfc-editor.org/rfc/rfc\(parts[0])#section-\(parts[1])")
    }

    // Charts.
    var clientToServer: String { style.tr("direction.clientToServer") }
    var serverToClient: String { style.tr("direction.serverToClient") }
    var linkHeaders: String { tr("page.chart.linkHeaders") }
    var ipHeaders: String { tr("page.chart.ipHeaders") }
    var tcpHeaders: String { tr("page.chart.tcpHeaders") }
    var httpHandshake: String { tr("page.chart.httpHandshake") }
    var httpHeaders: String { tr("page.chart.httpHeaders") }
    var httpBodies: String { tr("page.chart.httpBodies") }
    var wsHeaders: String { tr("page.chart.wsHeaders") }
    var wsPayload: String { tr("page.chart.wsPayload") }
    var otherPayload: String { tr("page.chart.otherPayload") }
    var webSocket: String { "WebSocket" }
    var handshake: String { tr("page.chart.handshake") }
    var frameHeaders: String { tr("page.chart.frameHeaders") }
    var httpHeads: String { tr("page.chart.httpHeads") }
    var payload: String { tr("page.chart.payload") }
    func httpModel(_ kind: String) -> String { "HTTP " + tr("page.chart.model." + kind) }
    func layersChartTitle(_ number: Int) -> String { tr("page.chart.layersTitle", number) }
    func comparisonChartTitle(_ messages: Int) -> String { tr("page.chart.comparisonTitle", messages) }
    var comparisonNote: String { tr("page.chart.comparisonNote") }
    func bytes(_ count: UInt64) -> String { "\(count) B" }

    // MARK: Lesson page

    func lessonTitle(_ title: String) -> String { tr("page.lessonTitle", title) }
    var lessonListTitle: String { tr("page.lessonListTitle") }
    func exitStatus(_ status: Int32) -> String { tr("lesson.exitStatus", status) }
    func unexpectedStatus(_ expected: Int32) -> String { "✗ " + tr("lesson.unexpectedStatus", expected) }
}
