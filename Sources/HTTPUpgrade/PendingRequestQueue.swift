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
        let first = storage[head]
        head += 1
        // Drop the popped prefix once it is the larger part.
        if head > 32, head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return first
    }

    func contains(serial: Int) -> Bool {
        storage[head...].contains { $0.serial == serial }
    }
}
