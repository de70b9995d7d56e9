import HTTPUpgrade

/// What a connection's stream bytes are decoded as, at this point of the connection.
///
/// A connection starts in `.http` (or `.opaque` when nothing above TCP is decoded) and moves on
/// only forward; `ConnectionPipeline` makes every transition:
/// - `.http` → `.webSocket`: a 101 answered a WebSocket upgrade request;
/// - `.http` → `.opaque`: a 101 switched to another protocol (h2c, …);
/// - `.http` → `.probing`: the bytes are not HTTP, or a gap hid part of an HTTP head;
/// - `.probing` → `.webSocket`: the framing heuristic recognised WebSocket frames (the capture
///   started after the handshake); `.probing` → `.opaque`: it did not.
/// The stages' states are classes, so each is changed in place without copying it out of the enum
/// (and transitions can read the stage they leave); see `WebSocketStage` for what a struct costs.
enum ConnectionStage {
    case http(HTTPStage)
    case probing(FramingProbe)
    case webSocket(WebSocketStage)
    case opaque
}

/// The HTTP stage: the parser and what the opening handshake needs to know about its request.
final class HTTPStage {
    var parser = HTTPConnectionParser()
    /// The parser's events of the call being handled (reused, so no array is made per chunk).
    var events: [HTTPEvent] = []
    /// The packet that carried the last upgrade request's first byte.
    var upgradeRequestPacket: UInt64?
    /// A WebSocket upgrade request still waiting for its answer (to report a refusal).
    var pendingWebSocketRequest: HTTPRequestHead?
}
