import Dispatch
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Watches signals and stops a capture when one arrives (see `CaptureStop.onSignals(_:)`).
public final class CaptureSignalWatch: @unchecked Sendable {
    // @unchecked: the sources are made once and only cancelled after; Dispatch sources are
    // thread-safe.
    private let sources: [any DispatchSourceSignal]
    private let received = StopFlag()

    init(signals: [Int32], stop: CaptureStop) {
        let queue = DispatchQueue(label: "wslens.capture.signals")
        let received = received
        sources = signals.map { number in
            // Ignored first, so the default action (ending the process) never runs; the source
            // still sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                received.set()
                stop.request()
            }
            source.resume()
            return source
        }
    }

    /// Whether one of the signals has arrived.
    public var hasFired: Bool { received.isSet }

    /// Stops watching. The signals stay ignored.
    public func cancel() { for source in sources where !source.isCancelled { source.cancel() } }

    deinit { cancel() }
}
