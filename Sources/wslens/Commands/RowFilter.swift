import Analysis
import PacketCapture
import WebSocketWire
import WireBytes

/// Which frames or messages `frames` and `messages` print (`--from`, `--opcode`, `--grep`,
/// `--since`, `--until`); with none given, every row.
struct RowFilter {
    enum TimeBound {
        /// Seconds since the capture's first packet.
        case relative(Double)
        /// Seconds since 1970.
        case absolute(Double)
    }

    static let opcodes: [String: UInt8] = ["continuation": 0, "text": 1, "binary": 2, "close": 8, "ping": 9, "pong": 10]

    var from: Peer?
    var opcodes: Set<UInt8>?
    var grep: Regex<AnyRegexOutput>?
    var since: TimeBound?
    var until: TimeBound?
    /// Only this connection (`--connection`).
    var connection: Int?

    var isActive: Bool { from != nil || opcodes != nil || grep != nil || since != nil || until != nil }

    /// Frames are judged by their message's text, so `frames --grep` needs the message events too.
    var needsMessages: Bool { grep != nil }

    /// Everything but the text: sender, opcode, time (the time of the packet that completed the row).
    func passes(from peer: Peer, opcode: WebSocketOpcode, time: CaptureTimestamp, start: CaptureTimestamp?) -> Bool {
        if let from, from != peer { return false }
        if let opcodes, !opcodes.contains(opcode.rawValue) { return false }
        if let since, seconds(time, since, start) < 0 { return false }
        if let until, seconds(time, until, start) > 0 { return false }
        return true
    }

    /// How far `time` lies after the bound, in seconds.
    private func seconds(_ time: CaptureTimestamp, _ bound: TimeBound, _ start: CaptureTimestamp?) -> Double {
        switch bound {
        case .relative(let offset): (start.map { time - $0 } ?? 0) - offset
        case .absolute(let epoch): time.epochSeconds - epoch
        }
    }

    func matches(_ text: String) -> Bool {
        guard let grep else { return true }
        return (try? grep.firstMatch(in: text)) != nil
    }

    /// What `--grep` reads of a message: its text when it is a valid UTF-8 text message, else its
    /// (inflated) bytes as lowercase hex.
    static func searchable(_ message: DecodedMessage) -> String {
        message.text ?? message.data.hexString
    }

    /// What `--grep` reads of a frame on its own (a control frame, or one of no message): a close
    /// frame's reason, a payload that is UTF-8 as text, else the payload as hex.
    static func searchable(_ frame: DecodedFrame) -> String {
        if frame.opcode == .connectionClose, frame.closeCode != nil { return frame.closeReasonText ?? "" }
        return String(validating: frame.payload, as: UTF8.self) ?? frame.payload.hexString
    }
}

/// Picks the rows to print from the analysis events, in the order they complete.
protocol RowSelector {
    associatedtype Record
    /// The time of the capture's first packet (`--since` counts from it).
    var captureStart: CaptureTimestamp? { get set }
    /// The rows this event lets out (a frame may wait for its message's text).
    mutating func consume(_ event: AnalysisEvent) -> [Record]
    /// The rows still waiting at the end of the capture.
    mutating func drain() -> [Record]
}

struct MessageRowSelector: RowSelector {
    let filter: RowFilter
    var captureStart: CaptureTimestamp?

    mutating func consume(_ event: AnalysisEvent) -> [MessageRecord] {
        guard case .message(let record) = event, filter.connection.map({ $0 == record.connection.number }) ?? true else { return [] }
        let message = record.message
        guard filter.passes(from: message.from, opcode: message.opcode, time: record.time, start: captureStart),
              filter.grep == nil || filter.matches(RowFilter.searchable(message)) else { return [] }
        return [record]
    }

    mutating func drain() -> [MessageRecord] { [] }
}

/// Frames in completion order. With `--grep`, the data frames of a message wait until the message
/// completes (its inflated text decides for all of them) and the rows after them wait too, so the
/// order stays that of the capture.
struct FrameRowSelector: RowSelector {
    let filter: RowFilter
    var captureStart: CaptureTimestamp?
    private var queue: [(record: FrameRecord, verdict: Bool?)] = []

    init(filter: RowFilter) { self.filter = filter }

    mutating func consume(_ event: AnalysisEvent) -> [FrameRecord] {
        switch event {
        case .frame(let record):
            guard filter.connection.map({ $0 == record.connection.number }) ?? true else { return [] }
            let frame = record.frame
            let passes = filter.passes(from: frame.from, opcode: frame.opcode, time: record.time, start: captureStart)
            guard filter.grep != nil else { return passes ? [record] : [] }
            if passes, frame.opcode.isData, frame.message != nil {
                queue.append((record, nil))
            } else {
                queue.append((record, passes && filter.matches(RowFilter.searchable(frame))))
            }
        case .message(let record):
            guard filter.grep != nil else { return [] }
            let matches = filter.matches(RowFilter.searchable(record.message))
            let frames = Set(record.message.frameIndices)
            for index in queue.indices where queue[index].verdict == nil {
                let frame = queue[index].record
                if frame.connection.number == record.connection.number, frame.frame.from == record.message.from,
                   frames.contains(frame.frame.index) {
                    queue[index].verdict = matches
                }
            }
        case .connectionClosed(let identity):
            // A message that never completed: its frames are judged on their own.
            for index in queue.indices where queue[index].verdict == nil && queue[index].record.connection.number == identity.number {
                queue[index].verdict = filter.matches(RowFilter.searchable(queue[index].record.frame))
            }
        default:
            return []
        }
        var ready: [FrameRecord] = []
        while let first = queue.first, let verdict = first.verdict {
            queue.removeFirst()
            if verdict { ready.append(first.record) }
        }
        return ready
    }

    mutating func drain() -> [FrameRecord] {
        defer { queue.removeAll() }
        return queue.filter { $0.verdict ?? filter.matches(RowFilter.searchable($0.record.frame)) }.map(\.record)
    }
}
