public import WireBytes

/// Why a handshake message or extension did not parse: the field that ran out or was wrong.
/// A peer that received such bytes would answer with a decode_error alert (RFC 8446 §6.2).
///
/// Fields and messages are named as the RFCs name them (`cipher_suites`, `server_name extension`),
/// in every language; the sentence around them comes from the catalog (`phrase`).
public struct TLSParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A field claims more bytes than its message (or extension) has left.
        case runsPastEnd(field: String)
        /// The lengths disagree: bytes are left after the last field.
        case unexpectedBytes(count: Int, after: String)
        /// A list of 2-byte values has an odd length.
        case oddLength(field: String)
    }

    public let kind: Kind
    /// The message or extension being parsed, e.g. "ClientHello".
    public let context: String

    public init(_ kind: Kind, in context: String) {
        self.kind = kind
        self.context = context
    }

    /// In plain English, e.g. "cipher_suites runs past the end of the ClientHello".
    public var reason: String {
        switch kind {
        case .runsPastEnd(let field): "\(field) runs past the end of the \(context)"
        case .unexpectedBytes(let count, let field): "\(count) unexpected byte\(count == 1 ? "" : "s") after \(field) in the \(context)"
        case .oddLength(let field): "\(field) has an odd length in the \(context)"
        }
    }

    /// The reason as a catalog phrase, for a finding's message in the reader's language.
    public var phrase: MessageArgument {
        let suffix = " extension"
        let place: MessageArgument = context.hasSuffix(suffix)
            ? .phrase("tlsParseError.inExtension", [.text(String(context.dropLast(suffix.count)))])
            : .phrase("tlsParseError.inMessage", [.text(context)])
        switch kind {
        case .runsPastEnd(let field): return .phrase("tlsParseError.runsPastEnd", [.text(field), place])
        case .unexpectedBytes(let count, let field): return .phrase("tlsParseError.unexpectedBytes", [.number(count), .text(field), place])
        case .oddLength(let field): return .phrase("tlsParseError.oddLength", [.text(field), place])
        }
    }

    public var description: String { reason }
}
