/// Which keys protect a record (RFC 8446 §7: each epoch has its own key, IV and sequence numbers).
public enum TLSKeyEpoch: Sendable, Hashable, CustomStringConvertible {
    /// TLS 1.3 0-RTT data, under client_early_traffic_secret.
    case early
    /// TLS 1.3 handshake records, under the handshake traffic secrets.
    case handshake
    /// Application traffic: TLS 1.3 generation n (0, then one more per KeyUpdate), or TLS 1.2's
    /// single epoch from the ChangeCipherSpec on (generation 0).
    case application(generation: Int)

    public var description: String {
        switch self {
        case .early: return "early data"
        case .handshake: return "handshake"
        case .application(let generation): return generation == 0 ? "application" : "application (key update \(generation))"
        }
    }
}
