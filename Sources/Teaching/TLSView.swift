public import Analysis
import TLS
import WireBytes

/// A TLS connection in one line and as JSON: what the handshake says (version, cipher suite,
/// server name, ALPN) and whether its application data was decrypted.
public enum TLSView {
    public static func line(_ tls: TLSReport) -> String {
        var parts: [String] = []
        parts.append(tls.version.map(\.name) ?? "version not seen")
        if let suite = tls.cipherSuite { parts.append(suite.name) }
        parts.append(tls.serverName.map { "SNI " + TerminalSafe.escape($0) } ?? "no SNI")
        if let alpn = tls.selectedALPN {
            parts.append("ALPN " + TerminalSafe.escape(alpn))
        } else if !tls.offeredALPN.isEmpty {
            parts.append("ALPN offered: " + TerminalSafe.escape(tls.offeredALPN.joined(separator: ", ")))
        }
        parts.append("\(tls.records.client) + \(tls.records.server) records")
        if tls.helloRetryRequest { parts.append("after a HelloRetryRequest") }
        if tls.resumed { parts.append("resumed (pre-shared key)") }
        if tls.keyUpdates.client + tls.keyUpdates.server > 0 {
            parts.append("key updates: \(tls.keyUpdates.client) from the client, \(tls.keyUpdates.server) from the server")
        }
        let decrypted = tls.plaintextBytes.client + tls.plaintextBytes.server
        let source = tls.keyOrigin == .capture ? "the keys stored in the capture" : "the key log"
        parts.append(tls.keyStatus.canDecryptApplicationData
                     ? "decrypted with \(source): \(tls.plaintextBytes.client) bytes from the client, \(tls.plaintextBytes.server) from the server"
                     : decrypted > 0 ? "partly decrypted (\(decrypted) bytes)" : "not decrypted")
        return "TLS: " + parts.joined(separator: ", ")
    }

    /// The summary's `tls` object.
    public static func json(_ tls: TLSReport) -> JSONValue {
        .object([
            ("version", .optional(tls.version?.name)),
            ("cipherSuite", .optional(tls.cipherSuite?.name)),
            ("serverName", .optional(tls.serverName)),
            ("alpnOffered", .array(tls.offeredALPN.map(JSONValue.string))),
            ("alpn", .optional(tls.selectedALPN)),
            ("keys", .string(keyStatusName(tls.keyStatus))),
            ("keySource", .optional(tls.keyOrigin?.rawValue)),
            ("records", .object([("fromClient", .number(tls.records.client)), ("fromServer", .number(tls.records.server))])),
            ("helloRetryRequest", .bool(tls.helloRetryRequest)),
            ("resumed", .bool(tls.resumed)),
            ("keyUpdates", .object([("fromClient", .number(tls.keyUpdates.client)), ("fromServer", .number(tls.keyUpdates.server))])),
            ("alerts", .array(tls.alerts.map { alert in
                .object([("from", .string(alert.from.rawValue)), ("level", .optional(alert.alert?.levelName)),
                         ("description", .optional(alert.alert?.name)), ("encrypted", .bool(alert.wasEncrypted))])
            })),
            ("decryptedBytes", .object([("fromClient", .unsigned(tls.plaintextBytes.client)),
                                        ("fromServer", .unsigned(tls.plaintextBytes.server))])),
        ])
    }

    /// Stable names for the JSON `keys` field.
    static func keyStatusName(_ status: TLSKeyStatus) -> String {
        switch status {
        case .awaitingHandshake: "handshakeIncomplete"
        case .noKeyLog: "noKeyLog"
        case .handshakeNotCaptured: "handshakeNotCaptured"
        case .noSecretsForSession: "noSecretsForSession"
        case .unsupportedCipherSuite: "unsupportedCipherSuite"
        case .available(_, let application): application ? "available" : "handshakeKeysOnly"
        }
    }
}
