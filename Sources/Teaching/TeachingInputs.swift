public import Analysis
public import HTTPUpgrade
public import WebSocketWire
import WireBytes

/// What `mask` / `unmask` were given, checked: the CLI builds one and renders it, so it needs no
/// decoder module of its own.
public struct MaskingRequest: Sendable {
    public enum Problem: Error, CustomStringConvertible, Sendable {
        case badKey(String)
        case badHex(String)
        case byteOutOfRange(index: Int, count: Int)

        public var description: String { message(.plain) }

        /// The problem in one line, in the style's language.
        public func message(_ style: Style) -> String {
            switch self {
            case .badKey(let text):
                return style.tr("cli.mask.badKey", TerminalSafe.escape(text))
            case .badHex(let text):
                return style.tr("cli.mask.badHex", TerminalSafe.escape(text))
            case .byteOutOfRange(let index, let count):
                return count > 0 ? style.tr("cli.mask.byteOutOfRange", index, style.tr("unit.bytes", count), count - 1)
                    : style.tr("cli.mask.byteOutOfRangeEmpty", index)
            }
        }
    }

    public let direction: MaskingTable.Direction
    public let key: WebSocketMaskingKey
    /// The bytes given: plain data for `.mask`, masked bytes for `.unmask`.
    public let input: [UInt8]

    /// - Parameters:
    ///   - payload: text (UTF-8) or, when `hex` is set, hex digits.
    public init(direction: MaskingTable.Direction, key: String, payload: String, hex: Bool) throws(Problem) {
        guard let parsedKey = MaskingTable.parseKey(key) else { throw .badKey(key) }
        let bytes: [UInt8]
        if hex {
            guard let decoded = Hex.decode(payload) else { throw .badHex(payload) }
            bytes = decoded
        } else {
            bytes = Array(payload.utf8)
        }
        self.direction = direction
        self.key = parsedKey
        self.input = bytes
    }

    public func checkByte(_ index: Int) throws(Problem) {
        guard index >= 0, index < input.count else { throw .byteOutOfRange(index: index, count: input.count) }
    }

    public func render(bits: Int? = nil, style: Style = .plain, markdown: Bool = false) -> String {
        MaskingView.render(input, key: key, direction: direction, bits: bits, style: style, markdown: markdown)
    }

    public var json: JSONValue {
        let output = key.apply(to: input)
        let (data, masked) = direction == .mask ? (input, output) : (output, input)
        return JSONContract.masking(direction: direction, key: key, data: data, masked: masked)
    }
}

/// The accept derivation for the `accept` command.
public struct AcceptRequest: Sendable {
    public let derivation: WebSocketAccept.Derivation
    public let expected: String?

    public init(key: String, expected: String?) {
        derivation = WebSocketAccept.derive(key: key)
        self.expected = expected
    }

    /// False only when an expected value was given and differs.
    public var matches: Bool { expected.map { AcceptView.matches(derivation, expected: $0) } ?? true }

    public func render(style: Style = .plain, markdown: Bool = false) -> String {
        AcceptView.render(derivation, expected: expected, style: style, markdown: markdown)
    }

    public var json: JSONValue { JSONContract.accept(derivation, expected: expected) }
}

/// Collects what `explain --frame N` needs from the analysis events: the frame in each
/// connection, the message that holds it, its message's frames, the findings on it. Only the
/// frames of the message being assembled are kept, so memory does not grow with the capture.
public struct FrameSelector: Sendable {
    public let frameIndex: Int
    public private(set) var frameCounts: [Int: Int] = [:]
    private var targets: [Int: FrameRecord] = [:]
    /// Data frames of the message each direction of each connection is assembling.
    private var pending: [Int: [Peer: [FrameRecord]]] = [:]
    /// The frames of the message that holds the wanted frame (as far as they came).
    private var kept: [Int: [FrameRecord]] = [:]
    private var messages: [Int: MessageRecord] = [:]
    private var findings: [Int: [FindingRecord]] = [:]

    public init(frameIndex: Int) { self.frameIndex = frameIndex }

    public mutating func consume(_ event: AnalysisEvent) {
        switch event {
        case .frame(let record):
            let number = record.connection.number
            let frame = record.frame
            frameCounts[number, default: 0] += 1
            if frame.index == frameIndex { targets[number] = record }
            // The session says which message a frame belongs to; nothing is worked out here again.
            guard let message = frame.message else { return }
            var current = message.firstFrameIndex == frame.index ? [] : pending[number]?[frame.from] ?? []
            current.append(record)
            if current.contains(where: { $0.frame.index == frameIndex }) { kept[number] = current }
            pending[number, default: [:]][frame.from] = current
        case .message(let record):
            let number = record.connection.number
            pending[number]?[record.message.from] = nil   // the message ended (also when abandoned)
            guard record.message.frameIndices.contains(frameIndex) else { return }
            messages[number] = record
        case .finding(let record):
            guard let connection = record.connection, record.frameIndex == frameIndex else { return }
            findings[connection.number, default: []].append(record)
        default:
            return
        }
    }

    /// Connections that have the wanted frame, in order.
    public var connections: [Int] { targets.keys.sorted() }

    public func explanation(connection: Int) -> FrameExplanation? {
        guard let record = targets[connection] else { return nil }
        let message = messages[connection]
        let wanted = Set(message?.message.frameIndices ?? [])
        let messageFrames = (kept[connection] ?? []).filter { wanted.contains($0.frame.index) }
        return FrameExplanation(record: record, message: message, messageFrames: messageFrames,
                                findings: findings[connection] ?? [])
    }
}
