import Analysis
import CaptureCrafting
import Foundation
import PacketDecoding
import Testing
import TLS
import WireBytes

/// Every conformance rule of issue 3, fired from a crafted capture written with the capture writer
/// and read back through libpcap and the whole pipeline; and silent on clean captures.
@Suite struct ConformanceCaptureTests {
    struct Fault: Sendable, CustomTestStringConvertible {
        var rule: String
        var request: [String] = Self.request
        var response: [String] = Self.response
        var frames: @Sendable (inout WebSocketConversation) -> Void = { _ in }
        var maxInflated: Int?
        var testDescription: String { rule }

        static let request = ["GET /chat HTTP/1.1", "Host: cs.hm.edu", "Upgrade: websocket", "Connection: Upgrade",
                              "Sec-WebSocket-Key: E4WSEcseoWr4csPLS2QJHA==", "Sec-WebSocket-Version: 13"]
        static let response = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                               "Sec-WebSocket-Accept: 7eQChgCtQMnVILefJAO6dK5JwPc="]
        static let deflateRequest = request + ["Sec-WebSocket-Extensions: permessage-deflate"]
        static let deflateResponse = response + ["Sec-WebSocket-Extensions: permessage-deflate"]

        func replacing(_ lines: [String], _ prefix: String, with line: String?) -> [String] {
            lines.compactMap { $0.hasPrefix(prefix) ? line : $0 }
        }
    }

    static let key: [UInt8] = [0x3c, 0x2e, 0x3f, 0x4a]
    static func masked(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, key: [UInt8] = [9, 8, 7, 6]) -> WebSocketFrameBuilder {
        WebSocketFrameBuilder(opcode: opcode, payload: payload, maskingKey: key, fin: fin)
    }

    static let faults: [Fault] = {
        var faults: [Fault] = [
            Fault(rule: "ws.client-frame-unmasked") { $0.send(.text("no mask"), from: .client) },
            Fault(rule: "ws.server-frame-masked") { $0.send(.text("masked", maskingKey: [1, 2, 3, 4]), from: .server) },
            Fault(rule: "ws.rsv-without-extension") { ws in
                var frame = masked(1, Array("rsv2".utf8))
                frame.rsv2 = true
                ws.send(frame, from: .client)
            },
            Fault(rule: "ws.reserved-opcode") { $0.send(masked(3, [1, 2, 3]), from: .client) },
            Fault(rule: "ws.length-not-minimal") { ws in
                var frame = masked(1, Array("short".utf8))
                frame.lengthBits = 16
                ws.send(frame, from: .client)
            },
            Fault(rule: "ws.length-top-bit-set") { ws in
                // 127 followed by a 64-bit length with the most significant bit set.
                ws.sendRaw([0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5], from: .server)
            },
            Fault(rule: "ws.control-frame-too-long") { $0.send(masked(9, [UInt8](repeating: 0x61, count: 126)), from: .client) },
            Fault(rule: "ws.control-frame-fragmented") { $0.send(masked(9, [1], fin: false), from: .client) },
            Fault(rule: "ws.continuation-without-message") { $0.send(masked(0, Array("orphan".utf8)), from: .client) },
            Fault(rule: "ws.data-frame-inside-fragmented-message") { ws in
                ws.send(masked(1, Array("first ".utf8), fin: false), from: .client)
                ws.send(masked(1, Array("again".utf8)), from: .client)
            },
            Fault(rule: "ws.text-invalid-utf8") { $0.send(masked(1, [0x63, 0xc3, 0x28, 0x73]), from: .client) },
            Fault(rule: "ws.close-reason-invalid-utf8") { $0.send(masked(8, [0x03, 0xe8, 0xff, 0xfe]), from: .client) },
            Fault(rule: "ws.close-payload-one-byte") { $0.send(masked(8, [0x03]), from: .client) },
            Fault(rule: "ws.close-code-invalid") { $0.send(.close(code: 999, maskingKey: [5, 5, 5, 5]), from: .client) },
            Fault(rule: "ws.close-code-not-on-wire") { $0.send(.close(code: 1005, maskingKey: [6, 6, 6, 6]), from: .client) },
            Fault(rule: "ws.frame-after-close") { ws in
                ws.send(.close(code: 1000, maskingKey: [7, 7, 7, 7]), from: .client)
                ws.send(masked(1, Array("too late".utf8), key: [8, 8, 8, 8]), from: .client)
            },
            Fault(rule: "ws.pong-payload-mismatch") { ws in
                ws.send(WebSocketFrameBuilder(opcode: 9, payload: Array("ping-1".utf8)), from: .server)
                ws.send(masked(10, Array("pong-2".utf8)), from: .client)
            },
            Fault(rule: "ws.masking-key-zero") { $0.send(masked(1, Array("zero key".utf8), key: [0, 0, 0, 0]), from: .client) },
            Fault(rule: "ws.masking-key-reused") { ws in
                ws.send(.text("one", maskingKey: key), from: .client)
                ws.send(.text("two", maskingKey: key), from: .client)
            },
            Fault(rule: "ws.closed-without-close-handshake") { $0.send(.text("then TCP ends", maskingKey: [1, 1, 2, 2]), from: .client) },
            Fault(rule: "handshake.accept-mismatch",
                  response: Fault.response.map { $0.hasPrefix("Sec-WebSocket-Accept") ? "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" : $0 }),
            Fault(rule: "handshake.accept-missing", response: Fault.response.filter { !$0.hasPrefix("Sec-WebSocket-Accept") }),
            Fault(rule: "handshake.host-missing", request: Fault.request.filter { !$0.hasPrefix("Host") }),
            Fault(rule: "handshake.version-not-13",
                  request: Fault.request.map { $0.hasPrefix("Sec-WebSocket-Version") ? "Sec-WebSocket-Version: 8" : $0 }),
            Fault(rule: "handshake.key-not-16-bytes",
                  request: Fault.request.map { $0.hasPrefix("Sec-WebSocket-Key") ? "Sec-WebSocket-Key: c2hvcnQ=" : $0 }),
            Fault(rule: "handshake.key-missing", request: Fault.request.filter { !$0.hasPrefix("Sec-WebSocket-Key") }),
            Fault(rule: "handshake.extension-not-offered", response: Fault.deflateResponse),
            Fault(rule: "handshake.subprotocol-not-offered", response: Fault.response + ["Sec-WebSocket-Protocol: chat"]),
            Fault(rule: "handshake.101-without-upgrade-header", response: Fault.response.filter { !$0.hasPrefix("Upgrade") }),
            Fault(rule: "handshake.method-not-get",
                  request: Fault.request.map { $0.hasPrefix("GET") ? "POST /chat HTTP/1.1" : $0 }),
            Fault(rule: "ws.rsv1-on-control-or-continuation", request: Fault.deflateRequest, response: Fault.deflateResponse) { ws in
                var ping = masked(9, [])
                ping.rsv1 = true
                ws.send(ping, from: .client)
            },
            Fault(rule: "ws.inflate-error", request: Fault.deflateRequest, response: Fault.deflateResponse) { ws in
                var frame = WebSocketFrameBuilder(opcode: 1, payload: [0xff, 0xff, 0xff, 0xff, 0x00, 0x13])
                frame.rsv1 = true
                ws.send(frame, from: .server)
            },
        ]
        var bomb = Fault(rule: "ws.inflated-message-too-large", request: Fault.deflateRequest, response: Fault.deflateResponse) { ws in
            var frame = WebSocketFrameBuilder(opcode: 2, payload: MessageDeflater().compress([UInt8](repeating: 0, count: 200_000)))
            frame.rsv1 = true
            ws.send(frame, from: .server)
        }
        bomb.maxInflated = 10_000
        faults.append(bomb)
        return faults
    }()

    static func capture(for fault: Fault) -> [CraftedPacket] {
        var ws = WebSocketConversation(client: .ipv4("10.9.0.2", 51_000), server: .ipv4("10.9.0.1", 80))
        ws.tcp.send(Array((fault.request.joined(separator: "\r\n") + "\r\n\r\n").utf8), from: .client)
        ws.tcp.send(Array((fault.response.joined(separator: "\r\n") + "\r\n\r\n").utf8), from: .server)
        fault.frames(&ws)
        ws.tcp.close()
        return ws.tcp.packets
    }

    @Test(arguments: faults)
    func ruleFiresFromACraftedCapture(fault: Fault) throws {
        var options = AnalysisOptions()
        if let cap = fault.maxInflated { options.maxInflatedMessageSize = cap }
        let outcome = try Harness.analyze(Self.capture(for: fault), options: options)
        #expect(outcome.ruleIDs.contains(fault.rule), "\(fault.rule) did not fire; fired: \(outcome.ruleIDs.sorted())")
    }

    @Test func everyListedRuleHasACapture() {
        let covered = Set(Self.faults.map(\.rule))
        #expect(covered.count == Self.faults.count, "a rule is listed twice")
        #expect(covered.count >= 30)
    }

    @Test func cleanConversationFiresNothing() throws {
        let clean = Fault(rule: "none") { ws in
            ws.send(.text("cs.hm.edu", maskingKey: Self.key), from: .client)
            ws.send(.text("hello"), from: .server)
            ws.send(WebSocketFrameBuilder(opcode: 9, payload: Array("p".utf8)), from: .server)
            ws.send(Self.masked(10, Array("p".utf8)), from: .client)
            ws.send(.close(code: 1000, maskingKey: [0x2a, 0x1f, 0xfc, 0xf2]), from: .client)
            ws.send(.close(code: 1000), from: .server)
        }
        let outcome = try Harness.analyze(Self.capture(for: clean))
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
        #expect(outcome.frames.count == 6)
    }

    /// Real peers (python websockets, node ws, Chromium) break no rule of warning or error severity.
    @Test func realCapturesBreakNoRule() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Captures")
        let crafted = Set(CraftedCaptures.all.map(\.name))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { ($0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng")) && !crafted.contains($0) }
        #expect(names.count >= 10)
        for name in names {
            var serious: [String] = []
            // A wss capture is read with the key log recorded beside it (NAME.keys), as its lesson does.
            var options = AnalysisOptions()
            let keys = directory.appendingPathComponent((name as NSString).deletingPathExtension + ".keys")
            if let bytes = FileManager.default.contents(atPath: keys.path) { options.keyLog = KeyLog(parsing: [UInt8](bytes)) }
            let report = try CaptureAnalyzer(options: options).analyze(path: directory.appendingPathComponent(name).path) { event in
                if case .finding(let record) = event, record.rule.severity >= .warning { serious.append(record.rule.id) }
            }
            #expect(serious.isEmpty, "\(name): \(serious)")
            #expect(report.connections.contains { $0.isWebSocket }, "\(name): no WebSocket found")
        }
    }
}
