public import WireBytes

/// An alert as seen in a session.
public struct TLSAlertInfo: Sendable, Hashable {
    public let from: Peer
    /// The alert; nil for a TLS 1.2 alert record that could not be decrypted (its outer content
    /// type shows an alert, the level and description are encrypted).
    public let alert: TLSAlert?
    public let wasEncrypted: Bool
    public let recordIndex: Int
    public let streamOffset: UInt64

    public init(from: Peer, alert: TLSAlert?, wasEncrypted: Bool, recordIndex: Int, streamOffset: UInt64) {
        self.from = from
        self.alert = alert
        self.wasEncrypted = wasEncrypted
        self.recordIndex = recordIndex
        self.streamOffset = streamOffset
    }
}
