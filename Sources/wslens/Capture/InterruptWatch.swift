import Dispatch
import Foundation
import PacketCapture

/// Ctrl-C (SIGINT) and SIGTERM during a live capture or while standard input is read: the first
/// one only stops the reader, so the analysis finishes and prints what it saw; a second one ends
/// wslens at once, by that signal (as tcpdump's does).
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
            source.setEventHandler { [weak self] in
                guard let self, self.record(number) else {
                    // The second one ends wslens, by that signal (as if no one had watched).
                    Self.die(by: number)
                    return
                }
                if stopping.contains(number) { stop.request() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Notes a signal; false when one had come before.
    private func record(_ number: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard firedSignal == nil else { return false }
        firedSignal = number
        return true
    }

    /// Ends the process by `number` with its default action. Dispatch watches signals through a
    /// signalfd with the signal blocked, so restoring the action is not enough: this thread unblocks
    /// it and raises it.
    private static func die(by number: Int32) {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
    }

    /// The signal that stopped the capture, if one did.
    var fired: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return firedSignal
    }

    /// Stops watching and gives the signals their default action back (the capture has ended: a
    /// Ctrl-C while the report is written ends wslens).
    func end() {
        for source in sources where !source.isCancelled { source.cancel() }
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals {
            signal(number, SIG_DFL)
            sigaddset(&set, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
