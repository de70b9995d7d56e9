/// What a head's `Connection` and `Upgrade` headers say about switching protocols (RFC 9110
/// section 7.8). Heads read them once, when they are made or their headers change: the parser, the
/// handshake checks and the analysis each ask several times per connection.
struct UpgradeHeaders: Sendable, Hashable {
    /// `Connection` holds the token `upgrade`.
    var connectionHasUpgrade: Bool
    /// `Upgrade` has at least one list element.
    var upgradeHasElements: Bool
    /// `Upgrade` holds the token `websocket`.
    var upgradeHasWebSocket: Bool

    init(_ headers: HTTPHeaders) {
        connectionHasUpgrade = headers.hasToken(lowercased: "upgrade", in: .connection)
        var hasElements = false
        upgradeHasWebSocket = headers.hasListElement(in: .upgrade) { element in
            hasElements = true
            return ASCII.equalsIgnoringCase(element, lowercased: "websocket")
        }
        upgradeHasElements = hasElements
    }
}
