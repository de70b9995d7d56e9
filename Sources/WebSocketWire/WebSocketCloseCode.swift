/// The status code at the start of a close frame's payload (RFC 6455 §7.4), a struct over the
/// raw UInt16 so every value read from the wire is kept and classified, never trapped on.
public struct WebSocketCloseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let normalClosure = WebSocketCloseCode(rawValue: 1000)
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// Reserved, never sent: an endpoint reports it when a close frame had no status code.
    public static let noStatusReceived = WebSocketCloseCode(rawValue: 1005)
    /// Reserved, never sent: the connection ended without a close frame (e.g. TCP just closed).
    public static let abnormalClosure = WebSocketCloseCode(rawValue: 1006)
    public static let invalidFramePayloadData = WebSocketCloseCode(rawValue: 1007)
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    public static let mandatoryExtension = WebSocketCloseCode(rawValue: 1010)
    public static let internalError = WebSocketCloseCode(rawValue: 1011)
    public static let serviceRestart = WebSocketCloseCode(rawValue: 1012)
    public static let tryAgainLater = WebSocketCloseCode(rawValue: 1013)
    public static let badGateway = WebSocketCloseCode(rawValue: 1014)
    /// Reserved, never sent: the TLS handshake failed.
    public static let tlsHandshake = WebSocketCloseCode(rawValue: 1015)

    /// Where a code falls in the ranges of RFC 6455 §7.4.2 and the IANA registry.
    public enum Range: String, Sendable, Hashable, CaseIterable {
        /// 0-999: not used; never valid.
        case invalidBelow1000
        /// A code RFC 6455 (or the IANA registry, for 1012-1014) defines and that may be sent.
        case defined
        /// 1005, 1006, 1015: defined, but must never appear in a close frame.
        case reservedNotOnWire
        /// 1004 and the unassigned 1016-2999: reserved for future RFC 6455 use, not to be sent.
        case reservedForProtocol
        /// 3000-3999: registered with IANA by libraries and frameworks.
        case registered
        /// 4000-4999: private use by applications, by agreement between the endpoints.
        case applicationPrivate
        /// 5000 and above: outside every range; never valid.
        case invalidAbove4999
    }

    public var range: Range {
        switch rawValue {
        case 0..<1000: return .invalidBelow1000
        case 1005, 1006, 1015: return .reservedNotOnWire
        case 1000...1003, 1007...1014: return .defined
        case 1004, 1016..<3000: return .reservedForProtocol
        case 3000..<4000: return .registered
        case 4000..<5000: return .applicationPrivate
        default: return .invalidAbove4999
        }
    }

    /// 1005, 1006 and 1015 are reported by endpoints but must not be sent in a close frame.
    public var isReservedNotOnWire: Bool { range == .reservedNotOnWire }

    /// Whether a conforming endpoint may put this code in a close frame (RFC 6455 §7.4).
    public var isAllowedOnWire: Bool {
        switch range {
        case .defined, .registered, .applicationPrivate: return true
        case .invalidBelow1000, .reservedNotOnWire, .reservedForProtocol, .invalidAbove4999: return false
        }
    }

    /// The IANA registry name, e.g. "Normal Closure"; nil for codes without one.
    public var name: String? {
        switch rawValue {
        case 1000: return "Normal Closure"
        case 1001: return "Going Away"
        case 1002: return "Protocol Error"
        case 1003: return "Unsupported Data"
        case 1004: return "Reserved"
        case 1005: return "No Status Received"
        case 1006: return "Abnormal Closure"
        case 1007: return "Invalid Frame Payload Data"
        case 1008: return "Policy Violation"
        case 1009: return "Message Too Big"
        case 1010: return "Mandatory Extension"
        case 1011: return "Internal Error"
        case 1012: return "Service Restart"
        case 1013: return "Try Again Later"
        case 1014: return "Bad Gateway"
        case 1015: return "TLS Handshake"
        default: return nil
        }
    }

    /// What the code means, in words (a fuller sentence than `name`, for `explain`).
    public var meaning: String {
        switch rawValue {
        case 1000: return "the purpose of the connection has been fulfilled"
        case 1001: return "the endpoint is going away (server shutting down, browser leaving the page)"
        case 1002: return "the endpoint saw a protocol error"
        case 1003: return "the endpoint received a type of data it cannot accept"
        case 1005: return "reported locally when a close frame carried no status code; never sent"
        case 1006: return "reported locally when the connection closed without a close frame; never sent"
        case 1007: return "a message's data did not match its type (e.g. invalid UTF-8 in a text message)"
        case 1008: return "a message violated the endpoint's policy"
        case 1009: return "a message was too big to process"
        case 1010: return "the client expected the server to negotiate an extension it did not"
        case 1011: return "the server met an unexpected condition"
        case 1012: return "the service is restarting"
        case 1013: return "temporary server condition: try again later"
        case 1014: return "a gateway or proxy received an invalid response from upstream"
        case 1015: return "reported locally when the TLS handshake failed; never sent"
        default:
            switch range {
            case .invalidBelow1000: return "not a valid close code (below 1000)"
            case .reservedForProtocol: return "reserved for future versions of RFC 6455; must not be sent"
            case .registered: return "registered with IANA for a library or framework"
            case .applicationPrivate: return "private use by the application"
            case .invalidAbove4999: return "not a valid close code (5000 or above)"
            case .defined, .reservedNotOnWire: return name ?? ""
            }
        }
    }

    public var description: String {
        if let name { return "\(rawValue) \(name)" }
        return "\(rawValue)"
    }
}
