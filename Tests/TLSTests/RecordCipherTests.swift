import Testing
import TLS
import WireBytes

/// Record protection against RFC 8448 section 3's records: each must open with the keys derived
/// from the RFC's secrets, at the right sequence number, and nothing else may open.
@Suite struct RecordCipherTests {
    let aes128 = TLSCipherSuite.tlsAES128GCMSHA256.parameters!

    func record(_ name: String) -> TLSRecord {
        let bytes = Fixture.rfc8448(name)
        return TLSRecord(header: TLSRecordHeader(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]),
                         body: Array(bytes.dropFirst(5)), headerOffset: 0)
    }

    func cipher(_ secret: String) -> TLSRecordCipher {
        TLSRecordCipher(keys: TLSKeySchedule.trafficKeys(secret: Fixture.rfc8448(secret), parameters: aes128), parameters: aes128)
    }

    @Test func serverHandshakeRecordOpensToEncryptedExtensionsThroughFinished() throws {
        var server = cipher("server_handshake_traffic_secret")
        let opened = try server.open(record("server_handshake_record")).get()
        #expect(opened.contentType == .handshake)
        #expect(opened.sequenceNumber == 0)
        #expect(opened.paddingLength == 0)
        #expect(opened.plaintext.count == 679 - 5 - 16 - 1)
        // EncryptedExtensions (type 8, 36 bytes) comes first, Finished (type 20, 32 bytes) last.
        #expect(Array(opened.plaintext.prefix(4)) == [0x08, 0x00, 0x00, 0x24])
        #expect(Array(opened.plaintext.suffix(36).prefix(4)) == [0x14, 0x00, 0x00, 0x20])
        #expect(server.sequenceNumber == 1)
    }

    @Test func applicationDataAndAlertsOpenInSequence() throws {
        var client = cipher("client_application_traffic_secret")
        let data = try client.open(record("client_application_data_record")).get()
        #expect(data.contentType == .applicationData)
        #expect(data.plaintext == Fixture.rfc8448("application_data_payload"))
        let alert = try client.open(record("client_alert_record")).get()
        #expect(alert.contentType == .alert)
        #expect(alert.plaintext == [0x01, 0x00], "warning close_notify")
        #expect(alert.sequenceNumber == 1)

        var server = cipher("server_application_traffic_secret")
        #expect(try server.open(record("server_new_session_ticket_record")).get().contentType == .handshake)
        #expect(try server.open(record("server_application_data_record")).get().plaintext == Fixture.rfc8448("application_data_payload"))
        #expect(try server.open(record("server_alert_record")).get().plaintext == [0x01, 0x00])
    }

    @Test func wrongSequenceNumberKeyOrByteFailsAndDoesNotAdvance() {
        // Sequence number 1 instead of 0.
        var late = TLSRecordCipher(keys: TLSKeySchedule.trafficKeys(secret: Fixture.rfc8448("client_application_traffic_secret"),
                                                                     parameters: aes128), parameters: aes128, sequenceNumber: 1)
        #expect(late.open(record("client_application_data_record")) == .failure(.authenticationFailed))
        #expect(late.sequenceNumber == 1)
        // The other direction's key.
        var other = cipher("server_application_traffic_secret")
        #expect(other.open(record("client_application_data_record")) == .failure(.authenticationFailed))
        // One ciphertext bit flipped; then the header (the additional data) changed.
        let original = record("client_application_data_record")
        var body = original.body
        body[10] ^= 0x01
        var client = cipher("client_application_traffic_secret")
        #expect(client.open(TLSRecord(header: original.header, body: body, headerOffset: 0)) == .failure(.authenticationFailed))
        let otherHeader = TLSRecordHeader(contentType: .applicationData, legacyVersion: .tls1_0, bodyLength: original.body.count)
        #expect(client.open(TLSRecord(header: otherHeader, body: original.body, headerOffset: 0)) == .failure(.authenticationFailed))
        #expect(client.sequenceNumber == 0)
        #expect(client.open(original).map(\.plaintext) == .success(Fixture.rfc8448("application_data_payload")))
    }

    @Test func bodyShorterThanTheTagIsRejected() {
        var client = cipher("client_application_traffic_secret")
        let short = TLSRecord(header: TLSRecordHeader(contentType: .applicationData, legacyVersion: .tls1_2, bodyLength: 15),
                              body: [UInt8](repeating: 0, count: 15), headerOffset: 0)
        #expect(client.open(short) == .failure(.bodyTooShort(15)))
    }
}
