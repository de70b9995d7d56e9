import Testing
import TLS

/// Hellos and the handshake reassembler, on RFC 8448's ClientHello and ServerHello.
@Suite struct HandshakeTests {
    let clientHelloBody = Array(Fixture.rfc8448("client_hello_record").dropFirst(5 + 4))
    let serverHelloBody = Array(Fixture.rfc8448("server_hello_record").dropFirst(5 + 4))

    @Test func clientHelloOfRFC8448() throws {
        let hello = try TLSClientHello(parsing: clientHelloBody[...])
        #expect(hello.legacyVersion == .tls1_2)
        #expect(hello.random == Fixture.rfc8448("client_random"))
        #expect(hello.sessionID.isEmpty)
        #expect(hello.cipherSuites == [.tlsAES128GCMSHA256, .tlsChaCha20Poly1305SHA256, .tlsAES256GCMSHA384])
        #expect(hello.serverName == "server")
        #expect(hello.supportedVersions == [.tls1_3])
        #expect(hello.offersTLS13)
        #expect(hello.highestVersion == .tls1_3)
        #expect(hello.keyShareGroups == [.x25519])
        #expect(hello.supportedGroups.map(\.rawValue) == [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104])
        #expect(hello.alpnProtocols.isEmpty)
        #expect(!hello.offersEarlyData)
        #expect(!hello.offersPreSharedKey)
        #expect(hello.extensionTypes.map(\.rawValue) == [0, 0xff01, 10, 35, 51, 43, 13, 45, 28])
    }

    @Test func serverHelloOfRFC8448() throws {
        let hello = try TLSServerHello(parsing: serverHelloBody[...])
        #expect(hello.cipherSuite == .tlsAES128GCMSHA256)
        #expect(hello.selectedVersion == .tls1_3)
        #expect(hello.version == .tls1_3)
        #expect(hello.legacyVersion == .tls1_2)
        #expect(hello.keyShareGroup == .x25519)
        #expect(!hello.isHelloRetryRequest)
        #expect(hello.random.prefix(4) == [0xa6, 0xaf, 0x06, 0xa4])
    }

    @Test func helloRetryRequestIsRecognisedByItsRandom() throws {
        // A HelloRetryRequest asking for secp256r1: supported_versions and key_share (group only).
        let body: [UInt8] = [0x03, 0x03] + TLSServerHello.helloRetryRequestRandom + [0x00, 0x13, 0x01, 0x00,
                             0x00, 0x0c, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, 0x02, 0x00, 0x17]
        let hello = try TLSServerHello(parsing: body[...])
        #expect(hello.isHelloRetryRequest)
        #expect(hello.keyShareGroup == .secp256r1)
        #expect(hello.version == .tls1_3)
    }

    @Test func truncatedOrInconsistentHellosThrowInsteadOfTrapping() {
        // (A TLS 1.2 hello may end right after its compression methods: 45 and 38 bytes here.)
        for length in 0..<clientHelloBody.count where length != 45 {
            #expect(throws: TLSParseError.self) { try TLSClientHello(parsing: clientHelloBody.prefix(length)) }
        }
        for length in 0..<serverHelloBody.count where length != 38 {
            #expect(throws: TLSParseError.self) { try TLSServerHello(parsing: serverHelloBody.prefix(length)) }
        }
        var wrongLength = clientHelloBody
        wrongLength[35 + 1] = 0x07   // cipher_suites length 7: odd
        #expect(throws: TLSParseError.self) { try TLSClientHello(parsing: wrongLength[...]) }
    }

    @Test func reassemblerJoinsAndSplitsMessages() {
        let message1: [UInt8] = [0x08, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc]
        let message2: [UInt8] = [0x14, 0x00, 0x00, 0x00]
        let message3: [UInt8] = [0x02, 0x00, 0x00, 0x02, 0x01, 0x02]
        let all = message1 + message2 + message3
        for split in 0...all.count {
            var reassembler = TLSHandshakeReassembler()
            var messages: [TLSHandshakeReassembler.Message] = []
            reassembler.append(all[..<split], recordIndex: 0, into: &messages)
            reassembler.append(all[split...], recordIndex: 1, into: &messages)
            #expect(messages.map(\.type) == [.encryptedExtensions, .finished, .serverHello], "split at \(split)")
            #expect(messages.map(\.length) == [3, 0, 2])
            #expect(messages[0].body == [0xaa, 0xbb, 0xcc])
            #expect(messages[1].body == nil, "Finished bodies are not kept")
            #expect(messages[2].body == [0x01, 0x02])
            #expect(messages[2].lastRecordIndex == (split < all.count ? 1 : 0))
            #expect(!reassembler.hasPartialMessage)
        }
    }

    @Test func messagesLongerThanTheCapAreCountedNotKept() {
        var reassembler = TLSHandshakeReassembler(maximumKeptLength: 8)
        var messages: [TLSHandshakeReassembler.Message] = []
        // A ClientHello header claiming 2^24 - 1 bytes, fed 1 MiB at a time for 16 MiB.
        reassembler.append([0x01, 0xff, 0xff, 0xff], recordIndex: 0, into: &messages)
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        for index in 0..<16 { reassembler.append(chunk[...], recordIndex: index + 1, into: &messages) }
        #expect(messages.count == 1)
        #expect(messages[0].length == (1 << 24) - 1)
        #expect(messages[0].body == nil)
        #expect(messages[0].wasTooLong)
    }
}
