import Foundation
import Testing
import TLS
import TCPReassembly
import TestSupport
import WireBytes

/// The recorded wss captures (real Chromium, Python and Node peers over TLS 1.3 and 1.2), decrypted
/// by the TLS module from their key logs, against tshark's decryption of the same files.
@Suite(.serialized) struct WSSCaptureTests {
    /// tshark's decrypted application data of TCP stream `stream`, per sender port.
    static func tsharkPlaintext(_ name: String, stream: Int, serverPort: UInt16) throws -> (client: [UInt8], server: [UInt8]) {
        let text = try Tshark.run(["-r", WSSCaptures.capture(name), "-o", "tls.keylog_file:\(WSSCaptures.keyLogPath(name))",
                                   "-qz", "follow,tls,raw,\(stream)"])
        var node0IsServer = false
        var client: [UInt8] = [], server: [UInt8] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Node 0: ") {
                node0IsServer = line.hasSuffix(":\(serverPort)")
                continue
            }
            let indented = line.hasPrefix("\t")
            guard let bytes = Hex.decode(line.trimmingCharacters(in: .whitespaces)), !bytes.isEmpty else { continue }
            if indented == node0IsServer { client += bytes } else { server += bytes }
        }
        return (client, server)
    }

    /// tshark's records per stream and sender port: (frame where the record completes, body length).
    static func tsharkRecords(_ name: String) throws -> [String: [[Int]]] {
        let text = try Tshark.run(["-r", WSSCaptures.capture(name), "-o", "tls.keylog_file:\(WSSCaptures.keyLogPath(name))",
                                   "-Y", "tls", "-T", "fields", "-e", "tcp.stream",
                                   "-e", "tcp.srcport", "-e", "frame.number", "-e", "tls.record.length"])
        var records: [String: [[Int]]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 4, let frame = Int(fields[2]) else { continue }
            for length in fields[3].split(separator: ",") {
                records["\(fields[0])/\(fields[1])", default: []].append([frame, Int(length)!])
            }
        }
        return records
    }

    @Test(.needs(.tshark), arguments: WSSCaptures.names)
    func decryptedStreamsEqualTsharks(name: String) throws {
        let connections = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: try WSSCaptures.keyLog(name))
        #expect(!connections.isEmpty)
        for (number, connection) in connections.sorted(by: { $0.key < $1.key }) {
            let events = connection.events
            #expect(events.findingIDs.isEmpty, "\(name) connection \(number): \(events.findingIDs)")
            #expect(connection.session.keyStatus == .available(handshake: true, application: true))
            #expect(connection.session.clientHello?.serverName == "chat.wslens.test")
            let client = events.plaintext(from: .client), server = events.plaintext(from: .server)
            #expect(client.starts(with: Array("GET /chat HTTP/1.1\r\n".utf8)), "\(name): the client's plaintext is the HTTP Upgrade")
            #expect(server.starts(with: Array("HTTP/1.1 101 Switching Protocols\r\n".utf8)))
            let expected = try Self.tsharkPlaintext(name, stream: number - 1, serverPort: connection.server.port)
            #expect(client.count == expected.client.count && server.count == expected.server.count,
                    "\(name) connection \(number): wslens \(client.count)/\(server.count) bytes, tshark \(expected.client.count)/\(expected.server.count)")
            #expect(client == expected.client, "\(name) connection \(number): client plaintext differs from tshark's")
            #expect(server == expected.server, "\(name) connection \(number): server plaintext differs from tshark's")
        }
    }

    @Test(.needs(.tshark), arguments: WSSCaptures.names)
    func everyRecordEndsInThePacketTsharkNames(name: String) throws {
        let connections = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: try WSSCaptures.keyLog(name))
        let expected = try Self.tsharkRecords(name)
        for (number, connection) in connections {
            for peer in Peer.allCases {
                let port = peer == .client ? connection.client.port : connection.server.port
                let provenance = connection.provenance[peer]!
                let ours = connection.events.records.filter { $0.from == peer }.map { record -> [Int] in
                    [Int(provenance.location(of: record.range.upperBound - 1)?.packet ?? 0), record.header.bodyLength]
                }
                #expect(ours == expected["\(number - 1)/\(port)"] ?? [], "\(name) connection \(number) \(peer)")
            }
        }
    }

    @Test(arguments: WSSCaptures.names)
    func plaintextMapsOntoTheCiphertextOfItsRecord(name: String) throws {
        let connections = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: try WSSCaptures.keyLog(name))
        for connection in connections.values {
            let records = Dictionary(grouping: connection.events.records, by: { "\($0.from)/\($0.index)" })
            var expectedOffset: [Peer: UInt64] = [.client: 0, .server: 0]
            for case .applicationData(let chunk) in connection.events {
                let record = records["\(chunk.from)/\(chunk.recordIndex)"]!.first!
                #expect(chunk.recordRange == record.range)
                #expect(chunk.plaintextOffset == expectedOffset[chunk.from], "the plaintext stream has no holes")
                expectedOffset[chunk.from]! += UInt64(chunk.bytes.count)
                #expect(record.bodyRange.contains(chunk.ciphertextRange.lowerBound) && chunk.ciphertextRange.upperBound <= record.bodyRange.upperBound)
                // Body = explicit nonce + ciphertext (+ TLS 1.3 type byte and padding) + 16-byte tag.
                guard case .decrypted(_, _, _, let length, let padding) = record.protection else {
                    Issue.record("a chunk from a record that was not decrypted")
                    continue
                }
                let innerExtra = connection.session.version == .tls1_3 ? 1 + padding : 0
                #expect(record.bodyRange.upperBound - chunk.ciphertextRange.upperBound == UInt64(innerExtra + 16))
                #expect(length == chunk.bytes.count)
                #expect(!connection.provenance[chunk.from]!.packets(covering: chunk.ciphertextRange).isEmpty)
            }
        }
    }

    @Test(arguments: WSSCaptures.names)
    func wrongKeysAreReportedAsTagFailures(name: String) throws {
        let keyLog = KeyLog(parsing: try WSSCaptures.corruptedKeyLogText(name))
        let connections = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: keyLog)
        for (number, connection) in connections {
            let failures = connection.events.compactMap { event -> Peer? in
                if case .finding(let finding) = event, finding.rule.id == "tls.authentication-failed" { return finding.from }
                return nil
            }
            #expect(Set(failures) == [.client, .server] && failures.count == 2, "\(name) connection \(number): one tag failure per direction")
            #expect(connection.events.plaintext(from: .client).isEmpty && connection.events.plaintext(from: .server).isEmpty)
            #expect(connection.session.stopReason(of: .client) == .authenticationFailed)
            #expect(connection.session.stopReason(of: .server) == .authenticationFailed)
        }
    }

    @Test(arguments: WSSCaptures.names)
    func withoutKeysTheConnectionIsNamedAndNothingIsDecrypted(name: String) throws {
        let connections = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: nil)
        for connection in connections.values {
            #expect(connection.events.findingIDs == ["tls.no-key-log"])
            #expect(connection.session.keyStatus == .noKeyLog)
            #expect(connection.session.clientHello?.serverName == "chat.wslens.test")
            #expect(connection.session.cipherSuite?.isDecryptable == true)
            #expect(connection.events.plaintext(from: .client).isEmpty && connection.events.plaintext(from: .server).isEmpty)
            #expect(connection.session.counts(for: .client).undecryptedRecords > 0)
        }
        // A key log written for other sessions.
        let other = try WSSCaptures.keyLog(name == "wss-tls12-chacha" ? "wss-tls13-chacha" : "wss-tls12-chacha")
        for connection in try CaptureDriver.run(WSSCaptures.capture(name), keyLog: other).values {
            #expect(connection.events.findingIDs == ["tls.no-keys-for-session"])
            #expect(connection.session.keyStatus == .noSecretsForSession)
        }
    }

    @Test(arguments: ["wss-chromium-tls13", "wss-tls13-chacha", "wss-tls13-aes128"])
    func tls13WithApplicationSecretsOnlyGivesTheSamePlaintext(name: String) throws {
        let full = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: try WSSCaptures.keyLog(name))
        let text = try String(contentsOfFile: WSSCaptures.keyLogPath(name), encoding: .utf8)
        let applicationOnly = KeyLog(parsing: text.split(separator: "\n").filter { !$0.contains("HANDSHAKE") }.joined(separator: "\n"))
        let partial = try CaptureDriver.run(WSSCaptures.capture(name), keyLog: applicationOnly)
        for (number, connection) in partial {
            #expect(connection.events.findingIDs == ["tls.secret-missing"])
            #expect(connection.session.keyStatus == .available(handshake: false, application: true))
            for peer in Peer.allCases {
                #expect(connection.events.plaintext(from: peer) == full[number]!.events.plaintext(from: peer), "\(name) \(peer)")
            }
        }
    }

    @Test func handshakeDetailsOfTheChromiumSession() throws {
        let connections = try CaptureDriver.run(WSSCaptures.capture("wss-chromium-tls13"), keyLog: try WSSCaptures.keyLog("wss-chromium-tls13"))
        let session = try #require(connections[1]?.session)
        let hello = try #require(session.clientHello)
        #expect(hello.offersTLS13)
        #expect(hello.alpnProtocols == ["http/1.1"], "Chromium offers only HTTP/1.1 for a WebSocket")
        #expect(hello.cipherSuites.contains { $0.isGREASE }, "Chromium sends GREASE")
        #expect(hello.keyShareGroups.contains(.x25519))
        #expect(session.version == .tls1_3)
        #expect(session.cipherSuite == .tlsAES256GCMSHA384)
        #expect(session.encryptedExtensions != nil)
        let serverMessages = connections[1]!.events.handshakeMessages.filter { $0.from == .server }.map(\.type)
        #expect(Array(serverMessages.prefix(5)) == [.serverHello, .encryptedExtensions, .certificate, .certificateVerify, .finished])
        #expect(serverMessages.dropFirst(5).allSatisfy { $0 == .newSessionTicket })
        #expect(connections[1]!.events.alerts.map { $0.alert?.name } == ["close_notify"])
    }

    @Test func tls12SessionsUseTheirSuites() throws {
        let connections = try CaptureDriver.run(WSSCaptures.capture("wss-tls12-aes-gcm"), keyLog: try WSSCaptures.keyLog("wss-tls12-aes-gcm"))
        #expect(connections[1]?.session.cipherSuite == .ecdheRSAWithAES128GCMSHA256)
        #expect(connections[2]?.session.cipherSuite == .ecdheRSAWithAES256GCMSHA384)
        for connection in connections.values {
            #expect(connection.session.version == .tls1_2)
            #expect(connection.session.serverHello?.usesExtendedMasterSecret == true, "OpenSSL agrees on the extended master secret; the key log's master secret covers it")
            let changes = connection.events.filter { if case .changeCipherSpec = $0 { return true } else { return false } }
            #expect(changes.count == 2)
            #expect(connection.events.alerts.map { $0.alert?.name } == ["close_notify", "close_notify"])
        }
        let chacha = try CaptureDriver.run(WSSCaptures.capture("wss-tls12-chacha"), keyLog: try WSSCaptures.keyLog("wss-tls12-chacha"))
        #expect(chacha[1]?.session.cipherSuite == .ecdheRSAWithChaCha20Poly1305SHA256)
    }
}
