public import Analysis
import TLS

/// Why a connection is not WebSocket, in one line of plain words (the summary's text and its
/// `whyNotWebSocket`, `check`'s list of what it did not check). Not escaped: the words quote the
/// capture (a reason phrase, a server name), so text output escapes them.
public enum NotWebSocketView {
    /// In English, as JSON's `whyNotWebSocket` has it.
    public static func line(_ reason: NotWebSocketReason) -> String { line(reason, style: .plain) }

    public static func line(_ reason: NotWebSocketReason, style: Style) -> String {
        switch reason {
        case .noPayload:
            return style.tr("notWebSocket.noPayload")
        case .upgradeRefused(let status, let phrase):
            return style.tr("notWebSocket.upgradeRefused", "\(status)" + (phrase.isEmpty ? "" : " " + phrase))
        case .upgradeUnanswered:
            return style.tr("notWebSocket.upgradeUnanswered")
        case .otherProtocol(let name):
            return style.tr("notWebSocket.otherProtocol", name)
        case .handshakeTruncated(let what):
            return style.tr("notWebSocket.handshakeTruncated", what)
        case .plainHTTP(let requests, let responses):
            return style.tr("notWebSocket.plainHTTP", style.tr("notWebSocket.requests", requests), style.tr("notWebSocket.responses", responses))
        case .tls(let sighting):
            let alpn = sighting.alpn.isEmpty ? "" : " (ALPN " + sighting.alpn.joined(separator: ", ") + ")"
            return style.tr("notWebSocket.tls", (sighting.serverName.map { "SNI \($0)" } ?? style.tr(sighting.clientHelloCut ? "tlsLine.sniNotCaptured" : "tlsLine.noSNI")) + alpn,
                            missing(sighting, style: style))
        case .notHTTP(let framing):
            return style.tr("notWebSocket.notHTTP") + (framing.map { " (" + $0.trimmingSuffix(".") + ")" } ?? "")
        }
    }

    /// What is missing to read the connection, and how to get it.
    private static func missing(_ sighting: TLSSighting, style: Style) -> String {
        let howTo = style.tr("notWebSocket.tls.howTo")
        switch sighting.keyStatus {
        case .noKeyLog?, nil:
            return style.tr("notWebSocket.tls.noKeyLog", howTo)
        case .noSecretsForSession?:
            return style.tr("notWebSocket.tls.noSecrets", howTo)
        case .handshakeNotCaptured?:
            return style.tr("notWebSocket.tls.handshakeNotCaptured")
        case .unsupportedCipherSuite(let suite)?:
            return style.tr("notWebSocket.tls.unsupportedSuite", suite.name)
        case .awaitingHandshake?:
            return style.tr("notWebSocket.tls.awaitingHandshake")
        case .available?:
            return style.tr("notWebSocket.tls.available")
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
