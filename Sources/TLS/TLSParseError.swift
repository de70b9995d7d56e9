/// Why a handshake message or extension did not parse: the field that ran out or was wrong.
/// A peer that received such bytes would answer with a decode_error alert (RFC 8446 §6.2).
public struct TLSParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// In plain words, e.g. "cipher_suites runs past the end of the ClientHello".
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
