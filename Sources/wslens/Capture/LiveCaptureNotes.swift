import Analysis
import Foundation
import PacketCapture
import WireBytes

/// What a live capture says on stderr: where it listens when it starts, and what it captured and
/// dropped when it ends (as tcpdump does), so stdout holds only the analysis.
enum LiveCaptureNotes {
    static func started(_ reader: CaptureReader, _ capture: CaptureOptions) -> String {
        var limits: [String] = []
        if let count = capture.live.count { limits.append("\(count) packet\(count == 1 ? "" : "s")") }
        if let duration = capture.live.duration { limits.append("\(seconds(duration)) s") }
        let until = limits.isEmpty ? "Ctrl-C" : limits.joined(separator: " or ") + " (or Ctrl-C)"
        let filter = capture.filter.map { ", filter '\(TerminalSafe.escape($0))'" } ?? ""
        let copy = capture.live.write.map { ", saving to \(TerminalSafe.escape($0))" } ?? ""
        return "wslens: capturing on \(TerminalSafe.escape(reader.path)) (\(reader.linkType.name), snapshot length \(reader.snapshotLength) bytes"
            + (capture.live.promiscuous ? ", promiscuous" : "") + filter + copy + ") until " + until
    }

    static func ended(_ reader: CaptureReader, report: AnalysisReport, signal: Int32?, capture: CaptureOptions) -> String {
        let why: String
        switch report.end {
        case .packetLimit: why = "after \(capture.live.count ?? reader.statistics()?.delivered ?? 0) packets (--count)"
        case .duration: why = "after \(capture.live.duration.map(seconds) ?? "?") s (--duration)"
        case .stopped: why = signal == SIGTERM ? "stopped by SIGTERM" : "stopped by Ctrl-C"
        case .endOfInput: why = signal == SIGINT ? "to the end of the input after Ctrl-C" : "at the end of the input"
        case nil: why = "on an error"
        }
        guard reader.isLive, let statistics = reader.statistics() else {
            return "wslens: \(TerminalSafe.escape(reader.path)): read \(report.packetsRead) packet\(report.packetsRead == 1 ? "" : "s"), \(why)"
        }
        var line = "wslens: \(TerminalSafe.escape(reader.path)): \(statistics.delivered) packet\(statistics.delivered == 1 ? "" : "s") captured, "
            + "\(statistics.received) received, \(statistics.droppedByKernel) dropped by the kernel, "
            + "\(statistics.droppedByInterface) by the interface; \(why)"
        if statistics.droppedByKernel > 0 {
            line += " (wslens did not keep up: the analysis misses the dropped packets, and says so as gaps)"
        }
        return line
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
