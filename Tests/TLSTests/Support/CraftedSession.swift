import Crypto
import TLS
import WireBytes

/// Builds TLS records for sessions no real peer produces on demand (KeyUpdate, padding, lost
/// records, unsupported suites, hostile lengths): hellos by hand, protected records sealed with
/// swift-crypto under keys from the module's own key schedule (which the RFC 8448 vectors and the
/// recorded captures check).
enum Crafted {
    static func record(_ type: TLSContentType, _ body: [UInt8], version: UInt16 = 0x0303) -> [UInt8] {
        [type.rawValue, UInt8(version >> 8), UInt8(version & 0xff), UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
    }

    static func handshake(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        [type, UInt8(body.count >> 16), UInt8((body.count >> 8) & 0xff), UInt8(body.count & 0xff)] + body
    }

    static func extensionBlock(_ extensions: [(UInt16, [UInt8])]) -> [UInt8] {
        let bytes = extensions.flatMap { type, data in [UInt8(type >> 8), UInt8(type & 0xff), UInt8(data.count >> 8), UInt8(data.count & 0xff)] + data }
        return [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xff)] + bytes
    }

    static func clientHello(random: [UInt8], suites: [UInt16], tls13: Bool, earlyData: Bool = false) -> [UInt8] {
        var extensions: [(UInt16, [UInt8])] = [(0, [0x00, 0x0e, 0x00, 0x00, 0x0b] + Array("example.org".utf8))]
        if tls13 { extensions.append((43, [0x02, 0x03, 0x04])) }
        if earlyData { extensions.append((42, [])) }
        let suiteBytes = suites.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
        let body = [0x03, 0x03] + random + [0x00, UInt8(suiteBytes.count >> 8), UInt8(suiteBytes.count & 0xff)] + suiteBytes
            + [0x01, 0x00] + extensionBlock(extensions)
        return record(.handshake, handshake(1, body), version: 0x0301)
    }

    static func serverHello(random: [UInt8], suite: UInt16, tls13: Bool) -> [UInt8] {
        let extensions: [(UInt16, [UInt8])] = tls13 ? [(43, [0x03, 0x04])] : [(23, [])]
        let body = [0x03, 0x03] + random + [0x00, UInt8(suite >> 8), UInt8(suite & 0xff), 0x00] + extensionBlock(extensions)
        return record(.handshake, handshake(2, body))
    }

    /// RFC 8448's session through the server's NewSessionTicket, decoded with all its secrets.
    static func rfc8448Session(into events: inout [TLSEvent]) -> TLSSession {
        var session = TLSSession(configuration: .init(keyLog: Fixture.rfc8448KeyLog(Fixture.rfc8448AllSecrets)))
        for (peer, name) in RFC8448Conversation.steps.prefix(5) { session.consume(Fixture.rfc8448(name), from: peer, into: &events) }
        return session
    }

    /// The client's application traffic sealer of RFC 8448's session (generation 0, or the n-th after KeyUpdates).
    static func rfc8448ClientSealer(generation: Int = 0) -> Sealer {
        let parameters = TLSCipherSuite.tlsAES128GCMSHA256.parameters!
        var secret = Fixture.rfc8448("client_application_traffic_secret")
        for _ in 0..<generation { secret = TLSKeySchedule.nextTrafficSecret(after: secret, hash: .sha256) }
        return Sealer(TLSKeySchedule.trafficKeys(secret: secret, parameters: parameters), parameters)
    }

    /// Seals records of one direction and epoch as a peer would.
    struct Sealer {
        let parameters: TLSCipherSuite.Parameters
        let keys: TLSTrafficKeys
        var sequenceNumber: UInt64 = 0

        init(_ keys: TLSTrafficKeys, _ parameters: TLSCipherSuite.Parameters) {
            self.keys = keys
            self.parameters = parameters
        }

        /// A protected record: TLS 1.3 hides `type` inside (with `padding` zeros); TLS 1.2 shows it.
        mutating func seal(_ type: TLSContentType, _ content: [UInt8], padding: Int = 0) -> [UInt8] {
            defer { sequenceNumber += 1 }
            let number = (0..<8).map { UInt8(truncatingIfNeeded: sequenceNumber >> (56 - 8 * $0)) }
            let isTLS13 = parameters.version == .tls1_3
            let plaintext = isTLS13 ? content + [type.rawValue] + [UInt8](repeating: 0, count: padding) : content
            let outerType: TLSContentType = isTLS13 ? .applicationData : type
            var nonce = keys.iv
            var explicit: [UInt8] = []
            if parameters.explicitNonceLength > 0 {
                explicit = number
                nonce += explicit
            } else {
                for index in 0..<8 { nonce[4 + index] ^= number[index] }
            }
            let bodyLength = explicit.count + plaintext.count + 16
            let header: [UInt8] = [outerType.rawValue, 0x03, 0x03, UInt8(bodyLength >> 8), UInt8(bodyLength & 0xff)]
            let additionalData = isTLS13 ? header
                : number + [type.rawValue, 0x03, 0x03, UInt8(plaintext.count >> 8), UInt8(plaintext.count & 0xff)]
            let key = SymmetricKey(data: keys.key)
            let sealed: [UInt8]
            switch parameters.aead {
            case .aes128GCM, .aes256GCM:
                let box = try! AES.GCM.seal(plaintext, using: key, nonce: try! AES.GCM.Nonce(data: nonce), authenticating: additionalData)
                sealed = Array(box.ciphertext) + Array(box.tag)
            case .chaCha20Poly1305:
                let box = try! ChaChaPoly.seal(plaintext, using: key, nonce: try! ChaChaPoly.Nonce(data: nonce), authenticating: additionalData)
                sealed = Array(box.ciphertext) + Array(box.tag)
            }
            return header + explicit + sealed
        }
    }
}
