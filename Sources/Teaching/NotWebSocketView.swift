public import Analysis

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
                + "; without the session keys its WebSocket frames cannot be read"
        case .notHTTP(let framing):
            return "neither HTTP nor WebSocket frames" + (framing.map { " (" + $0.trimmingSuffix(".") + ")" } ?? "")
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
