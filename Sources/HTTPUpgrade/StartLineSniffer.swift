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

    private enum Phase: UInt8, Sendable, Equatable {
        /// Request: method tchars, then a space.
        case method
        /// Request: target bytes, then a space.
        case target
        /// `HTTP/1.` matched up to `matched` bytes, then a digit.
        case version
        /// After the version digit: a request expects the line end, a response a space.
        case afterVersion
    }

    private static let versionPrefix: StaticString = "HTTP/1."
    private var phase: Phase
    private let isRequest: Bool
    /// Bytes taken in the current phase (a plain counter beside a plain phase: this runs for the
    /// first bytes of every message).
    private var matched = 0

    /// A sniffer for a request line (client) or a status line (server).
    init(expectingRequest: Bool) {
        isRequest = expectingRequest
        phase = expectingRequest ? .method : .version
    }

    mutating func accept(_ byte: UInt8) -> Verdict {
        switch phase {
        case .method:
            if ASCII.isTokenCharacter(byte) { matched += 1; return .undecided }
            if byte == ASCII.space, matched > 0 { phase = .target; matched = 0; return .undecided }
            return .implausible
        case .target:
            if byte == ASCII.space, matched > 0 { phase = .version; matched = 0; return .undecided }
            if byte == ASCII.space || ASCII.isControl(byte) { return .implausible }
            matched += 1
            return .undecided
        case .version:
            if matched < Self.versionPrefix.utf8CodeUnitCount {
                guard byte == Self.versionPrefix.utf8Start[matched] else { return .implausible }
                matched += 1
                return .undecided
            }
            guard ASCII.isDigit(byte) else { return .implausible }
            phase = .afterVersion
            return .undecided
        case .afterVersion:
            if isRequest {
                return byte == ASCII.carriageReturn || byte == ASCII.lineFeed ? .plausible : .implausible
            }
            return byte == ASCII.space ? .plausible : .implausible
        }
    }
}
