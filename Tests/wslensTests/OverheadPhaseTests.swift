import Foundation
import TestSupport
import Testing

/// Issue 12, item 6: `overhead` on a connection that carried five HTTP polls and then upgraded on
/// the same keep-alive connection (aiohttp) shows two phases, each counted like its own
/// connection, and computes the break-even from the same per-message inputs as for the same
/// traffic on two connections: the outputs differ only by what the captures really differ in.
@Suite(.serialized) struct OverheadPhaseTests {
    static let one = "brought/polls-then-upgrade.pcap"
    static let two = "brought/polls-and-upgrade-two-connections.pcap"
    static let bytesOfTraffic = ["payloadPackets", "tcpPayloadBytes", "handshakeBytes", "httpHeaderBytes", "httpBodyBytes",
                                 "wsFrames", "wsHeaderBytes", "wsBaseHeaderBytes", "wsExtendedLengthBytes",
                                 "wsMaskingKeyBytes", "wsPayloadBytes"]

    @Test func pollsThenUpgradeIsTwoPhases() throws {
        let (connections, _) = try OverheadTests.overhead(Self.one)
        let connection = try #require(connections.first)
        let phases = try #require(connection["phases"] as? [[String: Any]])
        #expect(phases.map { $0["phase"] as? String } == ["http", "websocket"])
        let split = OverheadTests.number(phases[0], "upgradePacket")
        #expect(split == 20, "the Upgrade request GET /live is packet 20")
        #expect(phases.allSatisfy { $0["exactSplit"] as? Bool == true })
        // One connection in the file: the HTTP phase is every packet before the split.
        #expect(OverheadTests.number(phases[0], "packets") == split - 1)
        for key in ["packets", "capturedBytes", "tcpHeaderBytes", "tcpPayloadBytes", "httpHeaderBytes", "httpBodyBytes",
                    "handshakeBytes", "wsPayloadBytes"] {
            #expect(OverheadTests.number(phases[0], key) + OverheadTests.number(phases[1], key) == OverheadTests.number(connection, key), "\(key)")
        }
        // The polls are HTTP, with their exchange table; the WebSocket phase has the handshake and the frames.
        #expect(OverheadTests.number(phases[0], "httpBodyBytes") == 53 + 84 + 103 + 134 + 161)
        #expect(OverheadTests.number(phases[0], "handshakeBytes") == 0 && OverheadTests.number(phases[0], "wsFrames") == 0)
        #expect(OverheadTests.number(phases[1], "handshakeBytes") == 242 + 202)
        #expect(OverheadTests.number(phases[1], "wsFrames") == 8 && OverheadTests.number(phases[1], "httpBodyBytes") == 0)
        #expect((connection["exchanges"] as? [[String: Any]])?.count == 5)
        let text = try CLI.run(["overhead", CLI.capture(Self.one)]).stdout
        #expect(text.contains("(HTTP, then WebSocket)"))
        #expect(text.contains("Phase 1: HTTP, the packets before packet 20"))
        #expect(text.contains("Phase 2: WebSocket, from packet 20 on"))
        #expect(text.contains("GET /news?poll=5"))
        #expect(!text.contains("the capture has no plain HTTP responses"))
    }

    @Test func theBreakEvenIsTheSameAsOnTwoConnections() throws {
        let (oneConnection, _) = try OverheadTests.overhead(Self.one)
        let (twoConnections, _) = try OverheadTests.overhead(Self.two)
        let phased = try #require(oneConnection.first)
        let websocket = try #require(twoConnections.first { $0["websocket"] as? Bool == true })
        let comparisonsOne = try #require(phased["http"] as? [[String: Any]])
        let comparisonsTwo = try #require(websocket["http"] as? [[String: Any]])
        #expect(comparisonsOne.count == 2 && comparisonsOne.count == comparisonsTwo.count)
        for (a, b) in zip(comparisonsOne, comparisonsTwo) {
            for key in ["model", "messages", "payloadBytes", "bytes", "perMessage", "pollingRequestBytes", "wsHeaderBytes",
                        "wsPerMessage", "wsHandshakeBytes", "httpRatio", "wsRatio", "breakEven", "breakEvenProjected"] {
                #expect(String(describing: a[key]) == String(describing: b[key]), "\(String(describing: a["model"])) \(key)")
            }
        }
        #expect(comparisonsOne.map { OverheadTests.number($0, "breakEven") } == [6, 2])
    }

    /// What the captures really differ in: the second connection's SYN, SYN-ACK and ACK, the first
    /// one's FIN, FIN and ACK, one more pure ACK (Captures/README.md), so packets without payload
    /// and their TCP/IP headers; every byte of traffic above TCP is the same.
    @Test func thePhasesDifferFromTwoConnectionsOnlyInPacketsWithoutPayload() throws {
        let (oneConnection, _) = try OverheadTests.overhead(Self.one)
        let (twoConnections, _) = try OverheadTests.overhead(Self.two)
        let phases = try #require(oneConnection.first?["phases"] as? [[String: Any]])
        #expect(twoConnections.count == 2)
        var extraPackets = 0
        for (phase, connection) in zip(phases, twoConnections) {
            for key in Self.bytesOfTraffic {
                #expect(OverheadTests.number(phase, key) == OverheadTests.number(connection, key), "\(String(describing: phase["phase"])) \(key)")
            }
            let more = OverheadTests.number(connection, "packets") - OverheadTests.number(phase, "packets")
            #expect(more > 0, "a connection of its own has packets the phase does not")
            extraPackets += more
        }
        #expect(extraPackets == 7)
        let exchangesOne = try #require(oneConnection.first?["exchanges"] as? [[String: Any]])
        let exchangesTwo = try #require(twoConnections.first?["exchanges"] as? [[String: Any]])
        for key in ["method", "target", "status", "requestHeadBytes", "requestBodyBytes", "responseHeadBytes", "responseBodyBytes", "packets"] {
            #expect(exchangesOne.map { String(describing: $0[key]) } == exchangesTwo.map { String(describing: $0[key]) }, "\(key)")
        }
    }
}
