/// Every connection seen so far, numbered 1, 2, 3... in order of its first packet.
///
/// The key maps to the newest connection between two endpoints; when a new SYN reuses the ports
/// of a finished connection, the old one keeps its number and statistics and a new one begins.
struct ConnectionTable {
    /// Index = number - 1.
    var connections: [Connection] = []
    private var indexByKey: [ConnectionKey: Int] = [:]

    func index(for key: ConnectionKey) -> Int? { indexByKey[key] }

    /// Starts a new connection for `key` and returns its index.
    mutating func open(_ key: ConnectionKey, firstPacket: UInt64) -> Int {
        connections.append(Connection(number: connections.count + 1, key: key, firstPacket: firstPacket))
        indexByKey[key] = connections.count - 1
        return connections.count - 1
    }
}
