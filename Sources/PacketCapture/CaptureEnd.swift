/// Why `CaptureReader.next()` returned nil.
public enum CaptureEnd: Sendable, Equatable {
    /// The file or stream ended.
    case endOfInput
    /// `CaptureLimits.packets` packets were delivered.
    case packetLimit
    /// `CaptureLimits.seconds` passed.
    case duration
    /// `CaptureStop.request()` was called (by a signal watch, another thread or the reader's owner).
    case stopped
}
