import Foundation

/// Collects a child's output on a thread of its own (a full pipe never blocks the child).
public final class StreamCollector: @unchecked Sendable {
    // @unchecked: `data` and `ended` are only touched under the condition's lock.
    private let condition = NSCondition()
    private var data = Data()
    private var ended = false

    public init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty { ended = true } else { data.append(chunk) }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }.start()
    }

    public var text: String { condition.lock(); defer { condition.unlock() }; return String(decoding: data, as: UTF8.self) }

    public var lines: [String] { text.split(separator: "\n").map(String.init) }

    @discardableResult
    public func waitForEnd(seconds: Double = 10) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        while !ended && condition.wait(until: deadline) {}
        condition.unlock()
        return text
    }

    /// Waits until a line equal to `line` has been written; false on timeout or at the end.
    public func waitFor(line: String, seconds: Double) -> Bool {
        waitFor(seconds: seconds) { $0.split(separator: "\n").contains { $0 == line } }
    }

    /// Waits until the text written so far satisfies `condition`; false on timeout or at the end.
    public func waitFor(seconds: Double, _ test: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if test(String(decoding: data, as: UTF8.self)) { return true }
            if ended || !condition.wait(until: deadline) { return false }
        }
    }
}
