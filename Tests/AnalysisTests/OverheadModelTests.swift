import Analysis
import CaptureCrafting
import Foundation
import HTTPUpgrade
import Testing
import WireBytes

/// The overhead figures of the thesis, reproduced from the seed-examples capture and the model.
@Suite struct OverheadModelTests {
    static let seedCapture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Captures/seed-examples.pcap").path

    @Test func minimalGetToCsHmEduIs35Bytes() {
        let model = HTTPCostModel.minimal(host: "cs.hm.edu")
        #expect(model.pollingRequestBytes == 35)
        #expect(model.pollingRequestBytes == Array("GET / HTTP/1.1\r\nHost: cs.hm.edu\r\n\r\n".utf8).count)
        #expect(model.responseHeadBytes(length: 9) == Array("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n".utf8).count)
        #expect(model.postRequestHeadBytes(length: 9)
                == Array("POST / HTTP/1.1\r\nHost: cs.hm.edu\r\nContent-Length: 9\r\n\r\n".utf8).count)
    }

    @Test func smallestFrameHeadersAre2And6BytesInTheSeedCapture() throws {
        var frames: [FrameRecord] = []
        var overhead = OverheadAnalysis()
        let report = try CaptureAnalyzer().analyze(path: Self.seedCapture) { event in
            overhead.observe(event)
            if case .frame(let record) = event { frames.append(record) }
        }
        let ping = try #require(frames.first { $0.frame.opcode == .ping })
        let pong = try #require(frames.first { $0.frame.opcode == .pong })
        #expect(ping.frame.header.headerLength == 2, "smallest server-to-client header")
        #expect(pong.frame.header.headerLength == 6, "smallest client-to-server header: 2 + 4-byte masking key")
        let connection = try #require(overhead.connections(of: report).first)
        let minimal = try #require(connection.comparisons.first { $0.model.kind == .minimal })
        #expect(minimal.model.pollingRequestBytes == 35)
        // One client text message "cs.hm.edu" (9 bytes, 6-byte header) as a POST with an empty 200 OK.
        #expect(minimal.messages == 1)
        #expect(minimal.webSocketHeaderBytes == 6)
        #expect(minimal.httpHeaderBytes == UInt64(minimal.model.postRequestHeadBytes(length: 9) + minimal.model.responseHeadBytes(length: 0)))
        #expect(report.connections[0].webSocket.client.maskingKeyBytes == 12)   // three masked client frames
        #expect(report.connections[0].webSocket.server.baseHeaderBytes == 4)    // two unmasked server frames
    }

    @Test func breakEvenCountsMessagesUntilTheHandshakeIsPaidFor() {
        let model = HTTPCostModel.minimal(host: "cs.hm.edu")
        // Each server message saves (35 + 37 + digits) - 2 bytes; a 300-byte handshake needs 5 of them.
        let messages = Array(repeating: (from: Peer.server, length: UInt64(5), headerBytes: 2), count: 10)
        let comparison = HTTPComparison(model: model, handshakeBytes: 300, messages: messages)
        let saving = model.headerBytes(forMessageFrom: .server, length: 5) - 2
        #expect(comparison.breakEvenMessages == (300 + saving - 1) / saving)
        #expect(!comparison.breakEvenProjected)
        let few = HTTPComparison(model: model, handshakeBytes: 300, messages: Array(messages.prefix(2)))
        #expect(few.breakEvenMessages == (300 + saving - 1) / saving)
        #expect(few.breakEvenProjected)
    }

    @Test func realisticModelDropsWebSocketHeaders() {
        let headers: HTTPHeaders = [("Host", "example.com"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                    ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
                                    ("User-Agent", "Mozilla/5.0"), ("Origin", "http://example.com")]
        let request = HTTPRequestHead(method: "GET", target: "/chat", version: .http1_1, headers: headers, startOffset: 0, rawBytes: [])
        let model = HTTPCostModel.realistic(request: request, observedResponseHeadBytes: nil)
        let expected = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUser-Agent: Mozilla/5.0\r\nOrigin: http://example.com\r\n\r\n"
        #expect(model.pollingRequestBytes == expected.utf8.count)
    }
}
