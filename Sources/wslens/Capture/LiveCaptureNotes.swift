import Analysis
import Foundation
import PacketCapture
import Teaching
import WireBytes

/// What a live capture says on stderr: where it listens when it starts, and what it captured and
/// dropped when it ends (as tcpdump does), so stdout holds only the analysis. In the command's language.
enum LiveCaptureNotes {
    static func started(_ reader: CaptureReader, _ capture: CaptureOptions, style: Style) -> String {
        var limits: [String] = []
        if let count = capture.live.count { limits.append(style.tr("cli.live.limit.packets", count)) }
        if let duration = capture.live.duration { limits.append(style.tr("cli.live.limit.seconds", seconds(duration))) }
        let until = limits.isEmpty ? style.tr("cli.live.until.ctrlC")
            : style.tr("cli.live.until.limits", limits.count == 2 ? style.tr("cli.live.limit.either", limits[0], limits[1]) : limits[0])
        var details = ""
        if capture.live.promiscuous { details += style.tr("cli.live.promiscuous") }
        if let filter = capture.filter { details += style.tr("cli.live.filter", TerminalSafe.escape(filter)) }
        if let path = capture.live.write { details += style.tr("cli.live.saving", TerminalSafe.escape(path)) }
        return style.tr("cli.live.started", TerminalSafe.escape(reader.path), reader.linkType.name, Int(reader.snapshotLength), details, until)
    }

    static func ended(_ reader: CaptureReader, report: AnalysisReport, signal: Int32?, capture: CaptureOptions, style: Style) -> String {
        let why: String
        switch report.end {
        case .packetLimit: why = style.tr("cli.live.why.packetLimit", capture.live.count ?? Int(reader.statistics()?.delivered ?? 0))
        case .duration: why = style.tr("cli.live.why.duration", capture.live.duration.map(seconds) ?? "?")
        case .stopped: why = style.tr(signal == SIGTERM ? "cli.live.why.sigterm" : "cli.live.why.ctrlC")
        case .endOfInput: why = style.tr(signal == SIGINT ? "cli.live.why.endAfterCtrlC" : "cli.live.why.end")
        case nil: why = style.tr("cli.live.why.error")
        }
        guard reader.isLive, let statistics = reader.statistics() else {
            return style.tr("cli.live.read", TerminalSafe.escape(reader.path), report.packetsRead, why)
        }
        return style.tr("cli.live.statistics", TerminalSafe.escape(reader.path), statistics.delivered, statistics.received,
                        statistics.droppedByKernel, statistics.droppedByInterface, why)
            + (statistics.droppedByKernel > 0 ? style.tr("cli.live.droppedByKernel") : "")
    }

    /// The warning pcap_activate gave (the capture goes on).
    static func activationWarning(_ reader: CaptureReader, _ warning: String, style: Style) -> String {
        style.tr("cli.live.activationWarning", TerminalSafe.escape(reader.path), TerminalSafe.escape(warning))
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension ExitStatus {
    /// The exit code for a capture that cannot be read or captured.
    static func of(_ error: CaptureError) -> Int32 {
        switch error.kind {
        case .invalidFilter: usage
        case .permissionDenied, .noSuchInterface, .interfaceDown, .captureFailed: captureNotPossible
        case .writeFailed: usage
        case .unreadable, .truncated, .readFailed, .incompatibleFiles: unreadableCapture
        }
    }
}
