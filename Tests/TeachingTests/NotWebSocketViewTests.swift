import Analysis
import Testing
@testable import Teaching

/// Why a connection is not WebSocket, in words (issue 12, item 4), and the payload column's cut.
struct NotWebSocketViewTests {
    @Test func everyReasonHasItsLine() {
        #expect(NotWebSocketView.line(.upgradeRefused(status: 403, reason: "Forbidden"))
                == "the server refused the WebSocket Upgrade with 403 Forbidden; the connection stayed HTTP")
        #expect(NotWebSocketView.line(.plainHTTP(requests: 1, responses: 1)) == "plain HTTP: 1 request, 1 response, no Upgrade to WebSocket")
        #expect(NotWebSocketView.line(.noPayload) == "no payload: the connection carried no bytes above TCP")
        #expect(NotWebSocketView.line(.notHTTP(framing: "The first direction starts with two ASCII letters."))
                == "neither HTTP nor WebSocket frames (The first direction starts with two ASCII letters)")
        #expect(NotWebSocketView.line(.otherProtocol("h2c")) == "the 101 response switched to another protocol (h2c), not WebSocket")
        #expect(NotWebSocketView.line(.upgradeUnanswered).contains("no response"))
    }

    /// The hook the TLS recogniser fills: the words the summary prints for it.
    @Test func tlsIsProbablyWss() {
        #expect(NotWebSocketView.line(.tls(TLSSighting(serverName: "example.org")))
                .hasPrefix("this is TLS, probably wss; SNI example.org"))
        #expect(NotWebSocketView.line(.tls(TLSSighting(serverName: nil, alpn: ["http/1.1"])))
                .hasPrefix("this is TLS, probably wss; no SNI (ALPN http/1.1)"))
        #expect(NotWebSocketWords.protocols == ["http", "tls", "other", "none"])
    }

    @Test func theCutNeverSplitsACharacter() {
        let text = Array("aaaü".utf8)   // 61 61 61 c3 bc
        #expect(Array(TextViews.textPrefix(text, limit: 4)) == [0x61, 0x61, 0x61])
        #expect(Array(TextViews.textPrefix(text, limit: 5)) == text)
        let euro = Array("a€b".utf8)   // 61 e2 82 ac 62
        #expect(Array(TextViews.textPrefix(euro, limit: 3)) == [0x61])
        #expect(Array(TextViews.textPrefix(euro, limit: 4)) == [0x61, 0xe2, 0x82, 0xac])
    }
}

/// Every protocol value a reason can give.
enum NotWebSocketWords {
    static let protocols: [String] = {
        let reasons: [NotWebSocketReason] = [.plainHTTP(requests: 0, responses: 0), .tls(TLSSighting(serverName: nil)),
                                             .notHTTP(framing: nil), .noPayload]
        return reasons.map(\.protocolName)
    }()
}
