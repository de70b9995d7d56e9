import Testing
import TLS
import WireBytes

/// Sessions no peer here produces on demand, sealed with swift-crypto: KeyUpdate, padding, records
/// lost in TLS 1.2, every supported TLS 1.2 suite, 0-RTT, and a suite wslens does not decrypt.
@Suite struct CraftedSessionTests {
    let clientRandom = [UInt8](repeating: 0x11, count: 32)
    let serverRandom = [UInt8](repeating: 0x22, count: 32)
    let master = [UInt8](0..<48)

    func tls12KeyLog() -> KeyLog {
        KeyLog(parsing: "CLIENT_RANDOM \(clientRandom.hexString) \(master.hexString)")
    }

    /// A TLS 1.2 session with `suite`, through both Finished messages; returns the session and the
    /// two directions' sealers.
    func tls12Session(_ suite: TLSCipherSuite, events: inout [TLSEvent]) -> (TLSSession, Crafted.Sealer, Crafted.Sealer) {
        let parameters = suite.parameters!
        let keys = TLS12KeyDerivation.keyBlock(masterSecret: master, clientRandom: clientRandom, serverRandom: serverRandom, parameters: parameters)
        var client = Crafted.Sealer(keys.client, parameters), server = Crafted.Sealer(keys.server, parameters)
        var session = TLSSession(configuration: .init(keyLog: tls12KeyLog()))
        session.consume(Crafted.clientHello(random: clientRandom, suites: [suite.rawValue], tls13: false), from: .client, into: &events)
        session.consume(Crafted.serverHello(random: serverRandom, suite: suite.rawValue, tls13: false)
                        + Crafted.record(.handshake, Crafted.handshake(14, [])), from: .server, into: &events)
        session.consume(Crafted.record(.handshake, Crafted.handshake(16, [0x00, 0x01, 0x42])) + Crafted.record(.changeCipherSpec, [1])
                        + client.seal(.handshake, Crafted.handshake(20, [UInt8](repeating: 7, count: 12))), from: .client, into: &events)
        session.consume(Crafted.record(.changeCipherSpec, [1]) + server.seal(.handshake, Crafted.handshake(20, [UInt8](repeating: 8, count: 12))),
                        from: .server, into: &events)
        return (session, client, server)
    }

    @Test(arguments: [0xc02f, 0xc030, 0xc02b, 0xc02c, 0x009c, 0x009d, 0x009e, 0x009f, 0xcca8, 0xcca9, 0xccaa] as [UInt16])
    func everySupportedTLS12SuiteDecrypts(id: UInt16) {
        var events: [TLSEvent] = []
        var (session, client, server) = tls12Session(TLSCipherSuite(rawValue: id), events: &events)
        session.consume(client.seal(.applicationData, Array("GET / HTTP/1.1\r\n\r\n".utf8)), from: .client, into: &events)
        session.consume(server.seal(.applicationData, Array("HTTP/1.1 101 ".utf8)) + server.seal(.alert, [1, 0]), from: .server, into: &events)
        #expect(events.findingIDs.isEmpty, "\(events.findingIDs)")
        #expect(events.plaintext(from: .client) == Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(events.plaintext(from: .server) == Array("HTTP/1.1 101 ".utf8))
        #expect(events.handshakeMessages.filter { $0.wasEncrypted }.map(\.type) == [.finished, .finished])
        #expect(events.alerts.map(\.alert) == [TLSAlert(level: 1, description: 0)])
    }

    @Test func aLostTLS12RecordLeavesAnExactPlaintextGapAndTheNextRecordDecrypts() {
        var events: [TLSEvent] = []
        var (session, client, _) = tls12Session(.ecdheRSAWithAES128GCMSHA256, events: &events)
        let first = client.seal(.applicationData, [UInt8](repeating: 0x61, count: 100))
        let lost = client.seal(.applicationData, [UInt8](repeating: 0x62, count: 200))
        let third = client.seal(.applicationData, [UInt8](repeating: 0x63, count: 300))
        session.consume(first + lost.prefix(40), from: .client, into: &events)
        session.gap(from: .client, length: 100, into: &events)
        session.consume(Array(lost.dropFirst(140)) + third, from: .client, into: &events)
        let gaps = events.compactMap { if case .plaintextGap(let gap) = $0 { return gap } else { return nil } }
        #expect(gaps.map(\.length) == [200])
        #expect(gaps.first?.isLengthExact == true)
        #expect(gaps.first?.plaintextOffset == 100)
        let chunks = events.compactMap { if case .applicationData(let chunk) = $0 { return chunk } else { return nil } }
        #expect(chunks.map(\.plaintextOffset) == [0, 300])
        #expect(chunks.last?.bytes == [UInt8](repeating: 0x63, count: 300))
        #expect(events.findingIDs == ["tls.record-bytes-missing"])
    }

    @Test func aGapAcrossRecordBoundariesIsBridgedAtTheNextHeader() {
        var events: [TLSEvent] = []
        var (session, client, server) = tls12Session(.ecdheRSAWithChaCha20Poly1305SHA256, events: &events)
        session.consume(client.seal(.applicationData, [1, 2, 3]), from: .client, into: &events)
        // Two whole records lost: their sequence numbers were never seen.
        let lost = client.seal(.applicationData, [9, 9, 9]) + client.seal(.applicationData, [8])
        session.gap(from: .client, length: UInt64(lost.count), into: &events)
        session.consume(client.seal(.applicationData, [4, 5, 6]), from: .client, into: &events)
        session.consume(server.seal(.applicationData, [7]), from: .server, into: &events)
        session.finish(into: &events)
        #expect(events.findingIDs == ["tls.framing-lost", "tls.framing-recovered"])
        #expect(events.plaintext(from: .client) == [1, 2, 3, 4, 5, 6])
        let gaps = events.compactMap { if case .plaintextGap(let gap) = $0 { return gap } else { return nil } }
        #expect(gaps.map(\.plaintextRange) == [3..<(3 + UInt64(lost.count))], "at most as long as the bytes lost")
        #expect(gaps.first?.isLengthExact == false)
        let last = events.records.last { $0.from == .client }
        if case .decrypted(_, _, let sequenceNumber, _, _) = last?.protection {
            #expect(sequenceNumber == 4, "Finished 0, data 1, two lost (2, 3), then 4: found by the tag")
        } else {
            Issue.record("the record after the gap was not decrypted: \(String(describing: last))")
        }
        #expect(session.stopReason(of: .client) == nil)
        #expect(session.counts(for: .client).unframedBytes == 0)
    }

    @Test func withoutAHeaderRightAfterTheGapTheDirectionsPlaintextEnds() {
        var events: [TLSEvent] = []
        var (session, client, server) = tls12Session(.ecdheRSAWithChaCha20Poly1305SHA256, events: &events)
        session.consume(client.seal(.applicationData, [1, 2, 3]), from: .client, into: &events)
        let next = client.seal(.applicationData, [4, 5, 6])
        session.gap(from: .client, length: 10, into: &events)   // the header and 5 bytes of the body
        session.consume(Array(next[10...]), from: .client, into: &events)
        session.consume(server.seal(.applicationData, [7]), from: .server, into: &events)
        session.finish(into: &events)
        #expect(events.findingIDs == ["tls.framing-lost"])
        #expect(events.contains(.plaintextEnded(from: .client, plaintextOffset: 3, reason: .framingLost)))
        #expect(events.plaintext(from: .client) == [1, 2, 3])
        #expect(events.plaintext(from: .server) == [7], "the other direction goes on")
        #expect(session.counts(for: .client).unframedBytes == UInt64(next.count - 10))
        #expect(session.stopReason(of: .client) == .framingLost)
    }

    @Test func aClientHelloCutByTheSnapshotLengthStillNamesItsSession() {
        let secret = [UInt8](repeating: 0x5c, count: 32)
        let parameters = TLSCipherSuite.tlsAES128GCMSHA256.parameters!
        let keyLog = KeyLog(parsing: ["CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"]
            .map { "\($0) \(clientRandom.hexString) \(secret.hexString)" }.joined(separator: "\n"))
        var session = TLSSession(configuration: .init(keyLog: keyLog))
        var events: [TLSEvent] = []
        let hello = Crafted.clientHello(random: clientRandom, suites: [0x1301], tls13: true)
        session.consume(Array(hello.prefix(60)), from: .client, into: &events)
        session.gap(from: .client, length: UInt64(hello.count - 60), into: &events)
        session.consume(Crafted.serverHello(random: serverRandom, suite: 0x1301, tls13: true), from: .server, into: &events)
        var client = Crafted.Sealer(TLSKeySchedule.trafficKeys(secret: secret, parameters: parameters), parameters)
        session.consume(client.seal(.applicationData, Array("hello".utf8)), from: .client, into: &events)
        #expect(session.clientHelloCut)
        #expect(session.clientHello?.random == clientRandom, "the random is in the first 43 bytes")
        #expect(session.clientHello?.isCutShort == true)
        #expect(session.clientHello?.serverName == nil)
        #expect(events.plaintext(from: .client) == Array("hello".utf8))
        #expect(events.findingIDs == ["tls.record-bytes-missing", "tls.secret-missing"])

        var tooShort = TLSSession(configuration: .init(keyLog: keyLog))
        var noRandom: [TLSEvent] = []
        tooShort.consume(Array(hello.prefix(30)), from: .client, into: &noRandom)
        tooShort.gap(from: .client, length: UInt64(hello.count - 30), into: &noRandom)
        tooShort.consume(Crafted.serverHello(random: serverRandom, suite: 0x1301, tls13: true), from: .server, into: &noRandom)
        #expect(tooShort.clientHello == nil, "cut inside the random")
        #expect(noRandom.findingIDs == ["tls.record-bytes-missing", "tls.handshake-not-captured"])
    }

    @Test func keyUpdateMovesToTheNextTrafficSecret() {
        // RFC 8448's handshake, then client application data under CLIENT_TRAFFIC_SECRET_0, a
        // KeyUpdate, and more data under the next secret ("traffic upd").
        var events: [TLSEvent] = []
        var session = Crafted.rfc8448Session(into: &events)
        var sealer0 = Crafted.rfc8448ClientSealer(), sealer1 = Crafted.rfc8448ClientSealer(generation: 1)
        let stream = sealer0.seal(.applicationData, Array("before".utf8)) + sealer0.seal(.handshake, Crafted.handshake(24, [0]))
            + sealer1.seal(.applicationData, Array(" after".utf8), padding: 12)
        for byte in stream { session.consume([byte], from: .client, into: &events) }
        #expect(events.findingIDs.isEmpty, "\(events.findingIDs)")
        #expect(events.plaintext(from: .client) == Array("before after".utf8))
        #expect(session.epoch(of: .client) == .application(generation: 1))
        let last = events.records.last { $0.from == .client }
        #expect(last?.protection == .decrypted(contentType: .applicationData, epoch: .application(generation: 1), sequenceNumber: 0,
                                               plaintextLength: 6, paddingLength: 12))
    }

    @Test func aKeyUpdateInTheLostBytesStopsDecryptionAndSaysWhy() {
        var events: [TLSEvent] = []
        var session = Crafted.rfc8448Session(into: &events)
        var sealer0 = Crafted.rfc8448ClientSealer(), sealer1 = Crafted.rfc8448ClientSealer(generation: 1)
        session.consume(sealer0.seal(.applicationData, Array("before".utf8)), from: .client, into: &events)
        let lost = sealer0.seal(.handshake, Crafted.handshake(24, [0]))
        session.gap(from: .client, length: UInt64(lost.count), into: &events)
        session.consume(sealer1.seal(.applicationData, Array(" after".utf8)), from: .client, into: &events)
        #expect(events.findingIDs == ["tls.framing-lost", "tls.framing-recovered", "tls.authentication-failed"])
        let message = events.compactMap { if case .finding(let finding) = $0 { return finding.finding.message } else { return nil } }.last
        #expect(message?.contains("none of the 2 sequence numbers tried") == true, "\(message ?? "")")
        #expect(events.plaintext(from: .client) == Array("before".utf8))
        #expect(session.stopReason(of: .client) == .authenticationFailed)
    }

    @Test func innerContentTypesAreJudgedAfterDecryption() {
        var events: [TLSEvent] = []
        var session = Crafted.rfc8448Session(into: &events)
        var sealer = Crafted.rfc8448ClientSealer()
        session.consume(sealer.seal(TLSContentType(rawValue: 99), [1, 2, 3]) + sealer.seal(.alert, [2, 20]), from: .client, into: &events)
        #expect(events.findingIDs == ["tls.unknown-content-type", "tls.fatal-alert"])
        #expect(events.alerts.last?.alert?.name == "bad_record_mac")
        #expect(events.alerts.last?.wasEncrypted == true)
    }

    @Test func afterAHelloRetryRequestTheSecondServerHelloSetsTheKeys() throws {
        let parameters = TLSCipherSuite.tlsChaCha20Poly1305SHA256.parameters!
        let secret = [UInt8](repeating: 0x33, count: 32)
        let keyLog = KeyLog(parsing: ["CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"]
            .map { "\($0) \(clientRandom.hexString) \(secret.hexString)" }.joined(separator: "\n"))
        var session = TLSSession(configuration: .init(keyLog: keyLog))
        var events: [TLSEvent] = []
        let hello = Crafted.clientHello(random: clientRandom, suites: [0x1303], tls13: true)
        let retry = Crafted.record(.handshake, Crafted.handshake(2, [0x03, 0x03] + TLSServerHello.helloRetryRequestRandom
            + [0x00, 0x13, 0x03, 0x00] + Crafted.extensionBlock([(43, [0x03, 0x04]), (51, [0x00, 0x17])])))
        session.consume(hello, from: .client, into: &events)
        session.consume(retry + Crafted.record(.changeCipherSpec, [1]), from: .server, into: &events)
        session.consume(Crafted.record(.changeCipherSpec, [1]) + hello, from: .client, into: &events)
        #expect(session.version == nil, "a HelloRetryRequest fixes nothing yet")
        session.consume(Crafted.serverHello(random: serverRandom, suite: 0x1303, tls13: true), from: .server, into: &events)
        var client = Crafted.Sealer(TLSKeySchedule.trafficKeys(secret: secret, parameters: parameters), parameters)
        session.consume(client.seal(.applicationData, Array("hello".utf8)), from: .client, into: &events)
        #expect(try #require(session.helloRetryRequest).keyShareGroup == .secp256r1)
        #expect(session.retriedClientHello != nil)
        #expect(session.version == .tls1_3)
        #expect(events.plaintext(from: .client) == Array("hello".utf8))
        #expect(events.findingIDs == ["tls.secret-missing"], "only the handshake secrets are missing")
        let serverHellos = events.compactMap { if case .serverHello(let hello, _) = $0 { return hello.isHelloRetryRequest } else { return nil } }
        #expect(serverHellos == [true, false])
    }

    /// A 0-RTT session (SHA-256 suites, 32-byte secrets, one per label): the client offers AES-128-GCM
    /// and ChaCha20-Poly1305 and seals its early data with the second, as a resumed ChaCha20 session would.
    struct EarlyDataSession {
        static let labels = ["CLIENT_EARLY_TRAFFIC_SECRET", "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                             "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"]
        let parameters = TLSCipherSuite(rawValue: 0x1303).parameters!
        var session: TLSSession
        var events: [TLSEvent] = []
        var early, clientHandshake, serverHandshake, clientApplication: Crafted.Sealer

        /// - Parameter sealingEarlyWith: the label whose secret the client seals its early data with
        ///   (another label's: a key log whose early secret opens nothing).
        init(clientRandom: [UInt8], serverRandom: [UInt8], labels: [String] = Self.labels,
             sealingEarlyWith earlyLabel: String = "CLIENT_EARLY_TRAFFIC_SECRET") {
            func secret(_ label: String) -> [UInt8] { [UInt8](repeating: UInt8(Self.labels.firstIndex(of: label)! + 0x41), count: 32) }
            let random = clientRandom.hexString
            session = TLSSession(configuration: .init(keyLog: KeyLog(parsing: labels.map { "\($0) \(random) \(secret($0).hexString)" }.joined(separator: "\n"))))
            let parameters = self.parameters
            func sealer(_ label: String) -> Crafted.Sealer {
                Crafted.Sealer(TLSKeySchedule.trafficKeys(secret: secret(label), parameters: parameters), parameters)
            }
            early = sealer(earlyLabel)
            clientHandshake = sealer("CLIENT_HANDSHAKE_TRAFFIC_SECRET")
            serverHandshake = sealer("SERVER_HANDSHAKE_TRAFFIC_SECRET")
            clientApplication = sealer("CLIENT_TRAFFIC_SECRET_0")
            session.consume(Crafted.clientHello(random: clientRandom, suites: [0x1301, 0x1303], tls13: true, earlyData: true)
                            + Crafted.record(.changeCipherSpec, [1]) + early.seal(.applicationData, Array("GET /chat HTTP/1.1\r\n".utf8)),
                            from: .client, into: &events)
            session.consume(Crafted.serverHello(random: serverRandom, suite: 0x1303, tls13: true), from: .server, into: &events)
        }

        /// The server's EncryptedExtensions (with or without early_data) and Finished.
        mutating func serverFlight(acceptsEarlyData: Bool) {
            let extensions = Crafted.extensionBlock(acceptsEarlyData ? [(42, [])] : [])
            session.consume(serverHandshake.seal(.handshake, Crafted.handshake(8, extensions))
                            + serverHandshake.seal(.handshake, Crafted.handshake(20, [UInt8](repeating: 9, count: 32))), from: .server, into: &events)
        }

        /// The client's Finished and a request under its application secret.
        mutating func clientFinishedAndData() {
            session.consume(clientHandshake.seal(.handshake, Crafted.handshake(20, [UInt8](repeating: 7, count: 32)))
                            + clientApplication.seal(.applicationData, Array("Host: x\r\n\r\n".utf8)), from: .client, into: &events)
        }

        var clientEpochs: [TLSKeyEpoch?] {
            events.records.filter { $0.from == .client }.map {
                if case .decrypted(_, let epoch, _, _, _) = $0.protection { return epoch } else { return nil }
            }
        }
    }

    @Test func earlyDataIsDecryptedWithTheOfferedSuiteItsTagVerifiesWith() {
        var early = EarlyDataSession(clientRandom: clientRandom, serverRandom: serverRandom)
        early.serverFlight(acceptsEarlyData: true)
        early.session.consume(early.early.seal(.handshake, Crafted.handshake(5, [])), from: .client, into: &early.events)
        early.clientFinishedAndData()
        #expect(early.events.plaintext(from: .client) == Array("GET /chat HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(early.clientEpochs == [nil, nil, .early, .early, .handshake, .application(generation: 0)],
                "ClientHello, ChangeCipherSpec, early data, EndOfEarlyData, Finished, application data")
        #expect(early.events.findingIDs == ["tls.early-data"])
        let finding = early.events.compactMap { if case .finding(let finding) = $0 { return finding } else { return nil } }.first
        #expect(finding?.finding.message.contains("TLS_CHACHA20_POLY1305_SHA256") == true, "named by the suite whose tag verified")
        #expect(early.session.counts(for: .client).earlyDataBytes == 20)
        #expect(early.session.encryptedExtensions?.acceptsEarlyData == true)
    }

    @Test func earlyDataTheServerRefusesIsSaidToBeRefusedAndTheHandshakeGoesOn() {
        var early = EarlyDataSession(clientRandom: clientRandom, serverRandom: serverRandom)
        early.serverFlight(acceptsEarlyData: false)
        early.clientFinishedAndData()   // no EndOfEarlyData after a refusal (RFC 8446 4.5)
        #expect(early.clientEpochs == [nil, nil, .early, .handshake, .application(generation: 0)])
        #expect(early.events.findingIDs == ["tls.early-data", "tls.early-data-rejected"])
        let rejected = early.events.compactMap { if case .finding(let finding) = $0, finding.finding.rule.id == "tls.early-data-rejected" { return finding } else { return nil } }
        #expect(rejected.first?.from == .server, "said where the server's EncryptedExtensions is")
    }

    @Test func earlyDataWithoutItsSecretIsReportedNotDecrypted() {
        var early = EarlyDataSession(clientRandom: clientRandom, serverRandom: serverRandom,
                                     labels: Array(EarlyDataSession.labels.dropFirst()))
        early.serverFlight(acceptsEarlyData: true)
        early.session.consume(early.early.seal(.handshake, Crafted.handshake(5, [])), from: .client, into: &early.events)
        early.clientFinishedAndData()
        #expect(early.events.findingIDs == ["tls.early-data-not-decrypted"])
        let clientRecords = early.events.records.filter { $0.from == .client }
        #expect(clientRecords[2].protection == .notDecrypted(.secretMissing(.clientEarlyTrafficSecret)))
        #expect(clientRecords[3].protection == .notDecrypted(.earlyData), "the EndOfEarlyData, under the early key too")
        #expect(early.events.plaintext(from: .client) == Array("Host: x\r\n\r\n".utf8), "the handshake and application epochs still open")
    }

    @Test func anUnsupportedSuiteIsNamedAndNotDecrypted() {
        var session = TLSSession(configuration: .init(keyLog: tls12KeyLog()))
        var events: [TLSEvent] = []
        session.consume(Crafted.clientHello(random: clientRandom, suites: [0xc013, 0xc02f], tls13: false), from: .client, into: &events)
        session.consume(Crafted.serverHello(random: serverRandom, suite: 0xc013, tls13: false), from: .server, into: &events)
        session.consume(Crafted.record(.changeCipherSpec, [1]) + Crafted.record(.handshake, [UInt8](repeating: 0x5a, count: 64))
                        + Crafted.record(.applicationData, [UInt8](repeating: 0x5b, count: 80)), from: .client, into: &events)
        #expect(events.findingIDs == ["tls.unsupported-cipher-suite"])
        #expect(session.keyStatus == .unsupportedCipherSuite(TLSCipherSuite(rawValue: 0xc013)))
        #expect(session.cipherSuite?.name == "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")
        let protected = events.records.filter { $0.from == .client && $0.index > 1 }
        #expect(protected.map(\.protection) == [.notDecrypted(.unsupportedCipherSuite(TLSCipherSuite(rawValue: 0xc013))),
                                                 .notDecrypted(.unsupportedCipherSuite(TLSCipherSuite(rawValue: 0xc013)))])
        #expect(events.handshakeMessages.filter { $0.from == .client }.map(\.type) == [.clientHello], "encrypted bytes are never parsed as a handshake")
    }

    @Test func aServerThatRefusesWithAPlainAlertIsNotMistakenForAMidStreamCapture() {
        var session = TLSSession()
        var events: [TLSEvent] = []
        session.consume(Crafted.clientHello(random: clientRandom, suites: [0x1301], tls13: true), from: .client, into: &events)
        session.consume(Crafted.record(.alert, [2, 40]), from: .server, into: &events)
        #expect(events.alerts.map(\.alert) == [TLSAlert(level: 2, description: 40)])
        #expect(events.findingIDs == ["tls.fatal-alert"])
        #expect(session.keyStatus == .awaitingHandshake)
    }
}
