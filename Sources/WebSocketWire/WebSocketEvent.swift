public import WireBytes

/// What a session reports, in completion order: a frame, then the findings about it, then the
/// message it completed (if any).
public enum WebSocketEvent: Sendable, Hashable {
    case frame(DecodedFrame)
    case message(DecodedMessage)
    case finding(WebSocketFinding)
}

/// Receives a session's events as they are decoded, in the order of `WebSocketEvent`.
///
/// The values are lent for the duration of the call; a sink that only counts never copies them
/// (an array of events copies each one in and out, which is measurable at a million frames).
public protocol WebSocketEventSink {
    /// Whether `receive(_: DecodedFrame)` is wanted; a sink that only counts says no, and the
    /// session builds no frame values (a sink learns of every frame from `frameEnded` anyway).
    var wantsFrames: Bool { get }
    /// Called after every frame (received or not), with where it lay.
    mutating func frameEnded(_ frame: FrameExtent)
    mutating func receive(_ frame: DecodedFrame)
    mutating func receive(_ message: DecodedMessage)
    mutating func receive(_ finding: WebSocketFinding)
    /// Whether `receive(_: DecodedMessage)` is wanted; a sink that only counts says no, and the
    /// session does not build the message values (inflation, UTF-8 checks and findings still happen).
    var wantsMessages: Bool { get }
    /// Called after every message (received or not): a message of `peer` has ended.
    mutating func messageEnded(from peer: Peer)
}

extension WebSocketEventSink {
    public var wantsFrames: Bool { true }
    public mutating func frameEnded(_ frame: FrameExtent) {}
    public var wantsMessages: Bool { true }
    public mutating func messageEnded(from peer: Peer) {}
}

/// An array collects the events (tests, small tools).
extension Array: WebSocketEventSink where Element == WebSocketEvent {
    public mutating func receive(_ frame: DecodedFrame) { append(.frame(frame)) }
    public mutating func receive(_ message: DecodedMessage) { append(.message(message)) }
    public mutating func receive(_ finding: WebSocketFinding) { append(.finding(finding)) }
}
