import Testing
import TLS
import WireBytes

/// The cheap "is this TLS?" test on the first bytes of a direction.
@Suite struct RecognizerTests {
    @Test func aClientHelloIsTLSWithItsSNI() throws {
        let hello = Fixture.rfc8448("client_hello_record")
        guard case .tls(let recognition) = TLSRecognizer.inspect(hello + [0x17, 0x03], from: .client) else {
            Issue.record("not recognised")
            return
        }
        #expect(recognition.startsWithHello)
        #expect(recognition.clientHello?.serverName == "server")
        #expect(recognition.clientHello?.offersTLS13 == true)
        #expect(recognition.firstRecord.legacyVersion == .tls1_0)
    }

    @Test func aServerHelloGivesVersionAndSuite() {
        guard case .tls(let recognition) = TLSRecognizer.inspect(Fixture.rfc8448("server_hello_record"), from: .server) else {
            Issue.record("not recognised")
            return
        }
        #expect(recognition.serverHello?.version == .tls1_3)
        #expect(recognition.serverHello?.cipherSuite == .tlsAES128GCMSHA256)
    }

    @Test func everyPrefixOfAHelloAsksForMore() {
        let hello = Fixture.rfc8448("client_hello_record")
        for length in 0..<hello.count {
            #expect(TLSRecognizer.inspect(Array(hello.prefix(length)), from: .client) == .needMoreData, "prefix \(length)")
        }
    }

    @Test func plainHTTPAndWebSocketAreNotTLS() {
        #expect(TLSRecognizer.inspect(Array("GET /chat HTTP/1.1\r\n".utf8), from: .client) == .notTLS)
        #expect(TLSRecognizer.inspect(Array("HTTP/1.1 101 Switching Protocols\r\n".utf8), from: .server) == .notTLS)
        #expect(TLSRecognizer.inspect([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f], from: .server) == .notTLS)
        #expect(TLSRecognizer.inspect([0x16, 0x03, 0x07], from: .client) == .notTLS)
        #expect(TLSRecognizer.inspect([0x16, 0x03, 0x01, 0x00, 0x00], from: .client) == .notTLS, "an empty record")
    }

    @Test func applicationDataFirstMeansTheHandshakeWasNotCaptured() {
        guard case .tls(let recognition) = TLSRecognizer.inspect(Fixture.rfc8448("client_application_data_record"), from: .client) else {
            Issue.record("not recognised")
            return
        }
        #expect(!recognition.startsWithHello)
        #expect(recognition.clientHello == nil)
    }

    @Test(arguments: WSSCaptures.names)
    func theRecordedHellosAreRecognised(name: String) throws {
        for connection in try CaptureDriver.run(WSSCaptures.capture(name), keyLog: nil).values {
            guard case .tls(let client) = TLSRecognizer.inspect(connection.firstBytes[.client]!, from: .client),
                  case .tls(let server) = TLSRecognizer.inspect(connection.firstBytes[.server]!, from: .server)
            else {
                Issue.record("\(name): not recognised as TLS")
                continue
            }
            #expect(client.clientHello?.serverName == "chat.wslens.test")
            #expect(client.clientHello == connection.session.clientHello)
            #expect(server.serverHello?.cipherSuite == connection.session.cipherSuite)
            #expect(server.serverHello?.version == connection.session.version)
        }
    }
}
