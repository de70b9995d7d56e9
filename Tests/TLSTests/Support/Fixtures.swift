import Foundation
import TLS
import WireBytes

/// The known-answer fixtures in Fixtures/ ("name = hex" lines, `#` comments), each file naming
/// its source at the top.
enum Fixture {
    static func values(_ file: String) -> [String: [UInt8]] {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(file)", withExtension: nil),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("fixture \(file) is missing from the test bundle") }
        var values: [String: [UInt8]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let bytes = Hex.decode(String(parts[1]).trimmingCharacters(in: .whitespaces))
            else { continue }
            values[parts[0].trimmingCharacters(in: .whitespaces)] = bytes
        }
        return values
    }

    /// RFC 8448 section 3.
    static let rfc8448 = values("rfc8448-section3.txt")
    /// The TLS 1.2 PRF vectors.
    static let prf = values("tls12-prf.txt")

    static func rfc8448(_ name: String) -> [UInt8] {
        guard let value = rfc8448[name] else { fatalError("rfc8448-section3.txt has no \(name)") }
        return value
    }

    /// A key log for the RFC 8448 session with the given labels.
    static func rfc8448KeyLog(_ labels: [KeyLog.Label: String]) -> KeyLog {
        let random = rfc8448("client_random").hexString
        let text = labels.map { label, name in "\(label.rawValue) \(random) \(rfc8448(name).hexString)" }.joined(separator: "\n")
        return KeyLog(parsing: text)
    }

    static let rfc8448AllSecrets: [KeyLog.Label: String] = [
        .clientHandshakeTrafficSecret: "client_handshake_traffic_secret",
        .serverHandshakeTrafficSecret: "server_handshake_traffic_secret",
        .clientTrafficSecret0: "client_application_traffic_secret",
        .serverTrafficSecret0: "server_application_traffic_secret",
        .exporterSecret: "exporter_master_secret",
    ]
}
