import Localization
import Teaching
import Testing
import TLS
import WireBytes

/// Every TLS finding keyed in the string catalog, raised by the session it is about (crafted
/// records, RFC 8448's session with wrong or short secrets, records sealed with swift-crypto):
/// its English is the decoder's message, its German differs.
@Suite struct FindingWordsTests {
    static let english = Style(language: .en)
    static let german = Style(language: .de)
    let random = [UInt8](repeating: 1, count: 32)

    /// Findings of one session fed `steps` (peer, bytes), finished at the end.
    static func findings(_ steps: [(Peer, [UInt8])]) -> [Finding] { findings(.init(), steps) }

    static func findings(_ configuration: TLSSession.Configuration, _ steps: [(Peer, [UInt8])]) -> [Finding] {
        var session = TLSSession(configuration: configuration)
        var events: [TLSEvent] = []
        for (peer, bytes) in steps { session.consume(bytes, from: peer, into: &events) }
        session.finish(into: &events)
        return events.compactMap { if case .finding(let finding) = $0 { return finding.finding } else { return nil } }
    }

    /// RFC 8448's session through the server's NewSessionTicket, then `client` from the client.
    static func rfc8448(keyLog: KeyLog = Fixture.rfc8448KeyLog(Fixture.rfc8448AllSecrets), then client: [UInt8]) -> [Finding] {
        findings(.init(keyLog: keyLog), RFC8448Conversation.steps.prefix(5).map { ($0.0, Fixture.rfc8448($0.1)) } + [(.client, client)])
    }


    func recordLayer() -> [Finding] {
        let hello13 = Crafted.clientHello(random: random, suites: [0x1301], tls13: true)
        let hello12 = Crafted.clientHello(random: random, suites: [0xc02f], tls13: false)
        let serverHello12 = Crafted.serverHello(random: random, suite: 0xc02f, tls13: false)
        return Self.findings([(.client, hello13 + [0x17, 0x03, 0x03, 0xff, 0xff] + [UInt8](repeating: 0, count: 100))])
            + Self.findings([(.client, hello13 + Crafted.record(.handshake, [UInt8](repeating: 0, count: (1 << 14) + 10)))])
            + Self.findings([(.client, hello13 + Crafted.record(TLSContentType(rawValue: 99), [1, 2, 3]))])
            + Self.findings([(.client, Crafted.record(.handshake, Crafted.handshake(1, [0x03, 0x03] + random + [0x00, 0xff, 0xff])))])
            + Self.findings([(.client, hello13 + [0x17, 0x03, 0x03])])
            + Self.findings([(.client, Array(hello13.prefix(40)))])
            + Self.findings(.init(maximumKeptHandshakeMessageLength: 10), [(.client, hello13)])
            + Self.findings([(.client, hello13 + Crafted.record(.applicationData, [1, 2, 3]))])
            + Self.findings([(.client, hello12), (.server, serverHello12), (.client, Crafted.record(.applicationData, [1, 2, 3]))])
    }

    func decryption() -> [Finding] {
        var wrongHandshake = Fixture.rfc8448AllSecrets
        wrongHandshake[.clientHandshakeTrafficSecret] = "server_handshake_traffic_secret"
        let wrongApplication = Fixture.rfc8448KeyLog([.clientTrafficSecret0: "server_application_traffic_secret",
                                                      .serverTrafficSecret0: "server_application_traffic_secret"])
        let clientRandom = Fixture.rfc8448("client_random").hexString
        let shortSecrets = KeyLog(parsing: ["CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"]
            .map { "\($0) \(clientRandom) \(String(repeating: "ab", count: 48))" }.joined(separator: "\n"))
        var sealer = Crafted.rfc8448ClientSealer()
        var wrongGeneration = Crafted.rfc8448ClientSealer()   // seals after the KeyUpdate with the old key
        _ = wrongGeneration.seal(.applicationData, [0]); _ = wrongGeneration.seal(.applicationData, [0])
        let keyUpdate = sealer.seal(.applicationData, [1]) + sealer.seal(.handshake, Crafted.handshake(24, [0]))
            + wrongGeneration.seal(.applicationData, [2])
        var tls12Events: [TLSEvent] = []
        var (tls12, tls12Client, _) = CraftedSessionTests().tls12Session(.ecdheRSAWithAES128GCMSHA256, events: &tls12Events)
        var tampered = tls12Client.seal(.applicationData, [1, 2, 3])
        tampered[tampered.count - 1] ^= 1
        tls12.consume(tampered, from: .client, into: &tls12Events)
        var tls12Short: [TLSEvent] = []
        var (short, _, _) = CraftedSessionTests().tls12Session(.ecdheRSAWithAES128GCMSHA256, events: &tls12Short)
        short.consume(Crafted.record(.applicationData, [UInt8](repeating: 0, count: 10)), from: .client, into: &tls12Short)
        var insideSealer = Crafted.rfc8448ClientSealer()
        let inside = insideSealer.seal(TLSContentType(rawValue: 99), [1, 2, 3])
            + insideSealer.seal(.applicationData, [UInt8](repeating: 0x61, count: (1 << 14) + 1))
            + insideSealer.seal(TLSContentType(rawValue: 0), [], padding: 4)
        return Self.findings(.init(keyLog: Fixture.rfc8448KeyLog(wrongHandshake)), RFC8448Conversation.steps.map { ($0.0, Fixture.rfc8448($0.1)) })
            + Self.findings(.init(keyLog: wrongApplication, trialRecordLimit: 2), RFC8448Conversation.steps.map { ($0.0, Fixture.rfc8448($0.1)) })
            + Self.findings(.init(keyLog: shortSecrets), RFC8448Conversation.steps.map { ($0.0, Fixture.rfc8448($0.1)) })
            + Self.rfc8448(then: keyUpdate)
            + Self.rfc8448(then: inside)
            + Self.rfc8448(then: Crafted.record(.applicationData, [UInt8](repeating: 0, count: (1 << 14) + 257)))
            + [tls12Events, tls12Short].flatMap { $0.compactMap { if case .finding(let finding) = $0 { finding.finding } else { nil } } }
    }

    /// Framing lost and found again, a key update among the lost records, and 0-RTT (accepted,
    /// refused, without its secret, with a secret that opens nothing).
    func recoveryAndEarlyData() -> [Finding] {
        func findings(_ events: [TLSEvent]) -> [Finding] {
            events.compactMap { if case .finding(let finding) = $0 { finding.finding } else { nil } }
        }
        var bridged: [TLSEvent] = []
        var (session, client, _) = CraftedSessionTests().tls12Session(.ecdheRSAWithChaCha20Poly1305SHA256, events: &bridged)
        let lost = client.seal(.applicationData, [9])
        session.gap(from: .client, length: UInt64(lost.count), into: &bridged)
        session.consume(client.seal(.applicationData, [4]), from: .client, into: &bridged)
        var sealer = Crafted.rfc8448ClientSealer(), next = Crafted.rfc8448ClientSealer(generation: 1)
        let hidden = sealer.seal(.handshake, Crafted.handshake(24, [0]))
        var updateEvents: [TLSEvent] = []
        var keyUpdateLost = Crafted.rfc8448Session(into: &updateEvents)
        keyUpdateLost.gap(from: .client, length: UInt64(hidden.count), into: &updateEvents)
        keyUpdateLost.consume(next.seal(.applicationData, [1]), from: .client, into: &updateEvents)
        typealias Early = CraftedSessionTests.EarlyDataSession
        let randoms = (CraftedSessionTests().clientRandom, CraftedSessionTests().serverRandom)
        var accepted = Early(clientRandom: randoms.0, serverRandom: randoms.1)
        accepted.serverFlight(acceptsEarlyData: true)
        var refused = Early(clientRandom: randoms.0, serverRandom: randoms.1)
        refused.serverFlight(acceptsEarlyData: false)
        let withoutSecret = Early(clientRandom: randoms.0, serverRandom: randoms.1, labels: Array(Early.labels.dropFirst()))
        // A logged early secret that is not the one the client sealed with (another label's value).
        let wrongSecret = Early(clientRandom: randoms.0, serverRandom: randoms.1, labels: Early.labels, sealingEarlyWith: Early.labels[1])
        return findings(bridged) + findings(updateEvents) + [accepted, refused, withoutSecret, wrongSecret].flatMap { findings($0.events) }
    }

    static let keys = [
        "record-too-long.header", "record-too-long.plaintext", "record-too-long.protected", "record-too-long.decrypted",
        "record-incomplete-at-end.inHeader", "record-incomplete-at-end.inBody",
        "unknown-content-type.record", "unknown-content-type.decrypted", "inner-plaintext-without-type",
        "handshake-not-captured.noServerHello", "handshake-not-captured.noChangeCipherSpec",
        "authentication-failed.tooShort", "authentication-failed.tag.handshake", "authentication-failed.tag.application",
        "authentication-failed.tag.keyUpdate", "authentication-failed.trialsExhausted",
        "handshake-message-too-long", "malformed-handshake", "secret-length-mismatch",
        "framing-lost", "framing-recovered", "authentication-failed.sequenceNotFound",
        "early-data", "early-data-rejected", "early-data-not-decrypted.noSecret", "early-data-not-decrypted.noSuite",
    ].map { "finding.tls." + $0 }

    @Test("record-layer and decryption findings: each raised, keyed, English as the decoder says it, German differs")
    func everyFindingIsKeyed() {
        var seen: Set<String> = []
        for finding in recordLayer() + decryption() + recoveryAndEarlyData() {
            guard let key = finding.messageKey else {
                Issue.record("\(finding.rule.id) has no message key: \(finding.message)")
                continue
            }
            seen.insert(key)
            #expect(Catalog.bundled.entries[key]?.texts["de"] != nil, "the catalog lacks \(key)")
            let english = Self.english.tr(key, arguments: FindingWords.arguments(finding, style: Self.english))
            #expect(english == finding.message, "\(key) says \"\(english)\", the decoder \"\(finding.message)\"")
            let german = FindingWords.rawMessage(finding, style: Self.german)
            #expect(german != finding.message && !german.isEmpty, "\(key) is not German: \(german)")
        }
        for key in Self.keys { #expect(seen.contains(key), "nothing raised \(key)") }
    }

    @Test("why a hello does not parse is said in German too; the RFC's field names stay")
    func malformedHandshakeInGerman() {
        let random = self.random
        let cutSuites = Self.findings([(.client, Crafted.record(.handshake, Crafted.handshake(1, [0x03, 0x03] + random + [0x00, 0xff, 0xff])))])
        let trailing = Self.findings([(.client, Crafted.record(.handshake, Crafted.handshake(1, [0x03, 0x03] + random + [0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]
                                                                                              + Crafted.extensionBlock([]) + [0xee, 0xee])))])
        let sni = Self.findings([(.client, Crafted.record(.handshake, Crafted.handshake(1, [0x03, 0x03] + random + [0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]
                                                                                         + Crafted.extensionBlock([(0, [0x00, 0x09, 0x00, 0x00, 0x30])]))))])
        #expect((cutSuites + trailing + sni).map(\.message) == [
            "The ClientHello does not parse: cipher_suites runs past the end of the ClientHello.",
            "The ClientHello does not parse: 2 unexpected bytes after extensions in the ClientHello.",
            "The ClientHello does not parse: server_name_list runs past the end of the server_name extension.",
        ])
        #expect((cutSuites + trailing + sni).map { FindingWords.rawMessage($0, style: Self.german) } == [
            "Das ClientHello lässt sich nicht lesen: cipher_suites reicht in der Nachricht ClientHello über deren Ende hinaus.",
            "Das ClientHello lässt sich nicht lesen: 2 unerwartete Bytes nach extensions in der Nachricht ClientHello.",
            "Das ClientHello lässt sich nicht lesen: server_name_list reicht in der Extension server_name über deren Ende hinaus.",
        ])
    }

    @Test("German words of two of them, literally; the message (JSON) stays English")
    func germanLiterally() {
        let findings = Self.findings([(.client, Crafted.clientHello(random: random, suites: [0x1301], tls13: true)
                                                 + Crafted.record(TLSContentType(rawValue: 99), [1, 2, 3]) + [0x17, 0x03])])
        #expect(findings.map { FindingWords.rawMessage($0, style: Self.german) } == [
            "Der Record-Inhaltstyp 99 ist keiner, den TLS definiert.",
            "Der Mitschnitt endet 2 Byte nach dem Beginn eines Records (in seinem Header); dieser Record lässt sich nicht decodieren.",
        ])
        #expect(findings.map(\.message) == [
            "Record content type 99 is not one TLS defines.",
            "The capture ends 2 bytes into a record (inside its header); that record cannot be decoded.",
        ])
    }
}
