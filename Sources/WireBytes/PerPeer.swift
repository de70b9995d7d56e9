/// One value for each end of a connection: `values[.client]`, `values[.server]`.
///
/// The one way the project keeps something once per direction (a stream's provenance, its byte
/// counts, where its WebSocket bytes begin), instead of pairs of named fields or arrays indexed by
/// a slot number.
public struct PerPeer<Value> {
    public var client: Value
    public var server: Value

    public init(client: Value, server: Value) {
        self.client = client
        self.server = server
    }

    /// The same value for both ends.
    public init(repeating value: Value) {
        client = value
        server = value
    }

    public subscript(peer: Peer) -> Value {
        get { peer == .client ? client : server }
        // In place: a value holding arrays is not copied to be changed.
        _modify {
            if peer == .client { yield &client } else { yield &server }
        }
    }

    public func map<Result>(_ transform: (Value) throws -> Result) rethrows -> PerPeer<Result> {
        PerPeer<Result>(client: try transform(client), server: try transform(server))
    }

    /// The client's value becomes the server's and the other way round (roles found reversed).
    public mutating func swapPeers() {
        swap(&client, &server)
    }
}

extension PerPeer: Sendable where Value: Sendable {}
extension PerPeer: Equatable where Value: Equatable {}
extension PerPeer: Hashable where Value: Hashable {}
