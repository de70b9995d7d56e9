/// Decides, byte by byte and as early as possible, whether a message start can be HTTP/1.x, so
/// that a stream of WebSocket frames (or anything else) is handed back after a few bytes instead
/// of being buffered up to the head limit. A WebSocket frame's first byte (0x81, 0x02, 0x88 …) is
/// never a token character, so the decision usually takes one byte.
struct StartLineSniffer: Sendable, Equatable {
    enum Verdict: Equatable {
        case undecided
        /// The start line looks like HTTP/1.x; stop sniffing.
        case plausible
        case implausible
    }

    private enum Phase: Sendable, Equatable {
        /// Request: method tchars, then a space.
        case method(length: Int)
        /// Request: target bytes, then a space.
        case target(length: Int)
        /// `HTTP/1.` matched up to `matched` bytes, then a digit; `requestLine` tells what follows.
        case version(matched: Int, isRequest: Bool)
        /// After the version digit: a request expects the line end, a response a space.
        case afterVersion(isRequest: Bool)
    }

    private static let versionPrefix = Array("HTTP/1.".utf8)
    private var phase: Phase

    /// A sniffer for a request line (client) or a status line (server).
    init(expectingRequest: Bool) {
        phase = expectingRequest ? .method(length: 0) : .version(matched: 0, isRequest: false)
    }

    mutating func accept(_ byte: UInt8) -> Verdict {
        switch phase {
        case .method(let length):
            if ASCII.isTokenCharacter(byte) { phase = .method(length: length + 1); return .undecided }
            if byte == ASCII.space, length > 0 { phase = .target(length: 0); return .undecided }
            return .implausible
        case .target(let length):
            if byte == ASCII.space, length > 0 { phase = .version(matched: 0, isRequest: true); return .undecided }
            if byte == ASCII.space || ASCII.isControl(byte) { return .implausible }
            phase = .target(length: length + 1)
            return .undecided
        case .version(let matched, let isRequest):
            if matched < Self.versionPrefix.count {
                guard byte == Self.versionPrefix[matched] else { return .implausible }
                phase = .version(matched: matched + 1, isRequest: isRequest)
                return .undecided
            }
            guard ASCII.isDigit(byte) else { return .implausible }
            phase = .afterVersion(isRequest: isRequest)
            return .undecided
        case .afterVersion(let isRequest):
            if isRequest {
                return byte == ASCII.carriageReturn || byte == ASCII.lineFeed ? .plausible : .implausible
            }
            return byte == ASCII.space ? .plausible : .implausible
        }
    }
}
