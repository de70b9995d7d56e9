public import WireBytes

/// Why a packet was skipped: in English (`description`, what JSON shows) and as a key of the string
/// catalog with its arguments, so that text output can say it in the reader's language.
public struct MalformedPacket: Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public let messageKey: String
    public let arguments: [MessageArgument]

    public init(description: String, messageKey: String, arguments: [MessageArgument] = []) {
        self.description = description
        self.messageKey = messageKey
        self.arguments = arguments
    }
}
