/// A TLS 1.3 handshake (TLS_AES_128_GCM_SHA256) for crafted captures: hellos in the clear, the
/// server's EncryptedExtensions and Finished and the client's Finished sealed under handshake
/// secrets, then two sealers for application data, and the NSS key log lines that let tshark and
/// wslens decrypt it. The secrets are random, not derived from a key exchange: a key log carries
/// traffic secrets, so a reader needs nothing else (no certificate, no Finished check).
public struct CraftedTLS13Handshake: Sendable {
    public let clientRandom: [UInt8]
    public let serverName: String
    private let secrets: [(label: String, secret: [UInt8])]
    private var rng: SeededGenerator

    public init(serverName: String, rng: inout SeededGenerator) {
        self.serverName = serverName
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        clientRandom = bytes(32)
        secrets = ["CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0",
                   "SERVER_TRAFFIC_SECRET_0"].map { ($0, bytes(32)) }
        self.rng = SeededGenerator(seed: rng.next())
    }

    private func secret(_ label: String) -> [UInt8] { secrets.first { $0.label == label }!.secret }

    /// The key log: one line per secret, keyed by the client random.
    public var keyLogLines: String {
        secrets.map { "\($0.label) \(hex(clientRandom)) \(hex($0.secret))\n" }.joined()
    }

    /// The client's first flight: the ClientHello record.
    public mutating func clientHello() -> [UInt8] {
        let name = Array(serverName.utf8)
        let sni = [UInt8(0), UInt8(name.count + 3), 0, UInt8(0), UInt8(name.count)] + name
        let extensions = Self.extensions([
            (0, sni),
            (10, [0x00, 0x02, 0x00, 0x1d]),                                    // supported_groups: x25519
            (13, [0x00, 0x04, 0x04, 0x03, 0x08, 0x04]),                        // signature_algorithms
            (16, [0x00, 0x09, 0x08] + Array("http/1.1".utf8)),                 // ALPN
            (43, [0x02, 0x03, 0x04]),                                          // supported_versions: TLS 1.3
            (51, [0x00, 0x24, 0x00, 0x1d, 0x00, 0x20] + randomBytes(32)),      // key_share: x25519
        ])
        let body = [0x03, 0x03] + clientRandom + [0x00] + [0x00, 0x02, 0x13, 0x01] + [0x01, 0x00] + extensions
        return Self.record(22, Self.handshake(1, body), version: 0x0301)
    }

    /// The server's flight: ServerHello in the clear, then EncryptedExtensions and Finished sealed.
    public mutating func serverFlight() -> [UInt8] {
        let extensions = Self.extensions([
            (43, [0x03, 0x04]),
            (51, [0x00, 0x1d, 0x00, 0x20] + randomBytes(32)),
        ])
        let body = [0x03, 0x03] + randomBytes(32) + [0x00] + [0x13, 0x01] + [0x00] + extensions
        var sealer = TLS13RecordSealer(trafficSecret: secret("SERVER_HANDSHAKE_TRAFFIC_SECRET"))
        let encrypted = Self.handshake(8, Self.extensions([(16, [0x00, 0x09, 0x08] + Array("http/1.1".utf8))]))
            + Self.handshake(20, randomBytes(32))
        return Self.record(22, Self.handshake(2, body)) + sealer.seal(type: 22, encrypted[...])
    }

    /// The client's Finished, sealed under its handshake secret.
    public mutating func clientFinished() -> [UInt8] {
        var sealer = TLS13RecordSealer(trafficSecret: secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET"))
        return sealer.seal(type: 22, Self.handshake(20, randomBytes(32))[...])
    }

    /// The application data sealers, client's and server's.
    public var applicationSealers: (client: TLS13RecordSealer, server: TLS13RecordSealer) {
        (TLS13RecordSealer(trafficSecret: secret("CLIENT_TRAFFIC_SECRET_0")), TLS13RecordSealer(trafficSecret: secret("SERVER_TRAFFIC_SECRET_0")))
    }

    private mutating func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }

    static func record(_ type: UInt8, _ body: [UInt8], version: UInt16 = 0x0303) -> [UInt8] {
        [type, UInt8(version >> 8), UInt8(version & 0xff), UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
    }

    static func handshake(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        [type, UInt8(body.count >> 16), UInt8((body.count >> 8) & 0xff), UInt8(body.count & 0xff)] + body
    }

    static func extensions(_ list: [(UInt16, [UInt8])]) -> [UInt8] {
        let bytes = list.flatMap { type, data in [UInt8(type >> 8), UInt8(type & 0xff), UInt8(data.count >> 8), UInt8(data.count & 0xff)] + data }
        return [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xff)] + bytes
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] }, as: UTF8.self)
}
