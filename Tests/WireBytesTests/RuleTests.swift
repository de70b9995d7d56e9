import Testing
import WireBytes

@Suite struct RuleTests {
    @Test("severities order info < warning < error, as `check` sorts them")
    func severityOrder() {
        #expect(Severity.allCases.sorted() == [.info, .warning, .error])
        #expect(Severity.error > .warning)
    }

    @Test("each peer's opposite")
    func peers() {
        #expect(Peer.client.opposite == .server)
        #expect(Peer.server.opposite == .client)
        #expect(Peer.client.rawValue == "client")   // the JSON `from` values
    }
}
