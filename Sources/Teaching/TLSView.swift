public import Analysis
import TLS
import WireBytes

/// A TLS connection in one line and as JSON: what the handshake says (version, cipher suite,
/// server name, ALPN) and whether its application data was decrypted.
public enum TLSView {
    public static func line(_ tls: TLSReport, style: Style = .plain) -> String {
        var parts: [String] = []
        parts.append(tls.version.map(\.name) ?? style.tr("tlsLine.versionNotSeen"))
        if let suite = tls.cipherSuite { parts.append(suite.name) }
        parts.append(tls.serverName.map { "SNI " + TerminalSafe.escape($0) } ?? style.tr(tls.clientHelloCut ? "tlsLine.sniNotCaptured" : "tlsLine.noSNI"))
        if let alpn = tls.selectedALPN {
            parts.append("ALPN " + TerminalSafe.escape(alpn))
        } else if !tls.offeredALPN.isEmpty {
            parts.append(style.tr("tlsLine.alpnOffered", TerminalSafe.escape(tls.offeredALPN.joined(separator: ", "))))
        }
        parts.append(style.tr("tlsLine.records", tls.records.client, tls.records.server))
        if tls.helloRetryRequest { parts.append(style.tr("tlsLine.helloRetryRequest")) }
        if tls.resumed { parts.append(style.tr("tlsLine.resumed")) }
        if let early = tls.earlyData {
            parts.append(early.decryptedBytes > 0 ? style.tr("tlsLine.earlyData.decrypted", early.decryptedBytes)
                         : style.tr("tlsLine.earlyData.encrypted"))
            if let accepted = early.accepted { parts.append(style.tr(accepted ? "tlsLine.earlyData.accepted" : "tlsLine.earlyData.rejected")) }
        }
        if tls.keyUpdates.client + tls.keyUpdates.server > 0 {
            parts.append(style.tr("tlsLine.keyUpdates", tls.keyUpdates.client, tls.keyUpdates.server))
        }
        let decrypted = tls.plaintextBytes.client + tls.plaintextBytes.server
        parts.append(tls.keyStatus.canDecryptApplicationData
                     ? style.tr(tls.keyOrigin == .capture ? "tlsLine.decryptedFromCapture" : "tlsLine.decrypted",
                                tls.plaintextBytes.client, tls.plaintextBytes.server)
                     : decrypted > 0 ? style.tr("tlsLine.partlyDecrypted", decrypted) : style.tr("tlsLine.notDecrypted"))
        return "TLS: " + parts.joined(separator: ", ")
    }

    /// The summary's `tls` object.
    public static func json(_ tls: TLSReport) -> JSONValue {
        .object([
            ("version", .optional(tls.version?.name)),
            ("cipherSuite", .optional(tls.cipherSuite?.name)),
            ("serverName", .optional(tls.serverName)),
            ("clientHelloCut", .bool(tls.clientHelloCut)),
            ("alpnOffered", .array(tls.offeredALPN.map(JSONValue.string))),
            ("alpn", .optional(tls.selectedALPN)),
            ("keys", .string(keyStatusName(tls.keyStatus))),
            ("keySource", .optional(tls.keyOrigin?.rawValue)),
            ("records", .object([("fromClient", .number(tls.records.client)), ("fromServer", .number(tls.records.server))])),
            ("helloRetryRequest", .bool(tls.helloRetryRequest)),
            ("resumed", .bool(tls.resumed)),
            ("earlyData", tls.earlyData.map { early in
                .object([("decryptedBytes", .unsigned(early.decryptedBytes)), ("accepted", .optional(early.accepted))])
            } ?? .null),
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
