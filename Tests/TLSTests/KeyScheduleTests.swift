import Testing
import TLS
import WireBytes

/// Known answers: RFC 8448 section 3 for TLS 1.3's HKDF-Expand-Label, the TLS 1.2 PRF vectors.
@Suite struct KeyScheduleTests {
    let aes128 = TLSCipherSuite.tlsAES128GCMSHA256.parameters!

    @Test(arguments: [
        ("server_handshake_traffic_secret", "server_handshake_key", "server_handshake_iv"),
        ("client_handshake_traffic_secret", "client_handshake_key", "client_handshake_iv"),
        ("server_application_traffic_secret", "server_application_key", "server_application_iv"),
        ("client_application_traffic_secret", "client_application_key", "client_application_iv"),
    ])
    func rfc8448TrafficKeys(secret: String, key: String, iv: String) {
        let keys = TLSKeySchedule.trafficKeys(secret: Fixture.rfc8448(secret), parameters: aes128)
        #expect(keys.key == Fixture.rfc8448(key))
        #expect(keys.iv == Fixture.rfc8448(iv))
    }

    @Test func keyUpdateDerivesADifferentSecretOfTheSameLength() {
        for hash in TLSHashAlgorithm.allCases {
            let secret = [UInt8](repeating: 7, count: hash.outputLength)
            let next = TLSKeySchedule.nextTrafficSecret(after: secret, hash: hash)
            #expect(next.count == hash.outputLength)
            #expect(next != secret)
            #expect(next == TLSKeySchedule.expandLabel(secret: secret, label: "traffic upd", length: hash.outputLength, hash: hash))
        }
    }

    @Test func tls12PRFSHA256() {
        let output = TLS12KeyDerivation.prf(secret: Fixture.prf["sha256_secret"]!, label: "test label",
                                            seed: Fixture.prf["sha256_seed"]!, length: 100, hash: .sha256)
        #expect(output == Fixture.prf["sha256_output"]!)
    }

    @Test func tls12PRFSHA384() {
        let output = TLS12KeyDerivation.prf(secret: Fixture.prf["sha384_secret"]!, label: "test label",
                                            seed: Fixture.prf["sha384_seed"]!, length: 148, hash: .sha384)
        #expect(output == Fixture.prf["sha384_output"]!)
    }

    @Test func tls12KeyBlockSplitsThePRFOutputWithTheServerRandomFirst() {
        let master = [UInt8](repeating: 0x42, count: 48)
        let client = [UInt8](repeating: 1, count: 32), server = [UInt8](repeating: 2, count: 32)
        for suite in [TLSCipherSuite.ecdheRSAWithAES128GCMSHA256, .ecdheRSAWithAES256GCMSHA384, .ecdheRSAWithChaCha20Poly1305SHA256] {
            let parameters = suite.parameters!
            let block = TLS12KeyDerivation.prf(secret: master, label: "key expansion", seed: server + client,
                                               length: 2 * parameters.keyLength + 2 * parameters.fixedIVLength, hash: parameters.hash)
            let keys = TLS12KeyDerivation.keyBlock(masterSecret: master, clientRandom: client, serverRandom: server, parameters: parameters)
            #expect(keys.client.key + keys.server.key + keys.client.iv + keys.server.iv == block, "\(suite)")
            #expect(keys.client.key.count == parameters.keyLength)
            #expect(keys.client.iv.count == (parameters.aead == .chaCha20Poly1305 ? 12 : 4))
        }
    }
}
