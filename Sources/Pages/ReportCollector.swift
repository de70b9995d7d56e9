public import Analysis
public import Localization
public import PacketCapture
public import Teaching
public import WebSocketWire
public import WireBytes

/// One frame as the report lists and draws it: its header and, for the frames that are drawn,
/// the first payload bytes (not the whole payload: memory stays small for long captures).
public struct ReportFrame: Sendable {
    public let index: Int
    public let from: Peer
    public let firstPacket: UInt64?
    public let lastPacket: UInt64?
    public let time: CaptureTimestamp
    public let header: WebSocketFrameHeader
    /// The first payload bytes as sent (masked), for the figure and the masking table; nil past --max-frames.
    public let maskedPrefix: [UInt8]?
    /// Payload bytes the capture holds for this frame (0 when it was not retained or is missing).
    public let retainedLength: Int
    public let preview: String
    public let notes: [String]
}

/// Everything one report page needs about one WebSocket connection.
public struct ReportConnection: Sendable {
    public let report: ConnectionReport
    public let ladder: ConnectionLadder?
    public let frames: [ReportFrame]
    public let overhead: OverheadAnalysis.Connection?
}

/// What `wslens report` renders.
public struct ReportInput: Sendable {
    public let file: String
    public let report: AnalysisReport
    public let connections: [ReportConnection]
    public let maxFrames: Int
}

/// Collects the report's material from the analysis events in one pass: the ladder builder, the
/// overhead analysis, and a compact record per frame.
public struct ReportCollector: Sendable {
    /// Payload bytes kept per drawn frame (the masking table shows this many).
    public static let drawnPayloadBytes = 64

    public let maxFrames: Int
    private let words: PageStrings
    private var ladders: LadderBuilder
    private var overhead = OverheadAnalysis(messageLimit: 0)
    private var frames: [Int: [ReportFrame]] = [:]

    public init(maxFrames: Int = 500, connection: Int? = nil, language: Language = .en) {
        self.maxFrames = maxFrames
        words = PageStrings(style: Style(language: language))
        ladders = LadderBuilder(foldsRuns: true, connection: connection, language: language)
    }

    public mutating func consume(_ event: AnalysisEvent) {
        ladders.consume(event)
        overhead.observe(event)
        guard case .frame(let record) = event else { return }
        let number = record.connection.number
        let drawn = frames[number, default: []].count < maxFrames
        frames[number, default: []].append(Self.frame(record, drawn: drawn, words: words))
    }

    /// - Parameter include: which connections to show (all WebSocket ones, or the one asked for).
    public mutating func finish(_ report: AnalysisReport, file: String, include: (ConnectionReport) -> Bool) -> ReportInput {
        let ladders = self.ladders.finish(report)
        let overheads = overhead.connections(of: report)
        let connections = report.connections.filter(include).map { connection in
            ReportConnection(report: connection, ladder: ladders.first { $0.identity.number == connection.number },
                             frames: frames[connection.number] ?? [],
                             overhead: overheads.first { $0.report.number == connection.number })
        }
        return ReportInput(file: file, report: report, connections: connections, maxFrames: maxFrames)
    }

    static func frame(_ record: FrameRecord, drawn: Bool, words: PageStrings) -> ReportFrame {
        let frame = record.frame
        let header = frame.header
        var notes: [String] = []
        if header.rsv1 && !frame.opcode.isControl && frame.opcode != .continuation { notes.append(words.compressed) }
        if frame.missingPayloadBytes > 0 {
            notes.append(words.incomplete(frame.missingPayloadBytes))
        } else if !frame.isComplete {
            notes.append(words.incompleteFrame)
        }
        notes += frame.ruleIDs
        let prefix = Array(frame.payload.prefix(drawnPayloadBytes))
        return ReportFrame(index: frame.index, from: frame.from, firstPacket: record.firstPacket, lastPacket: record.lastPacket,
                           time: record.time, header: header,
                           maskedPrefix: drawn ? (header.maskingKey.map { $0.apply(to: prefix) } ?? prefix) : nil,
                           retainedLength: frame.payload.count, preview: preview(frame, style: words.style), notes: notes)
    }

    /// Quoted text (up to 40 characters), or the first 16 bytes in hex; close code and reason for a close.
    static func preview(_ frame: DecodedFrame, style: Style = .plain) -> String {
        if let code = frame.closeCode {
            return CloseCodeWords.label(code, style: style) + (frame.closeReasonText.flatMap { $0.isEmpty ? nil : " \"" + $0 + "\"" } ?? "")
        }
        guard !frame.payload.isEmpty else { return "" }
        let textual = frame.opcode == .text || frame.opcode == .continuation || frame.opcode == .ping || frame.opcode == .pong
        if textual, !frame.header.rsv1, let text = String(validating: frame.payload.prefix(160), as: UTF8.self) {
            let shown = String(text.prefix(40))
            return "\"" + shown + "\"" + (UInt64(shown.utf8.count) < frame.payloadLength ? "…" : "")
        }
        return frame.payload.prefix(16).hexString + (frame.payloadLength > 16 ? "…" : "")
    }
}
