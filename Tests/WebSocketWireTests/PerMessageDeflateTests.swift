import Testing
import WebSocketWire
import WireBytes

@Suite struct PerMessageDeflateTests {
    static let deflate = WebSocketSession.Configuration(deflate: PerMessageDeflateParameters())

    /// RFC 7692 7.2.3: every example, each in a fresh connection (the 7.2.3.2 vector carries its
    /// own first message), in every split.
    @Test func everyRFC7692Vector() throws {
        let vectors = try WireVectors.load()
        for vector in vectors.deflate {
            let (events, _) = SessionHarness.runAllSplits(vector.frames.map { .server($0) },
                                                          configuration: Self.deflate, finish: nil)
            #expect(events.messages.map(\.text) == vector.messages.map(Optional.some), "\(vector.source)")
            #expect(events.messages.allSatisfy { $0.isCompressed && $0.isComplete }, "\(vector.source)")
            #expect(events.findings.isEmpty, "\(vector.source): \(events.ruleIDs)")
        }
    }

    @Test func fragmentedCompressedMessageWithPingBetween() throws {
        let (events, _) = SessionHarness.runAllSplits([
            .server(Hex.decode("4103f248cd")!),
            .server(FrameBuilder.server(9, [])),
            .server(Hex.decode("8004c9c90700")!),
        ], configuration: Self.deflate, finish: nil)
        let message = try #require(events.messages.first)
        #expect(message.text == "Hello")
        #expect(message.isCompressed && message.wireLength == 7 && message.length == 5)
        #expect(message.frameIndices == [0, 2])
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
    }

    /// The client compresses too (masked frames); context is kept across its messages.
    @Test func clientMessagesWithContextTakeover() {
        let deflater = TestDeflater()
        let texts = ["Hello, hello, hello WebSocket", "Hello, hello, hello WebSocket again", "Hello"]
        let script: [ScriptStep] = texts.enumerated().map { index, text in
            .client(FrameBuilder.client(1, deflater.compressMessage(text.bytes), rsv: 4, seed: UInt32(index + 1)))
        }
        let (events, _) = SessionHarness.runAllSplits(script, configuration: Self.deflate, finish: nil)
        #expect(events.messages.map(\.text) == texts.map(Optional.some))
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
    }

    /// With server_no_context_takeover the receiver resets per message: fine when the server reset
    /// too, an inflate error when it (wrongly) kept context.
    @Test func noContextTakeoverResetsPerMessage() {
        var configuration = Self.deflate
        configuration.deflate?.serverNoContextTakeover = true
        let repeated = String(repeating: "context takeover ", count: 20)
        let resetting = TestDeflater()
        let good: [ScriptStep] = (0..<3).map { _ in
            .server(FrameBuilder.server(1, resetting.compressMessage(repeated.bytes, resetAfter: true), rsv: 4))
        }
        let (goodEvents, _) = SessionHarness.runAllSplits(good, configuration: configuration, finish: nil)
        #expect(goodEvents.messages.map(\.text) == Array(repeating: repeated, count: 3))
        #expect(goodEvents.findings.isEmpty)

        // The RFC's 7.2.3.2 second message refers back to the first: it cannot inflate after a reset.
        let (badEvents, _) = SessionHarness.runAllSplits([
            .server(Hex.decode("c107f248cdc9c90700")!), .server(Hex.decode("c105f200110000")!),
        ], configuration: configuration, finish: nil)
        #expect(badEvents.messages.map(\.text) == ["Hello", nil])
        #expect(badEvents.messages.last?.inflateFailed == true)
        #expect(badEvents.ruleIDs == ["ws.inflate-error"])
    }

    /// client_no_context_takeover applies to client messages only; server messages keep context.
    @Test func contextTakeoverIsPerDirection() {
        var configuration = Self.deflate
        configuration.deflate?.clientNoContextTakeover = true
        let (events, _) = SessionHarness.runAllSplits([
            .server(Hex.decode("c107f248cdc9c90700")!), .server(Hex.decode("c105f200110000")!),
        ], configuration: configuration, finish: nil)
        #expect(events.messages.map(\.text) == ["Hello", "Hello"])
    }

    /// A message ended by a final block (BFINAL): the next message starts a new DEFLATE stream,
    /// but with context takeover it may still refer to the earlier text, so the window is kept.
    @Test func finalBlockKeepsTheWindowForTheNextMessage() {
        let first = "Hello, final block"
        let finished = TestDeflater().compressFinal(first.bytes)
        let next = TestDeflater()
        next.setDictionary(first.bytes)
        let second = next.compressMessage("Hello, final block again".bytes)
        let (events, _) = SessionHarness.runAllSplits([
            .server(FrameBuilder.server(1, finished, rsv: 4)),
            .server(FrameBuilder.server(1, second, rsv: 4)),
        ], configuration: Self.deflate, finish: nil)
        #expect(events.messages.map(\.text) == [first, "Hello, final block again"])
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
        // The second message really depends on the first: alone, it does not inflate.
        let (alone, _) = SessionHarness.run([.server(FrameBuilder.server(1, second, rsv: 4))], configuration: Self.deflate,
                                            finish: nil)
        #expect(alone.ruleIDs == ["ws.inflate-error"])
    }

    @Test func emptyCompressedMessage() {
        let deflater = TestDeflater()
        let empty = deflater.compressMessage([])
        #expect(empty == [0x00])
        let (events, _) = SessionHarness.runAllSplits([
            .server(FrameBuilder.server(1, empty, rsv: 4)),
            .server(FrameBuilder.server(1, [], rsv: 4)),
        ], configuration: Self.deflate, finish: nil)
        #expect(events.messages.map(\.text) == ["", ""])
        #expect(events.findings.isEmpty, "\(events.ruleIDs)")
    }

    @Test func uncompressedMessageInADeflateConnection() {
        let (events, _) = SessionHarness.runAllSplits([
            .server(Hex.decode("c107f248cdc9c90700")!),
            .server(Hex.decode("810548656c6c6f")!),
            .server(Hex.decode("c105f200110000")!),
        ], configuration: Self.deflate, finish: nil)
        #expect(events.messages.map(\.text) == ["Hello", "Hello", "Hello"])
        #expect(events.messages.map(\.isCompressed) == [true, false, true])
    }

    /// A zip bomb: 20 MiB of zeros compress to about 20 KiB; the cap stops inflation at 1 MiB.
    @Test func inflatedSizeCapStopsAZipBomb() throws {
        let zeros = [UInt8](repeating: 0, count: 20 << 20)
        let bomb = TestDeflater(level: 9).compressMessage(zeros)
        #expect(bomb.count < 64 * 1024)
        var configuration = Self.deflate
        configuration.maxInflatedMessageSize = 1 << 20
        let (events, _) = SessionHarness.run([
            .server(FrameBuilder.server(2, bomb, rsv: 4)),
            .server(Hex.decode("c107f248cdc9c90700")!),
        ], configuration: configuration, finish: nil)
        let message = try #require(events.messages.first)
        #expect(message.length == 1 << 20)
        #expect(message.inflateFailed && !message.isComplete && message.isDataTruncated)
        #expect(events.ruleIDs == ["ws.inflated-message-too-large"])
        // With context takeover the window is no longer known; the next message repeats nothing
        // from it (literal "Hello"), so both stand-ins for the window give the same text.
        #expect(events.messages.last?.text == "Hello")
    }

    /// After an inflate error with context takeover the window is unknown: a later message is
    /// inflated only when it refers to nothing before it (two different stand-ins for the window
    /// give the same text), never with a guess.
    @Test func afterAnInflateErrorOnlyMessagesThatReferToNothingLostAreInflated() {
        let (events, _) = SessionHarness.runAllSplits([
            .server(FrameBuilder.server(1, [0xff, 0xff, 0xff, 0xff], rsv: 4)),
            .server(Hex.decode("c105f200110000")!),      // "Hello" by reference to the lost window
            .server(Hex.decode("c107f248cdc9c90700")!),  // "Hello", literal
            .server(Hex.decode("c105f200110000")!),      // by reference to the literal one: known
            .client(FrameBuilder.client(1, [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00], rsv: 4, seed: 1)),
        ], configuration: Self.deflate, finish: nil)
        #expect(events.ruleIDs == ["ws.inflate-error", "ws.inflate-needs-missing-bytes"])
        #expect(events.messages.map(\.inflateFailed) == [true, true, false, false, false])
        #expect(events.messages.map(\.refersToMissingBytes) == [false, true, false, false, false])
        #expect(events.messages.map(\.text) == [nil, nil, "Hello", "Hello", "Hello"], "the other direction has its own inflater")
    }

    @Test func inflateErrorRecoversAtTheNextMessageWithoutContextTakeover() {
        var configuration = Self.deflate
        configuration.deflate?.serverNoContextTakeover = true
        let (events, _) = SessionHarness.runAllSplits([
            .server(FrameBuilder.server(1, [0xff, 0xff, 0xff, 0xff], rsv: 4)),
            .server(Hex.decode("c107f248cdc9c90700")!),
        ], configuration: configuration, finish: nil)
        #expect(events.ruleIDs == ["ws.inflate-error"])
        #expect(events.messages.last?.text == "Hello")
    }

    /// Without the handshake, permessage-deflate is inferred from RSV1 (and said so); a message
    /// that refers to compressed messages from before the capture is not inflated, one that refers
    /// only to what the capture holds is.
    @Test func withoutHandshakeRSV1IsTriedAndMissingContextReported() {
        let configuration = WebSocketSession.Configuration(handshakeSeen: false)
        let (events, _) = SessionHarness.runAllSplits([
            .server(Hex.decode("c105f200110000")!),
            .server(Hex.decode("c107f248cdc9c90700")!),
            .server(Hex.decode("c105f200110000")!),
        ], configuration: configuration, finish: nil)
        #expect(events.ruleIDs == ["ws.deflate-inferred", "ws.deflate-context-before-capture"])
        #expect(events.messages.map(\.text) == [nil, "Hello", "Hello"])
        #expect(events.messages.map(\.refersToMissingBytes) == [true, false, false])
    }

    /// The crux of inflating after a gap: zlib does not fail on a reference into a window it never
    /// saw, it returns wrong text. With a stand-in window of zeros "Hello" by reference would come
    /// out as five NUL bytes; wslens must say it cannot inflate, not print them.
    @Test func aReferenceIntoALostWindowIsNeverGuessed() {
        let (events, _) = SessionHarness.runAllSplits([
            .server(Array(Hex.decode("c107f248cdc9c90700")!.prefix(5))),
            .gap(.server, 4),
            .server(Hex.decode("c105f200110000")!),
        ], configuration: Self.deflate, finish: nil)
        #expect(events.messages.count == 2)
        #expect(events.messages[0].isComplete == false && events.messages[0].missingBytes == 4)
        #expect(events.messages[1].refersToMissingBytes && events.messages[1].text == nil && events.messages[1].data.isEmpty)
        #expect(events.ruleIDs == ["ws.payload-bytes-missing", "ws.inflate-needs-missing-bytes"])
    }

    @Test func parametersFromAnAcceptedExtension() {
        let (good, goodFindings) = PerMessageDeflateParameters.fromAcceptedExtension(parameters: [
            ("server_no_context_takeover", nil), ("client_max_window_bits", "\"10\""), ("Server_Max_Window_Bits", "12"),
        ])
        #expect(goodFindings.isEmpty)
        #expect(good.serverNoContextTakeover && !good.clientNoContextTakeover)
        #expect(good.clientMaxWindowBits == 10 && good.serverMaxWindowBits == 12)
        #expect(good.resetsContextAfterEachMessage(sentBy: .server) && !good.resetsContextAfterEachMessage(sentBy: .client))
        #expect(good.windowBits(sentBy: .client) == 10)

        let (bad, badFindings) = PerMessageDeflateParameters.fromAcceptedExtension(parameters: [
            ("server_max_window_bits", "16"), ("client_max_window_bits", nil), ("client_no_context_takeover", "yes"),
            ("client_no_context_takeover", nil), ("mystery", "1"), ("server_max_window_bits", "08"),
        ])
        #expect(badFindings.count == 6, "16, missing value, value on a flag, two repeats, unknown")
        #expect(badFindings.allSatisfy { $0.rule.id == "ws.deflate-parameter-invalid" })
        #expect(bad.serverMaxWindowBits == nil && bad.clientNoContextTakeover)
    }
}
