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
/// A frame is let out once the packet that completed it is done (at the next packet's first event:
/// run the analysis with TCP packet events), so that the findings on it are in; a frame of a
/// message waits until its message completes (and the frames after it wait too, to keep their
/// order), so that it is explained with its whole message, as `--frame N` explains it. What is
/// still waiting at the end is let out then (a message that never completed says so).
public struct FrameFollower: Sendable {
    public let connection: Int?
    private struct Entry: Sendable {
        var explanation: FrameExplanation
        var waitsForMessage: Bool
        var packetDone = false
    }
    private var queue: [Entry] = []
    private var pending: [Int: [Peer: [FrameRecord]]] = [:]
    private var findings = FrameFindings()

    public init(connection: Int? = nil) { self.connection = connection }

    private func wants(_ number: Int?) -> Bool { connection == nil || number == connection }

    public mutating func consume(_ event: AnalysisEvent) -> [FrameExplanation] {
        switch event {
        case .tcpPacket:
            for index in queue.indices { queue[index].packetDone = true }
            return release()
        case .frame(let record):
            guard wants(record.connection.number) else { return [] }
            var explanation = FrameExplanation(record: record)
            explanation.findings = findings.take(FrameKey(record))
            findings.frameSeen(record)
            let frame = record.frame
            queue.append(Entry(explanation: explanation, waitsForMessage: frame.opcode.isData && frame.message != nil))
            if let message = frame.message {
                let number = record.connection.number
                var current = message.firstFrameIndex == frame.index ? [] : pending[number]?[frame.from] ?? []
                current.append(record)
                pending[number, default: [:]][frame.from] = current
            }
            return []
        case .message(let record):
            guard wants(record.connection.number) else { return [] }
            let number = record.connection.number
            let frames = pending[number]?[record.message.from] ?? []
            pending[number]?[record.message.from] = nil
            let inMessage = Set(record.message.frameIndices)
            for index in queue.indices {
                let frame = queue[index].explanation.record
                guard frame.connection.number == number, frame.frame.from == record.message.from,
                      inMessage.contains(frame.frame.index) else { continue }
                queue[index].explanation.message = record
                queue[index].explanation.messageFrames = frames.filter { inMessage.contains($0.frame.index) }
                queue[index].waitsForMessage = false
            }
            return []
        case .finding(let record):
            guard wants(record.connection?.number), let frame = record.frameIndex, let number = record.connection?.number else { return [] }
            if let index = queue.lastIndex(where: { $0.explanation.record.connection.number == number && $0.explanation.record.frame.index == frame }) {
                queue[index].explanation.findings.append(record)
            } else {
                findings.add(record)
            }
            return []
        case .connectionClosed(let identity):
            // A message that never completed: its frames are explained without it.
            for index in queue.indices where queue[index].explanation.record.connection.number == identity.number {
                queue[index].waitsForMessage = false
                queue[index].packetDone = true
            }
            pending[identity.number] = nil
            return release()
        default:
            return []
        }
    }

    /// Everything still waiting, at the end of the capture.
    public mutating func finish() -> [FrameExplanation] {
        defer { queue.removeAll() }
        return queue.map(\.explanation)
    }

    private mutating func release() -> [FrameExplanation] {
        var ready: [FrameExplanation] = []
        while let first = queue.first, first.packetDone, !first.waitsForMessage {
            ready.append(first.explanation)
            queue.removeFirst()
        }
        return ready
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
