/// Which end of a connection sent something.
///
/// The client is the side that opened the TCP connection (sent the SYN) or, without a SYN in the
/// capture, the side that sent the HTTP request. JSON output spells it `"client"` / `"server"`.
public enum Peer: String, Sendable, Hashable, CaseIterable, Codable {
    case client
    case server

    /// The other end of the connection.
    public var opposite: Peer { self == .client ? .server : .client }
}
