import Foundation
import PacketCapture
import PacketDecoding
import TCPReassembly
import TestSupport
import Testing
import TLS
import WireBytes

/// Drives a capture through the real pipeline below TLS (libpcap, packet decoding, TCP
/// reassembly) and one `TLSSession` per connection, as the analysis pipeline will.
struct CaptureDriver {
    struct Connection {
        var client: SocketAddress
        var server: SocketAddress
        var session: TLSSession
        var events: [TLSEvent] = []
        var provenance: [Peer: ProvenanceIndex] = [.client: ProvenanceIndex(), .server: ProvenanceIndex()]
        /// The first bytes of each direction (up to the recogniser's limit).
        var firstBytes: [Peer: [UInt8]] = [.client: [], .server: []]
    }

    /// Connections by number (1-based, as TCPReassembly numbers them).
    private(set) var connections: [Int: Connection] = [:]

    static func run(_ path: String, keyLog: KeyLog?, configuration: TLSSession.Configuration? = nil) throws -> [Int: Connection] {
        let reader = try CaptureReader(path: path)
        var decoder = PacketDecoder()
        var reassembler = TCPReassembler()
        var driver = CaptureDriver()
        var streamEvents: [StreamEvent] = []
        let sessionConfiguration = configuration ?? TLSSession.Configuration(keyLog: keyLog)
        while let packet = try reader.next() {
            if case .tcp(let segment) = decoder.decode(packet).content {
                _ = reassembler.process(segment, into: &streamEvents)
                driver.handle(streamEvents, configuration: sessionConfiguration)
                streamEvents.removeAll()
            }
        }
        reassembler.finish(into: &streamEvents)
        driver.handle(streamEvents, configuration: sessionConfiguration)
        for number in Array(driver.connections.keys) {
            var connection = driver.connections.removeValue(forKey: number)!
            connection.session.finish(into: &connection.events)
            driver.connections[number] = connection
        }
        return driver.connections
    }

    private mutating func handle(_ events: [StreamEvent], configuration: TLSSession.Configuration) {
        for event in events {
            switch event {
            case .opened(let number, let client, let server, _, _):
                connections[number] = Connection(client: client, server: server, session: TLSSession(configuration: configuration))
            case .data(let chunk):
                var connection = connections.removeValue(forKey: chunk.connection)!
                connection.provenance[chunk.from]!.record(chunk)
                if connection.firstBytes[chunk.from]!.count < TLSRecognizer.inspectionLimit {
                    connection.firstBytes[chunk.from]! += chunk.bytes.prefix(TLSRecognizer.inspectionLimit - connection.firstBytes[chunk.from]!.count)
                }
                connection.session.consume(chunk.bytes, from: chunk.from, into: &connection.events)
                connections[chunk.connection] = connection
            case .gap(let gap):
                var connection = connections.removeValue(forKey: gap.connection)!
                connection.session.gap(from: gap.from, length: gap.length, into: &connection.events)
                connections[gap.connection] = connection
            case .ended, .closed, .finding:
                break
            }
        }
    }
}

/// tshark, the independent decoder the captures are compared with (see TestSupport's ExternalTool).
enum Tshark {
    /// Runs tshark and returns its standard output; fails the calling test when tshark is missing.
    static func run(_ arguments: [String]) throws -> String {
        try ExternalTool.tshark.require()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExternalTool.which("tshark")!)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The recorded wss captures and their key logs (Captures/wss/).
enum WSSCaptures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Captures/wss")

    static let names = ["wss-chromium-tls13", "wss-tls12-aes-gcm", "wss-tls12-chacha", "wss-tls13-chacha", "wss-tls13-aes128"]

    static func capture(_ name: String) -> String { directory.appendingPathComponent("\(name).pcap").path }
    static func keyLogPath(_ name: String) -> String { directory.appendingPathComponent("\(name).keys").path }

    static func keyLog(_ name: String) throws -> KeyLog {
        KeyLog(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: keyLogPath(name)))))
    }

    /// The key log text with the last hex digit of every secret changed.
    static func corruptedKeyLogText(_ name: String) throws -> String {
        let text = try String(contentsOfFile: keyLogPath(name), encoding: .utf8)
        return text.split(separator: "\n").map { line -> String in
            guard !line.hasPrefix("#"), let last = line.last else { return String(line) }
            return line.dropLast() + (last == "0" ? "1" : "0")
        }.joined(separator: "\n")
    }
}
