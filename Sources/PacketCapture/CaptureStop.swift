/// Stops a `CaptureReader` from anywhere: another thread, a signal watch, a timer.
///
/// `request()` sets a lock-free flag and calls `pcap_breakloop`, both safe in a signal handler and
/// from another thread: a `next()` blocked on an idle interface returns nil at once on Linux (within
/// the 100 ms read timeout elsewhere), and every later `next()` returns nil.
public final class CaptureStop: @unchecked Sendable {
    // @unchecked: the flag is atomic, and of the handle only pcap_breakloop is called here, which
    // libpcap documents as safe from other threads and signal handlers. Holding the handle keeps
    // it open until this object is gone, so the call never reaches a closed handle.
    private let flag = StopFlag()
    /// Set when the capture's time (`CaptureLimits.seconds`) is up, by the reader's timer.
    private let expiredFlag = StopFlag()
    private let handle: PcapReadHandle?

    init(handle: PcapReadHandle?) { self.handle = handle }

    /// Asks the capture to stop; `next()` then returns nil with `CaptureEnd.stopped`.
    public func request() {
        flag.set()
        handle?.breakLoop()
    }

    public var isRequested: Bool { flag.isSet }

    /// Ends the capture because its time is up (from the reader's timer: an idle interface gives
    /// the reader nothing to wake up for on Linux, where the read timeout does not fire).
    func expire() {
        expiredFlag.set()
        handle?.breakLoop()
    }

    var hasExpired: Bool { expiredFlag.isSet }

    /// Stops the capture when one of `signals` arrives (Ctrl-C is SIGINT), as tcpdump does.
    ///
    /// The signals' default action is replaced (`SIG_IGN`) and a Dispatch signal source on a queue
    /// of its own calls `request()`: no code runs inside a signal handler, and the reading thread
    /// is never interrupted. Keep the returned watch as long as the capture runs; cancelling it
    /// stops watching but leaves the signals ignored.
    public func onSignals(_ signals: [Int32]) -> CaptureSignalWatch {
        CaptureSignalWatch(signals: signals, stop: self)
    }
}
