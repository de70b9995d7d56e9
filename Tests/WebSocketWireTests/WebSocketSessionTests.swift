import Testing
import WebSocketWire
import WireBytes

@Suite struct WebSocketSessionTests {
    /// The thesis' figures 2-4: server ping, client pong, client close, server close reply.
    @Test func thesisControlFramesAsAConversation() throws {
        let script: [ScriptStep] = [
            .server(Hex.decode("8900")!),
            .client(Hex.decode("8a8085e1ef27")!),
            .client(Hex.decode("88822a1ffcf229f7")!),
            .server(Hex.decode("880203e8")!),
        ]
        let (events, session) = SessionHarness.runAllSplits(script)
        let frames = events.frames
        #expect(frames.map(\.opcode) == [.ping, .pong, .connectionClose, .connectionClose])
        #expect(frames.map(\.index) == [0, 1, 2, 3])
        #expect(frames.map(\.from) == [.server, .client, .client, .server])
        #expect(frames[2].closeCode == .normalClosure && frames[3].closeCode == .normalClosure)
        #expect(frames[2].payload == [0x03, 0xe8])
        #expect(frames[2].maskedPayload == [0x29, 0xf7])
        #expect(frames[2].closeReasonText == "")
        #expect(events.findings.isEmpty, "clean: \(events.ruleIDs)")
        #expect(session.close.initiator == .client)
        #expect(session.close.isHandshakeComplete)
        #expect(session.close.reportedCode == .normalClosure)
        #expect(session.pingPongPairs == [WebSocketPingPongPair(pingFrom: .server, pingFrameIndex: 0, pongFrameIndex: 1, payloadMatches: true)])
        #expect(session.counts(for: .client).frames == 2)
        #expect(session.counts(for: .client).headerBytes == 12)
        #expect(session.counts(for: .server).headerBytes == 4)
    }

    /// Every complete frame vector through a session, from the side its masking says.
    @Test func everyFrameVectorThroughASession() throws {
        let vectors = try WireVectors.load()
        for vector in vectors.frames where !vector.isHeaderOnly {
            let peer: Peer = vector.masked ? .client : .server
            let (events, _) = SessionHarness.runAllSplits([.bytes(peer, vector.bytes)], finish: nil)
            let frame = try #require(events.frames.first, "\(vector.source)")
            #expect(frame.payload == vector.payload, "\(vector.source)")
            #expect(frame.header.maskingKey?.description == vector.maskingKey?.hexString)
            #expect(frame.closeCode?.rawValue == vector.closeCode, "\(vector.source)")
            #expect(frame.isComplete && frame.endOffset == UInt64(vector.bytes.count))
        }
    }

    /// RFC 6455 5.7's "Hel" + "lo" with a ping between the fragments (allowed by 5.4).
    @Test func fragmentedTextWithControlFrameInBetween() {
        let script: [ScriptStep] = [
            .server(Hex.decode("010348656c")!),
            .server(Hex.decode("890548656c6c6f")!),
            .client(FrameBuilder.client(0xa, "Hello".bytes, seed: 1)),
            .server(Hex.decode("80026c6f")!),
        ]
        let (events, session) = SessionHarness.runAllSplits(script, finish: nil)
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
        let message = events.messages.first
        #expect(message?.text == "Hello")
        #expect(message?.frameIndices == [0, 3])
        #expect(message?.opcode == .text && message?.isCompressed == false)
        #expect(message?.startOffset == 0 && message?.endOffset == 16)
        #expect(message?.index == 0)
        #expect(session.pingPongPairs.first?.payloadMatches == true)
        // Completion order: the message comes right after its last frame.
        #expect(events.count == 5)
        if case .message = events.last {} else { Issue.record("message should be the last event") }
    }

    @Test func streamOffsetsStartAfterTheHandshake() {
        var configuration = WebSocketSession.Configuration()
        configuration.serverStartOffset = 129
        var session = WebSocketSession(configuration: configuration)
        session.setStartOffset(200, for: .client)
        var events: [WebSocketEvent] = []
        session.consume(Hex.decode("810548656c6c6f")!, from: .server, into: &events)
        session.consume(Hex.decode("818537fa213d7f9f4d5158")!, from: .client, into: &events)
        #expect(events.frames.map(\.startOffset) == [129, 200])
        #expect(events.frames.map(\.endOffset) == [136, 211])
        #expect(events.frames.map(\.payloadStartOffset) == [131, 206])
        #expect(events.messages.map(\.text) == ["Hello", "Hello"])
        #expect(events.messages.map(\.index) == [0, 1])
    }

    @Test func noPayloadsRetainedButStillValidated() {
        let configuration = WebSocketSession.Configuration(retainPayloads: false)
        let script: [ScriptStep] = [
            .server(FrameBuilder.server(1, "Grüße".bytes)),
            .server(FrameBuilder.server(1, [0xc3, 0x28])),
            .server(FrameBuilder.server(8, FrameBuilder.close(1000, "bye"))),
        ]
        let (events, _) = SessionHarness.runAllSplits(script, configuration: configuration, finish: nil)
        #expect(events.frames[0].payload.isEmpty)
        #expect(events.messages[0].data.isEmpty && events.messages[0].length == 7)
        #expect(events.messages[0].isValidUTF8 == true && events.messages[0].text == nil)
        #expect(events.messages[1].isValidUTF8 == false)
        #expect(events.ruleIDs == ["ws.text-invalid-utf8"])
        #expect(events.findings.first?.streamOffset == 9 + 3, "the offset of the bad byte 0x28")
        #expect(events.frames[2].closeReasonText == "bye", "control payloads are kept anyway")
    }

    @Test func retentionLimitTruncatesButCountsEverything() {
        let configuration = WebSocketSession.Configuration(payloadRetentionLimit: 10)
        let payload = Array(repeating: UInt8(0x61), count: 300)
        let (events, _) = SessionHarness.runAllSplits([.client(FrameBuilder.client(2, payload, seed: 3))],
                                                      configuration: configuration, finish: nil)
        #expect(events.frames[0].payload == Array(payload[0..<10]))
        #expect(events.frames[0].isPayloadTruncated && events.frames[0].isComplete)
        #expect(events.messages[0].data.count == 10 && events.messages[0].length == 300)
        #expect(events.messages[0].isDataTruncated)
    }

    /// 2^63-1 claimed: the frame reports its length, keeps only what came, and ends incomplete.
    @Test func frameClaimingHugeLengthEndsIncomplete() {
        let header: [UInt8] = [0x82, 0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        let (events, _) = SessionHarness.runAllSplits([.server(header + Array(repeating: 1, count: 500))])
        let frame = events.frames.first
        #expect(frame?.payloadLength == UInt64(Int64.max))
        #expect(frame?.payload.count == 500)
        #expect(frame?.isComplete == false)
        #expect(frame?.missingPayloadBytes == UInt64(Int64.max) - 500)
        #expect(events.ruleIDs.contains("ws.frame-incomplete-at-end"))
    }

    @Test func gapInsidePayloadSkipsAndGoesOn() {
        let text = FrameBuilder.client(1, "abcdefghijklmnop".bytes, seed: 5)
        let script: [ScriptStep] = [
            .client(Array(text[0..<10])),
            .gap(.client, 4),
            .client(Array(text[14...])),
            .client(FrameBuilder.client(1, "next".bytes, seed: 6)),
        ]
        let (events, session) = SessionHarness.runAllSplits(script, finish: nil)
        #expect(events.frames.count == 2)
        #expect(events.frames[0].isComplete == false && events.frames[0].missingPayloadBytes == 4)
        #expect(events.frames[0].payload == "abcd".bytes, "retained payload stays a contiguous prefix")
        #expect(events.messages[0].isComplete == false && events.messages[0].text == nil)
        #expect(events.messages[1].text == "next")
        #expect(events.ruleIDs == ["ws.payload-bytes-missing"])
        #expect(session.counts(for: .client).skippedBytes == 4)
    }

    /// A gap between frames loses the frame boundary for that direction only; the segment after
    /// the gap starts with a plausible header, so decoding resumes there and says it guessed.
    @Test func gapBetweenFramesLosesSyncForThatDirectionOnly() {
        let script: [ScriptStep] = [
            .server(FrameBuilder.server(1, "one".bytes)),
            .gap(.server, 7),
            .server(FrameBuilder.server(1, "next".bytes)),
            .client(FrameBuilder.client(1, "still decoded".bytes, seed: 2)),
        ]
        let (events, session) = SessionHarness.runAllSplits(script, finish: nil)
        #expect(events.messages.map(\.text) == ["one", "next", "still decoded"])
        #expect(events.ruleIDs == ["ws.framing-sync-lost", "ws.framing-resynchronized"])
        #expect(events.findings.first?.streamOffset == 5)
        #expect(events.findings.last?.streamOffset == 12)
        #expect(events.findings.last?.message.contains("first byte of a TCP segment") == true)
        #expect(session.counts(for: .server).undecodedBytes == 0)
    }

    /// After a gap, bytes that do not start with a plausible header (here the middle of a text
    /// payload) are not taken for a frame: nothing is invented.
    @Test func aSegmentThatStartsInsideAPayloadIsNotTakenForAFrame() {
        let long = FrameBuilder.server(1, "a text payload that the gap cuts in two".bytes)
        let script: [ScriptStep] = [
            .server(FrameBuilder.server(1, "one".bytes)),
            .gap(.server, UInt64(long.count - 10)),
            .server(Array(long.suffix(10))),
        ]
        let (events, session) = SessionHarness.runAllSplits(script, finish: .fin)
        #expect(events.frames.count == 1)
        #expect(events.ruleIDs.contains("ws.framing-sync-lost"))
        #expect(!events.ruleIDs.contains("ws.framing-resynchronized"))
        #expect(session.counts(for: .server).undecodedBytes == 10)
    }

    /// A gap swallows the end of one frame and the header of the next; decoding resumes at the
    /// first of four frames in a row that parse, skipping the orphaned text payload before it.
    @Test func resynchronizesAfterAGapThatHidAFrameBoundary() {
        let frameA = FrameBuilder.server(1, "Frame A carries some text".bytes)
        let frameB = FrameBuilder.server(1, "Frame B: its header falls into the gap".bytes)
        let rest = ["C", "D", "E", "F"].flatMap { FrameBuilder.server(1, "Frame \($0)".bytes) }
        let cutA = frameA.count - 5
        let gap = 5 + 4
        let script: [ScriptStep] = [
            .server(Array(frameA[0..<cutA])),
            .gap(.server, UInt64(gap)),
            .server(Array(frameB[4...]) + rest),
        ]
        let (events, session) = SessionHarness.runAllSplits(script, finish: nil)
        #expect(events.ruleIDs == ["ws.framing-sync-lost", "ws.framing-resynchronized"])
        let resumedAt = UInt64(frameA.count + frameB.count)
        #expect(events.findings.last?.streamOffset == resumedAt)
        #expect(events.frames.first?.isComplete == false)
        #expect(events.messages.map(\.text) == [nil, "Frame C", "Frame D", "Frame E", "Frame F"])
        #expect(events.frames.dropFirst().first?.startOffset == resumedAt)
        #expect(session.counts(for: .server).undecodedBytes == UInt64(frameB.count - 4))
    }

    @Test func connectionEndingWithoutCloseReports1006() {
        let (events, session) = SessionHarness.runAllSplits([.server(FrameBuilder.server(1, "hi".bytes))])
        #expect(events.ruleIDs == ["ws.closed-without-close-handshake"])
        #expect(events.findings.first?.from == nil)
        #expect(session.close.reportedCode == .abnormalClosure)
        #expect(session.close.endedWithoutCloseFrame)
    }

    @Test func closeFrameWithoutCodeReports1005() {
        let (events, session) = SessionHarness.runAllSplits([
            .client(FrameBuilder.client(8, [], seed: 1)),
            .server(FrameBuilder.server(8)),
        ])
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
        #expect(session.close.reportedCode == .noStatusReceived)
        #expect(events.frames[0].closeCode == nil)
    }

    @Test func pongAnsweringOnlyTheLatestPingPairsByPayload() {
        let (events, session) = SessionHarness.runAllSplits([
            .server(FrameBuilder.server(9, [1])),
            .server(FrameBuilder.server(9, [2])),
            .client(FrameBuilder.client(0xa, [2], seed: 1)),
            .client(FrameBuilder.client(0xa, [7], seed: 2)),
        ], finish: nil)
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
        #expect(session.pingPongPairs == [
            WebSocketPingPongPair(pingFrom: .server, pingFrameIndex: 1, pongFrameIndex: 2, payloadMatches: true),
            WebSocketPingPongPair(pingFrom: .server, pingFrameIndex: nil, pongFrameIndex: 3, payloadMatches: false),
        ])
    }

    /// A clean conversation fires no rule at all.
    @Test func cleanConversationIsSilent() {
        var seed: UInt32 = 0
        func client(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true) -> ScriptStep {
            seed += 1
            return .client(FrameBuilder.client(opcode, payload, fin: fin, seed: seed))
        }
        let script: [ScriptStep] = [
            client(1, "Hallo Server".bytes),
            .server(FrameBuilder.server(1, "Hallo Client 👋".bytes)),
            client(1, "Teil 1, ".bytes, fin: false),
            .server(FrameBuilder.server(9, "tick".bytes)),
            client(0xa, "tick".bytes),
            client(0, "Teil 2".bytes),
            .server(FrameBuilder.server(2, Array(0..<200))),
            client(2, Array(repeating: 7, count: 70_000)),
            client(8, FrameBuilder.close(1000, "fertig")),
            .server(FrameBuilder.server(8, FrameBuilder.close(1000))),
        ]
        let (events, session) = SessionHarness.runAllSplits(script)
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
        #expect(events.messages.map(\.text) == ["Hallo Server", "Hallo Client 👋", "Teil 1, Teil 2", nil, nil])
        #expect(session.close.isHandshakeComplete && session.close.first?.reasonText == "fertig")
        #expect(session.frameCount == 10 && session.messageCount == 5)
    }

    /// A key repeated within the last 64 client frames is reported (a constant key, a short
    /// cycle); one that comes back after more frames than that is not, since random keys repeat
    /// by chance over a long connection.
    @Test func maskingKeyReuseIsJudgedOverTheLastSixtyFourFrames() {
        func reusedFrames(seeds: [UInt32]) -> [Int] {
            let script = seeds.map { ScriptStep.client(FrameBuilder.client(2, [1, 2, 3], seed: $0)) }
            let (events, _) = SessionHarness.run(script, finish: nil)
            return events.findings.filter { $0.rule.id == "ws.masking-key-reused" }.compactMap(\.frameIndex)
        }
        #expect(reusedFrames(seeds: [5, 5, 5]) == [1, 2])
        #expect(reusedFrames(seeds: [1, 2, 3, 1, 2]) == [3, 4])
        let sixtyFour = (UInt32(1)...64).map { $0 }
        #expect(reusedFrames(seeds: sixtyFour + [64]) == [64])
        #expect(reusedFrames(seeds: sixtyFour + [1]) == [64], "frame 0's key is the 64th key back")
        #expect(reusedFrames(seeds: sixtyFour + [65, 1]).isEmpty, "65 keys later the window has moved on")
    }

    /// A sink that only counts gets every finding, the extent of every frame and the end of every
    /// message (whole, abandoned or cut off by the end of the capture), without frame or message values.
    @Test func sinkThatOnlyCountsSeesEveryFrameAndMessageEnd() {
        struct CountingSink: WebSocketEventSink {
            var frameValues = 0, findings = 0, messageValues = 0
            var extents: [FrameExtent] = []
            var endedFrom: [Peer] = []
            var wantsFrames: Bool { false }
            var wantsMessages: Bool { false }
            mutating func frameEnded(_ frame: FrameExtent) { extents.append(frame) }
            mutating func receive(_ frame: DecodedFrame) { frameValues += 1 }
            mutating func receive(_ message: DecodedMessage) { messageValues += 1 }
            mutating func receive(_ finding: WebSocketFinding) { findings += 1 }
            mutating func messageEnded(from peer: Peer) { endedFrom.append(peer) }
        }
        let bytes: [(Peer, [UInt8])] = [
            (.client, FrameBuilder.client(1, "whole".bytes, seed: 1)),
            (.server, FrameBuilder.server(1, "first half".bytes, fin: false)),
            (.server, FrameBuilder.server(2, [1, 2, 3])),   // abandons the fragmented text message
            (.client, FrameBuilder.client(2, [9], fin: false, seed: 2)),   // never finished
        ]
        var session = WebSocketSession()
        var counting = CountingSink()
        var collected: [WebSocketEvent] = []
        var reference = WebSocketSession()
        for (peer, frame) in bytes {
            frame.withUnsafeBytes { session.consume($0, from: peer, into: &counting) }
            reference.consume(frame, from: peer, into: &collected)
        }
        session.finish(transport: .fin, into: &counting)
        reference.finish(transport: .fin, into: &collected)
        #expect(counting.messageValues == 0 && counting.frameValues == 0)
        #expect(counting.extents.map(\.index) == collected.frames.map(\.index))
        #expect(counting.extents.map(\.endOffset) == collected.frames.map(\.endOffset))
        #expect(counting.extents.map(\.payloadBytesSeen) == collected.frames.map { $0.endOffset - $0.payloadStartOffset - $0.missingPayloadBytes })
        #expect(counting.findings == collected.findings.count)
        #expect(counting.endedFrom == collected.messages.map(\.from))
        #expect(counting.endedFrom == [.client, .server, .server, .client])
        #expect(session.counts(for: .client) == reference.counts(for: .client))
        #expect(session.counts(for: .server) == reference.counts(for: .server))
    }
}
