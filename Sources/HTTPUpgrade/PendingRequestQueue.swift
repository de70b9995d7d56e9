/// Requests waiting for their responses, oldest first: a FIFO whose pops cost O(1) amortized, so
/// that a long pipeline does not make matching quadratic.
struct PendingRequestQueue: Sendable {
    private var storage: [HTTPConnectionParser.PendingRequest] = []
    private var head = 0

    var count: Int { storage.count - head }

    mutating func append(_ request: HTTPConnectionParser.PendingRequest) {
        storage.append(request)
    }

    mutating func popFirst() -> HTTPConnectionParser.PendingRequest? {
        guard head < storage.count else { return nil }
        // Moved out, leaving a placeholder without a head: no copy, and the slot holds nothing.
        let first = storage[head].taken()
        head += 1
        // Drop the popped prefix once it is the larger part.
        if head > 32, head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return first
    }

    func contains(serial: Int) -> Bool {
        // By index: iterating the elements would copy (retain) the heads they hold.
        for index in head..<storage.count where storage[index].serial == serial { return true }
        return false
    }
}

extension HTTPConnectionParser.PendingRequest {
    /// This request; `self` keeps its serial but no longer its head.
    mutating func taken() -> Self {
        var placeholder = Self(serial: serial, isHead: isHead, upgradeRequest: nil)
        swap(&self, &placeholder)
        return placeholder
    }
}
