public import Analysis
import TLS

/// Why a connection is not WebSocket, in one line of plain words (the summary's text and its
/// `whyNotWebSocket`, `check`'s list of what it did not check). Not escaped: the words quote the
/// capture (a reason phrase, a server name), so text output escapes them.
public enum NotWebSocketView {
    public static func line(_ reason: NotWebSocketReason) -> String {
        switch reason {
        case .noPayload:
            return "no payload: the connection carried no bytes above TCP"
        case .upgradeRefused(let status, let phrase):
            return "the server refused the WebSocket Upgrade with \(status)\(phrase.isEmpty ? "" : " " + phrase); the connection stayed HTTP"
        case .upgradeUnanswered:
            return "a WebSocket Upgrade request that no response in the capture answers"
        case .otherProtocol(let name):
            return "the 101 response switched to another protocol (\(name)), not WebSocket"
        case .handshakeTruncated(let what):
            return "the opening handshake is cut by the snapshot length: \(what)"
        case .plainHTTP(let requests, let responses):
            return "plain HTTP: \(requests) request\(requests == 1 ? "" : "s"), \(responses) response\(responses == 1 ? "" : "s"), no Upgrade to WebSocket"
        case .tls(let sighting):
            let alpn = sighting.alpn.isEmpty ? "" : " (ALPN " + sighting.alpn.joined(separator: ", ") + ")"
            return "this is TLS, probably wss; " + (sighting.serverName.map { "SNI \($0)" } ?? "no SNI") + alpn
                + "; " + missing(sighting)
        case .notHTTP(let framing):
            return "neither HTTP nor WebSocket frames" + (framing.map { " (" + $0.trimmingSuffix(".") + ")" } ?? "")
        }
    }

    /// What is missing to read the connection, and how to get it.
    private static func missing(_ sighting: TLSSighting) -> String {
        let howTo = "record with SSLKEYLOGFILE=keys.txt set for the browser or client, then run wslens with --keylog keys.txt"
            + " (or store the keys in the capture: editcap --inject-secrets tls,keys.txt in.pcapng out.pcapng)"
        switch sighting.keyStatus {
        case .noKeyLog?, nil:
            return "without the session keys its WebSocket frames cannot be read: " + howTo
        case .noSecretsForSession?:
            return "the key log has no secrets for this session (another recording's?): " + howTo
        case .handshakeNotCaptured?:
            return "the capture lacks the TLS handshake's start (it begins later, or the ClientHello is cut short), so its keys cannot be matched to it; capture from the connection's start, with full packets"
        case .unsupportedCipherSuite(let suite)?:
            return "its cipher suite \(suite.name) is one wslens does not decrypt (AES-GCM and ChaCha20-Poly1305 only)"
        case .awaitingHandshake?:
            return "the TLS handshake is not complete in the capture"
        case .available?:
            return "decrypted, but no WebSocket Upgrade was found in it"
        }
    }

}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
