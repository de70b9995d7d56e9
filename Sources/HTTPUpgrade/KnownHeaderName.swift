/// The header names that framing and the WebSocket handshake look up. Each field is classified
/// once, when it is made; a lookup then compares this tag instead of comparing names byte by byte
/// without regard to case for every field, which is what every connection's handshake used to do
/// a few dozen times.
enum KnownHeaderName: UInt8, Sendable, Hashable, CaseIterable {
    case host
    case origin
    case userAgent
    case upgrade
    case connection
    case transferEncoding
    case contentLength
    case secWebSocketKey
    case secWebSocketVersion
    case secWebSocketProtocol
    case secWebSocketExtensions
    case secWebSocketAccept

    /// The name in lowercase, as the classification compares it.
    var lowercasedName: StaticString {
        switch self {
        case .host: "host"
        case .origin: "origin"
        case .userAgent: "user-agent"
        case .upgrade: "upgrade"
        case .connection: "connection"
        case .transferEncoding: "transfer-encoding"
        case .contentLength: "content-length"
        case .secWebSocketKey: "sec-websocket-key"
        case .secWebSocketVersion: "sec-websocket-version"
        case .secWebSocketProtocol: "sec-websocket-protocol"
        case .secWebSocketExtensions: "sec-websocket-extensions"
        case .secWebSocketAccept: "sec-websocket-accept"
        }
    }

    /// The name as browsers and most servers write it. A parsed field whose name is spelled so
    /// shares this constant instead of decoding its own copy.
    private var usualSpelling: (bytes: StaticString, text: String) {
        switch self {
        case .host: ("Host", "Host")
        case .origin: ("Origin", "Origin")
        case .userAgent: ("User-Agent", "User-Agent")
        case .upgrade: ("Upgrade", "Upgrade")
        case .connection: ("Connection", "Connection")
        case .transferEncoding: ("Transfer-Encoding", "Transfer-Encoding")
        case .contentLength: ("Content-Length", "Content-Length")
        case .secWebSocketKey: ("Sec-WebSocket-Key", "Sec-WebSocket-Key")
        case .secWebSocketVersion: ("Sec-WebSocket-Version", "Sec-WebSocket-Version")
        case .secWebSocketProtocol: ("Sec-WebSocket-Protocol", "Sec-WebSocket-Protocol")
        case .secWebSocketExtensions: ("Sec-WebSocket-Extensions", "Sec-WebSocket-Extensions")
        case .secWebSocketAccept: ("Sec-WebSocket-Accept", "Sec-WebSocket-Accept")
        }
    }

    /// The name to store for a field whose name bytes are `name` (which spell this known name).
    func name(spelledAs name: UnsafeBufferPointer<UInt8>) -> String {
        let usual = usualSpelling
        let usualBytes = UnsafeBufferPointer(start: usual.bytes.utf8Start, count: usual.bytes.utf8CodeUnitCount)
        return ASCII.bytesEqual(usualBytes, name) ? usual.text : String(decoding: name, as: UTF8.self)
    }

    /// The known name `name` spells in any case; nil for every other name.
    init?(_ name: String) {
        guard let known = name.withUTF8Bytes(KnownHeaderName.init(bytes:)) else { return nil }
        self = known
    }

    init?(bytes name: UnsafeBufferPointer<UInt8>) {
        // The length and one distinguishing byte leave a single candidate; the whole name is then
        // compared.
        let candidate: KnownHeaderName
        switch name.count {
        case 4: candidate = .host
        case 6: candidate = .origin
        case 7: candidate = .upgrade
        case 10: candidate = ASCII.lowercased(name[0]) == UInt8(ascii: "u") ? .userAgent : .connection
        case 14: candidate = .contentLength
        case 17: candidate = ASCII.lowercased(name[0]) == UInt8(ascii: "t") ? .transferEncoding : .secWebSocketKey
        case 20: candidate = .secWebSocketAccept
        case 21: candidate = .secWebSocketVersion
        case 22: candidate = .secWebSocketProtocol
        case 24: candidate = .secWebSocketExtensions
        default: return nil
        }
        guard ASCII.equalsIgnoringCase(name, lowercased: candidate.lowercasedName) else { return nil }
        self = candidate
    }
}
