import Dispatch
import Foundation
import PacketCapture

/// Ctrl-C (SIGINT) and SIGTERM during a live capture or while standard input is read: the first
/// one only stops the reader, so the analysis finishes and prints what it saw; it also restores
/// the signals' default action, so a second Ctrl-C ends wslens at once (as tcpdump's does).
///
/// Standard input is not stopped by Ctrl-C: the program writing into the pipe (`tcpdump -w -`) gets
/// the same Ctrl-C, ends, and the packets it wrote last are still in the pipe; they are read to the
/// end of the input. SIGTERM, sent to wslens alone, stops the reading at once.
///
/// No code runs in a signal handler: the signals are ignored, and a Dispatch signal source on a
/// queue of its own sees them (the pull loop is never interrupted; see STYLE-next D).
final class InterruptWatch: @unchecked Sendable {
    // @unchecked: the sources are made once and cancelled once; the flag is guarded by the lock.
    private let signals: [Int32]
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var firedSignal: Int32?

    /// - Parameter stopping: the signals that stop the reader (the others are only noted).
    init(stop: CaptureStop, signals: [Int32] = [SIGINT, SIGTERM], stopping: Set<Int32> = [SIGINT, SIGTERM]) {
        self.signals = signals
        let queue = DispatchQueue(label: "wslens.interrupt")
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self, signals] in
                self?.record(number)
                if stopping.contains(number) { stop.request() }
                // The next one ends wslens.
                for other in signals { signal(other, SIG_DFL) }
            }
            source.resume()
            sources.append(source)
        }
    }

    private func record(_ number: Int32) {
        lock.lock()
        if firedSignal == nil { firedSignal = number }
        lock.unlock()
    }

    /// The signal that stopped the capture, if one did.
    var fired: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return firedSignal
    }

    /// Stops watching and gives the signals their default action back (the capture has ended).
    func end() {
        for source in sources where !source.isCancelled { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
