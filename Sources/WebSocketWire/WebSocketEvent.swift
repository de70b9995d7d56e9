/// What a session reports, in completion order: a frame, then the findings about it, then the
/// message it completed (if any).
public enum WebSocketEvent: Sendable, Hashable {
    case frame(DecodedFrame)
    case message(DecodedMessage)
    case finding(WebSocketFinding)
}
