public import WireBytes

/// The permessage-deflate parameters a server accepted (RFC 7692 §7.1), read from the
/// extension's entry in the server's `Sec-WebSocket-Extensions` response header.
public struct PerMessageDeflateParameters: Sendable, Hashable {
    /// The extension names this module decodes. `x-webkit-deflate-frame` (an older draft used by
    /// some Safari/iOS versions) is handled like permessage-deflate, which is exact for unfragmented
    /// messages.
    public static let extensionNames: Set<String> = ["permessage-deflate", "x-webkit-deflate-frame"]

    public var extensionName: String
    /// The server resets its compressor after every message it sends.
    public var serverNoContextTakeover: Bool
    /// The client resets its compressor after every message it sends.
    public var clientNoContextTakeover: Bool
    /// The server's LZ77 window (8-15); nil when not stated (15).
    public var serverMaxWindowBits: Int?
    /// The client's LZ77 window (8-15); nil when not stated (15).
    public var clientMaxWindowBits: Int?

    public init(extensionName: String = "permessage-deflate",
                serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
                serverMaxWindowBits: Int? = nil, clientMaxWindowBits: Int? = nil) {
        self.extensionName = extensionName
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Whether `sender` resets its compressor after each message, so its receiver must reset too
    /// (server_no_context_takeover governs server-to-client messages).
    public func resetsContextAfterEachMessage(sentBy sender: Peer) -> Bool {
        sender == .server ? serverNoContextTakeover : clientNoContextTakeover
    }

    /// The window `sender` compresses with (the tables show it; inflating always uses 15).
    public func windowBits(sentBy sender: Peer) -> Int {
        (sender == .server ? serverMaxWindowBits : clientMaxWindowBits) ?? 15
    }

    /// Reads the parameters of an accepted extension, as given by the handshake parser (names and
    /// values; quotes around a value are removed here, RFC 6455 §9.1 allows them).
    ///
    /// Unknown, repeated or malformed parameters produce findings; the result keeps the valid ones,
    /// so the stream can still be decoded as well as possible.
    public static func fromAcceptedExtension(
        name: String = "permessage-deflate",
        parameters: [(name: String, value: String?)],
        streamOffset: UInt64? = nil
    ) -> (parameters: PerMessageDeflateParameters, findings: [Finding]) {
        var result = PerMessageDeflateParameters(extensionName: name.lowercased())
        var findings: [Finding] = []
        var seen: Set<String> = []
        func report(_ text: String, _ key: String, _ arguments: [MessageArgument]) {
            findings.append(Finding(rule: WebSocketRule.deflateParameterInvalid, message: text, streamOffset: streamOffset,
                                    messageKey: key, arguments: arguments))
        }
        for (rawName, rawValue) in parameters {
            let parameter = rawName.lowercased()
            let value = rawValue.map(unquoted)
            if !seen.insert(parameter).inserted {
                report("The parameter \(parameter) appears more than once.", "finding.ws.deflate-parameter-invalid.repeated", [.text(parameter)])
                continue
            }
            switch parameter {
            case "server_no_context_takeover", "client_no_context_takeover", "no_context_takeover":
                if let value {
                    report("\(parameter) takes no value, but has \"\(value)\".", "finding.ws.deflate-parameter-invalid.valueNotAllowed",
                           [.text(parameter), .text(value)])
                }
                if parameter == "server_no_context_takeover" {
                    result.serverNoContextTakeover = true
                } else if parameter == "client_no_context_takeover" {
                    result.clientNoContextTakeover = true
                } else {
                    // x-webkit-deflate-frame: the server says it will not keep context.
                    result.serverNoContextTakeover = true
                }
            case "server_max_window_bits", "client_max_window_bits", "max_window_bits":
                guard let value else {
                    // An accepted response must give the value (only an offer may omit it).
                    report("\(parameter) needs a value from 8 to 15 in the server's response.", "finding.ws.deflate-parameter-invalid.valueMissing",
                           [.text(parameter)])
                    continue
                }
                guard let bits = Int(value), (8...15).contains(bits), value.allSatisfy(\.isASCIIDigit),
                      !(value.count > 1 && value.hasPrefix("0"))
                else {
                    report("\(parameter)=\(value) is not a window size from 8 to 15.", "finding.ws.deflate-parameter-invalid.badWindow",
                           [.text(parameter), .text(value)])
                    continue
                }
                if parameter == "client_max_window_bits" {
                    result.clientMaxWindowBits = bits
                } else {
                    result.serverMaxWindowBits = bits
                }
            default:
                report("Unknown permessage-deflate parameter \(parameter).", "finding.ws.deflate-parameter-invalid.unknown", [.text(parameter)])
            }
        }
        return (result, findings)
    }

    private static func unquoted(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
