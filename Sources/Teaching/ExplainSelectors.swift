public import Analysis
import TCPReassembly
import WebSocketWire
import WireBytes

/// Collects what `explain --packet N` needs: every frame whose bytes packet N carried (as
/// Wireshark numbers packets), each with its message, its message's frames and its findings.
/// Only the frames of messages being assembled are kept, so memory does not grow with the capture.
public struct PacketFrameSelector: Sendable {
    public let packet: UInt64
    private var wanted: [FrameKey] = []
    private var records: [FrameKey: FrameRecord] = [:]
    private var pending: [Int: [Peer: [FrameRecord]]] = [:]
    private var kept: [FrameKey: [FrameRecord]] = [:]
    private var messages: [FrameKey: MessageRecord] = [:]
    private var findings = FrameFindings()

    public init(packet: UInt64) { self.packet = packet }

    public mutating func consume(_ event: AnalysisEvent) {
        switch event {
        case .frame(let record):
            let key = FrameKey(record)
            if record.pieces.contains(where: { $0.packet == packet }) {
                wanted.append(key)
                records[key] = record
                findings.keep(key)
            }
            findings.frameSeen(record)
            guard let message = record.frame.message else { return }
            let number = record.connection.number
            var current = message.firstFrameIndex == record.frame.index ? [] : pending[number]?[record.frame.from] ?? []
            current.append(record)
            for frame in current where records[FrameKey(frame)] != nil { kept[FrameKey(frame)] = current }
            pending[number, default: [:]][record.frame.from] = current
        case .message(let record):
            let number = record.connection.number
            pending[number]?[record.message.from] = nil
            for index in record.message.frameIndices {
                let key = FrameKey(connection: number, index: index)
                if records[key] != nil { messages[key] = record }
            }
        case .finding(let record):
            findings.add(record)
        default:
            return
        }
    }

    /// The frames packet N carried bytes of, in the order they completed.
    public var explanations: [FrameExplanation] {
        wanted.map { key in
            let message = messages[key]
            let inMessage = Set(message?.message.frameIndices ?? [])
            return FrameExplanation(record: records[key]!, message: message,
                                    messageFrames: (kept[key] ?? []).filter { inMessage.contains($0.frame.index) },
                                    findings: findings.of(key))
        }
    }
}

/// `explain --follow`: the full explanation of every frame as it completes (live: as it happens).
///
/// A frame waits only for what completes its story in the same packet: the message it ends (the
/// inflated text of a compressed message) and the findings on it. It is let out at the next
/// packet's first event (run the analysis with TCP packet events) or at the end.
public struct FrameFollower: Sendable {
    public let connection: Int?
    private var waiting: FrameExplanation?
    private var pending: [Int: [Peer: [FrameRecord]]] = [:]
    private var findings = FrameFindings()

    public init(connection: Int? = nil) { self.connection = connection }

    private func wants(_ number: Int?) -> Bool { connection == nil || number == connection }

    public mutating func consume(_ event: AnalysisEvent) -> [FrameExplanation] {
        switch event {
        case .frame(let record):
            guard wants(record.connection.number) else { return [] }
            let out = release()
            var explanation = FrameExplanation(record: record)
            explanation.findings = findings.take(FrameKey(record))
            findings.frameSeen(record)
            waiting = explanation
            if let message = record.frame.message {
                let number = record.connection.number
                var current = message.firstFrameIndex == record.frame.index ? [] : pending[number]?[record.frame.from] ?? []
                current.append(record)
                pending[number, default: [:]][record.frame.from] = current
            }
            return out
        case .message(let record):
            guard wants(record.connection.number) else { return [] }
            let frames = pending[record.connection.number]?[record.message.from] ?? []
            pending[record.connection.number]?[record.message.from] = nil
            guard var explanation = waiting, explanation.record.connection.number == record.connection.number,
                  record.message.frameIndices.contains(explanation.record.frame.index) else { return [] }
            let inMessage = Set(record.message.frameIndices)
            explanation.message = record
            explanation.messageFrames = frames.filter { inMessage.contains($0.frame.index) }
            waiting = explanation
            return release()
        case .finding(let record):
            guard wants(record.connection?.number), let frame = record.frameIndex, let number = record.connection?.number else { return [] }
            if var explanation = waiting, explanation.record.connection.number == number, explanation.record.frame.index == frame {
                explanation.findings.append(record)
                waiting = explanation
            } else {
                findings.add(record)
            }
            return []
        default:
            return release()
        }
    }

    /// The frame still waiting, at the end of the capture.
    public mutating func finish() -> [FrameExplanation] { release() }

    private mutating func release() -> [FrameExplanation] {
        defer { waiting = nil }
        return waiting.map { [$0] } ?? []
    }
}

/// A frame by connection and index.
struct FrameKey: Hashable, Sendable {
    var connection: Int
    var index: Int

    init(connection: Int, index: Int) {
        self.connection = connection
        self.index = index
    }

    init(_ record: FrameRecord) { self.init(connection: record.connection.number, index: record.frame.index) }
}

/// Findings tied to frames, whether they come before their frame (found in its header) or after:
/// kept for the frames that are wanted and for frames not seen yet, and no others.
struct FrameFindings: Sendable {
    private var early: [FrameKey: [FindingRecord]] = [:]
    private var kept: [FrameKey: [FindingRecord]] = [:]
    private var highest: [Int: Int] = [:]

    mutating func frameSeen(_ record: FrameRecord) {
        let number = record.connection.number
        highest[number] = max(highest[number] ?? -1, record.frame.index)
        let passed = highest[number]!
        early = early.filter { $0.key.connection != number || $0.key.index > passed || kept[$0.key] != nil }
    }

    /// Keeps the findings of a frame that is wanted (those that came before it too).
    mutating func keep(_ key: FrameKey) {
        kept[key, default: []] += early.removeValue(forKey: key) ?? []
    }

    /// The findings that came before the frame (and forgets them).
    mutating func take(_ key: FrameKey) -> [FindingRecord] { early.removeValue(forKey: key) ?? [] }

    mutating func add(_ record: FindingRecord) {
        guard let number = record.connection?.number, let frame = record.frameIndex else { return }
        let key = FrameKey(connection: number, index: frame)
        if kept[key] != nil {
            kept[key]!.append(record)
        } else if frame > highest[number] ?? -1, early.count < 4_096 {
            early[key, default: []].append(record)
        }
    }

    func of(_ key: FrameKey) -> [FindingRecord] { kept[key] ?? [] }
}
