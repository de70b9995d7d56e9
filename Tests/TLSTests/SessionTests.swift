import Testing
import TLS
import WireBytes

/// A whole TLS 1.3 connection through `TLSSession`: RFC 8448 section 3, with every key, with the
/// application secrets only, with wrong keys, and without keys.
@Suite struct SessionTests {
    let payload = Fixture.rfc8448("application_data_payload")

    @Test(arguments: [Int.max, 1, 7, 100])
    func withEverySecretTheWholeConversationDecrypts(chunk: Int) {
        let (session, events) = RFC8448Conversation.run(keyLog: Fixture.rfc8448KeyLog(Fixture.rfc8448AllSecrets), chunk: chunk)
        #expect(events.findingIDs.isEmpty, "\(events.findingIDs)")
        #expect(events.plaintext(from: .client) == payload)
        #expect(events.plaintext(from: .server) == payload)
        #expect(session.version == .tls1_3)
        #expect(session.cipherSuite == .tlsAES128GCMSHA256)
        #expect(session.clientHello?.serverName == "server")
        #expect(session.keyStatus == .available(handshake: true, application: true))
        #expect(session.encryptedExtensions != nil, "the server's EncryptedExtensions were decrypted and parsed")
        #expect(session.epoch(of: .client) == .application(generation: 0))

        let server = events.handshakeMessages.filter { $0.from == .server }
        #expect(server.map(\.type) == [.serverHello, .encryptedExtensions, .certificate, .certificateVerify, .finished, .newSessionTicket])
        #expect(server.map(\.wasEncrypted) == [false, true, true, true, true, true])
        #expect(events.handshakeMessages.filter { $0.from == .client }.map(\.type) == [.clientHello, .finished])
        #expect(events.alerts.map(\.alert) == [TLSAlert(level: 1, description: 0), TLSAlert(level: 1, description: 0)])

        // Records: epochs and sequence numbers as the RFC's key schedule has them.
        let epochs = events.records.map { record -> String in
            switch record.protection {
            case .plaintext: return "\(record.from.rawValue) clear"
            case .decrypted(let type, let epoch, let number, _, _): return "\(record.from.rawValue) \(epoch) #\(number) \(type.name)"
            case .notDecrypted(let reason): return "\(record.from.rawValue) not decrypted: \(reason)"
            }
        }
        #expect(epochs == [
            "client clear", "server clear", "server handshake #0 handshake", "client handshake #0 handshake",
            "server application #0 handshake", "client application #0 application_data", "server application #1 application_data",
            "client application #1 alert", "server application #2 alert",
        ])
    }

    @Test func plaintextChunksPointAtTheirCiphertext() {
        let (_, events) = RFC8448Conversation.run(keyLog: Fixture.rfc8448KeyLog(Fixture.rfc8448AllSecrets))
        let chunks = events.compactMap { if case .applicationData(let chunk) = $0 { return chunk } else { return nil } }
        #expect(chunks.count == 2)
        let client = chunks[0]
        // The client's stream: ClientHello (201 bytes), Finished (58), then this record.
        #expect(client.recordRange == 259..<331)
        #expect(client.ciphertextRange == 264..<314, "50 ciphertext bytes right after the header, then type byte and tag")
        #expect(client.plaintextRange == 0..<50)
        let stream = RFC8448Conversation.stream(of: .client)
        var index = TLSPlaintextIndex()
        index.record(client)
        #expect(index.ciphertextOffset(of: 10) == 274)
        #expect(index.pieces(covering: 5..<8).map(\.ciphertextRange) == [269..<272])
        #expect(stream[Int(client.recordRange.lowerBound)] == 0x17)
    }

    @Test func withApplicationSecretsOnlyTheDataStillDecrypts() {
        let keyLog = Fixture.rfc8448KeyLog([.clientTrafficSecret0: "client_application_traffic_secret",
                                            .serverTrafficSecret0: "server_application_traffic_secret"])
        let (session, events) = RFC8448Conversation.run(keyLog: keyLog)
        #expect(events.plaintext(from: .client) == payload)
        #expect(events.plaintext(from: .server) == payload)
        #expect(events.findingIDs == ["tls.secret-missing"])
        #expect(session.keyStatus == .available(handshake: false, application: true))
        #expect(session.encryptedExtensions == nil, "the encrypted handshake cannot be read")
        let handshakeRecord = events.records.first { $0.from == .server && $0.index == 1 }
        #expect(handshakeRecord?.protection == .notDecrypted(.secretMissing(.serverHandshakeTrafficSecret)))
    }

    @Test func wrongSecretsStopDecryptionWithATagFailure() {
        var wrong = Fixture.rfc8448AllSecrets
        wrong[.clientHandshakeTrafficSecret] = "server_handshake_traffic_secret"   // 32 bytes, but not the client's
        let (session, events) = RFC8448Conversation.run(keyLog: Fixture.rfc8448KeyLog(wrong))
        #expect(events.findingIDs == ["tls.authentication-failed"])
        #expect(events.plaintext(from: .client).isEmpty)
        #expect(events.plaintext(from: .server) == payload, "the server's direction has the right keys")
        #expect(session.stopReason(of: .client) == .authenticationFailed)
        #expect(events.contains(.plaintextEnded(from: .client, plaintextOffset: 0, reason: .authenticationFailed)))
        let later = events.records.filter { $0.from == .client && $0.index > 1 }
        #expect(later.allSatisfy { $0.protection == .notDecrypted(.stopped) })
    }

    @Test func wrongApplicationSecretWithoutHandshakeSecretsIsReportedAfterTheTrials() {
        let keyLog = Fixture.rfc8448KeyLog([.clientTrafficSecret0: "server_application_traffic_secret",
                                            .serverTrafficSecret0: "server_application_traffic_secret"])
        var session = TLSSession(configuration: .init(keyLog: keyLog, trialRecordLimit: 2))
        var events: [TLSEvent] = []
        for (peer, name) in RFC8448Conversation.steps { session.consume(Fixture.rfc8448(name), from: peer, into: &events) }
        #expect(events.plaintext(from: .client).isEmpty)
        #expect(events.findingIDs.contains("tls.authentication-failed"))
        #expect(session.stopReason(of: .client) == .authenticationFailed)
    }

    @Test func withoutAKeyLogTheHandshakeIsReadAndNothingIsDecrypted() {
        let (session, events) = RFC8448Conversation.run(keyLog: nil)
        #expect(events.findingIDs == ["tls.no-key-log"])
        #expect(session.keyStatus == .noKeyLog)
        #expect(session.version == .tls1_3)
        #expect(session.clientHello?.serverName == "server")
        #expect(events.plaintext(from: .client).isEmpty && events.plaintext(from: .server).isEmpty)
        let protected = events.records.filter { $0.header.contentType == .applicationData }
        #expect(protected.count == 7)
        #expect(protected.allSatisfy { $0.protection == .notDecrypted(.noKeyLog) })
    }

    @Test func aKeyLogForOtherSessionsSaysSo() {
        let other = KeyLog(parsing: "CLIENT_TRAFFIC_SECRET_0 \(String(repeating: "00", count: 32)) \(String(repeating: "11", count: 32))")
        let (session, events) = RFC8448Conversation.run(keyLog: other)
        #expect(events.findingIDs == ["tls.no-keys-for-session"])
        #expect(session.keyStatus == .noSecretsForSession)
    }

    @Test func secretsOfTheWrongLengthAreNotUsed() {
        let random = Fixture.rfc8448("client_random").hexString
        let keyLog = KeyLog(parsing: ["CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"]
            .map { "\($0) \(random) \(String(repeating: "ab", count: 48))" }.joined(separator: "\n"))
        let (_, events) = RFC8448Conversation.run(keyLog: keyLog)
        #expect(events.findingIDs.filter { $0 == "tls.secret-length-mismatch" }.count == 2)
        #expect(events.plaintext(from: .client).isEmpty)
    }

    @Test func bytesMissingInsideARecordLoseOnlyThatRecord() {
        var session = TLSSession(configuration: .init(keyLog: Fixture.rfc8448KeyLog(Fixture.rfc8448AllSecrets)))
        var events: [TLSEvent] = []
        for (peer, name) in RFC8448Conversation.steps {
            let bytes = Fixture.rfc8448(name)
            if name == "server_application_data_record" {
                // 30 bytes of the body never made it into the capture.
                session.consume(Array(bytes.prefix(20)), from: peer, into: &events)
                session.gap(from: peer, length: 30, into: &events)
                session.consume(Array(bytes.suffix(from: 50)), from: peer, into: &events)
            } else {
                session.consume(bytes, from: peer, into: &events)
            }
        }
        session.finish(into: &events)
        #expect(events.findingIDs == ["tls.record-bytes-missing"])
        #expect(events.plaintext(from: .server).isEmpty)
        let gaps = events.compactMap { if case .plaintextGap(let gap) = $0 { return gap } else { return nil } }
        #expect(gaps.map(\.length) == [50], "67 body bytes minus the tag and the content type byte")
        #expect(gaps.first?.isLengthExact == false)
        // The alert after it opens with sequence number 2: the lost record's number was skipped.
        #expect(events.alerts.filter { $0.from == .server }.map(\.alert) == [TLSAlert(level: 1, description: 0)])
        #expect(session.plaintextLength(of: .server) == 50)
    }

    @Test func aCaptureThatBeginsAfterTheHandshakeSaysSo() {
        var session = TLSSession(configuration: .init(keyLog: Fixture.rfc8448KeyLog(Fixture.rfc8448AllSecrets)))
        var events: [TLSEvent] = []
        session.consume(Fixture.rfc8448("client_application_data_record"), from: .client, into: &events)
        session.consume(Fixture.rfc8448("server_application_data_record"), from: .server, into: &events)
        #expect(events.findingIDs == ["tls.handshake-not-captured"])
        #expect(events.records.allSatisfy { $0.protection == .notDecrypted(.handshakeNotCaptured) })
    }

    @Test func aRecordCutOffByTheEndOfTheCaptureIsReported() {
        var session = TLSSession()
        var events: [TLSEvent] = []
        session.consume(Array(Fixture.rfc8448("client_hello_record").prefix(120)), from: .client, into: &events)
        session.finish(into: &events)
        #expect(events.findingIDs == ["tls.record-incomplete-at-end"])
        session.finish(into: &events)
        #expect(events.findingIDs.count == 1, "finish reports once")
    }
}
