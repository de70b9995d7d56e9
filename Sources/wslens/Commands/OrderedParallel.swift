import Foundation

/// Runs work on several threads and hands the results back in input order (`check` on a folder).
///
/// `width` threads take the next index as soon as they are free; the calling thread delivers each
/// result as soon as it and all before it are done, so output starts early and is in argument order
/// (a slow first capture holds the rest back, as grading needs a stable order). Threads wait while
/// `width` finished results are already waiting, so memory stays bounded however many captures.
enum OrderedParallel {
    static func run<Result: Sendable>(count: Int, width: Int, work: @escaping @Sendable (Int) -> Result,
                                      deliver: (Int, Result) -> Void) {
        guard count > 0 else { return }
        let state = State<Result>()
        let width = max(1, min(width, count))
        for _ in 0..<width {
            let thread = Thread {
                while let index = state.take(count: count, limit: 2 * width) {
                    state.put(index, work(index))
                }
            }
            // The analysis recurses little, but a capture is untrusted: the main thread's stack size.
            thread.stackSize = 8 << 20
            thread.start()
        }
        for index in 0..<count {
            deliver(index, state.await(index))
        }
    }

    private final class State<Result: Sendable>: @unchecked Sendable {
        // @unchecked: every field is read and written under the condition's lock.
        private let condition = NSCondition()
        private var next = 0
        private var delivered = 0
        private var results: [Int: Result] = [:]

        /// The next index to work on, or nil when all are taken; waits while `limit` are started but not delivered.
        func take(count: Int, limit: Int) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while next < count, next - delivered >= limit { condition.wait() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        func put(_ index: Int, _ result: Result) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        func await(_ index: Int) -> Result {
            condition.lock()
            defer { condition.unlock() }
            while results[index] == nil { condition.wait() }
            delivered = index + 1
            condition.broadcast()
            return results.removeValue(forKey: index)!
        }
    }
}
