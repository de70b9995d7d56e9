// Generates the benchmark captures deterministically (see Benchmarks/README.md).
//
//   benchmark-captures [mixed|small|large|all] [--megabytes N] [--output DIR]
//
// mixed  Benchmarks/out/mixed-100MB.pcap  payloads of 1 B to 512 KiB (16- and 64-bit lengths)
// small  Benchmarks/out/small-100MB.pcap  payloads of 2 to 120 B only, often several per segment
// large  Benchmarks/out/mixed-1GB.pcap    the mixed profile, ten times longer
// tls    Benchmarks/out/mixed-tls-100MB.pcap  the mixed profile's messages inside TLS 1.3 (port 443,
//        TLS_AES_128_GCM_SHA256, records sealed with swift-crypto by CaptureCrafting), and its key
//        log Benchmarks/out/mixed-tls-100MB.keys
//
// Every capture: Ethernet, IPv4, many interleaved WebSocket connections to port 8080 (HTTP upgrade
// with a valid accept key, a quarter of them with permessage-deflate and context takeover), masked
// client frames, fragmented messages with pings (and their pongs) between fragments, TCP segmented at
// MSS 1448 with pure ACKs, close handshake and FINs. The same arguments always give the same bytes.

import CaptureCrafting
import PacketCapture
import PacketDecoding
import WireBytes
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Deterministic randomness

extension SeededGenerator {
    /// 0..<bound
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

// MARK: - Payload pools (slices of them become message payloads, so generation stays fast)

enum Pools {
    static let size = 1 << 21   // 2 MiB, larger than the largest message
    /// Incompressible bytes for binary messages.
    static let binary: [UInt8] = {
        var rng = SeededGenerator(seed: 0xB1A4)
        var bytes = [UInt8](repeating: 0, count: size)
        var index = 0
        while index < size {
            var word = rng.next()
            for _ in 0..<8 where index < size {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }()
    /// Chat-like JSON text (valid UTF-8, compressible) for text messages.
    static let text: [UInt8] = {
        var rng = SeededGenerator(seed: 0x7E47)
        let words = ["hello", "world", "price", "update", "ticker", "order", "status", "ok", "user", "message",
                     "room", "join", "leave", "typing", "seminar", "frame", "mask", "opcode", "grüße", "naïve", "😀"]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + 256)
        var counter = 0
        while bytes.count < size {
            counter += 1
            var line = "{\"id\":\(counter),\"type\":\"\(words[rng.below(words.count)])\",\"text\":\""
            for _ in 0..<rng.inRange(3...12) { line += words[rng.below(words.count)] + " " }
            line += "\",\"value\":\(rng.below(1_000_000))}\n"
            bytes += Array(line.utf8)
        }
        return bytes
    }()

    /// `count` bytes starting at a random offset. Text slices are cut back to a UTF-8 boundary.
    static func payload(count: Int, text isText: Bool, rng: inout SeededGenerator) -> [UInt8] {
        let pool = isText ? text : binary
        var start = rng.below(size - count)
        if isText {
            while start > 0 && pool[start] & 0xC0 == 0x80 { start -= 1 }
            var end = start + count
            while end < pool.count && pool[end] & 0xC0 == 0x80 { end += 1 }
            return Array(pool[start..<end])
        }
        return Array(pool[start..<(start + count)])
    }
}

// MARK: - Output

/// Writes packets to the pcap and counts what was written.
final class Output {
    let writer: CaptureWriter
    private(set) var fileBytes = 24   // the pcap file header
    private(set) var packets = 0
    private(set) var frames = 0
    private var clock = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 0)

    init(path: String) throws {
        writer = try CaptureWriter(path: path, linkType: .ethernet)
    }

    func write(_ packet: [UInt8]) {
        writer.write(packet, timestamp: clock)
        fileBytes += 16 + packet.count
        packets += 1
        let nanoseconds = clock.nanoseconds + 20_000   // 20 µs apart
        clock = nanoseconds >= 1_000_000_000
            ? CaptureTimestamp(seconds: clock.seconds + 1, nanoseconds: nanoseconds - 1_000_000_000)
            : CaptureTimestamp(seconds: clock.seconds, nanoseconds: nanoseconds)
    }

    func countFrames(_ count: Int) { frames += count }
    /// TLS key log lines, written beside the capture.
    private(set) var keyLogText = ""
    func keyLog(_ lines: String) { keyLogText += lines }
    func close() { writer.close() }
}

// MARK: - One connection

enum Profile: String {
    case mixed
    case small
}

/// A connection's TLS: the handshake (for the key log) and each direction's application data sealer.
struct ConnectionTLS {
    var handshake: CraftedTLS13Handshake
    var sealers: [Peer: TLS13RecordSealer]
}

/// One WebSocket connection, written packet by packet as it goes (nothing is kept once written).
final class Connection {
    static let mss = 1_448
    // RFC 6455 §1.3's example key and accept (the accept key checks out).
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="
    static let accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    let client: SocketAddress
    let server: SocketAddress
    let deflates: Bool
    var messagesLeft: Int
    private var sequence: [Peer: UInt32]
    private var deflaters: [Peer: MessageDeflater] = [:]
    private var identification: UInt16 = 1
    /// wss: the messages go inside TLS 1.3 records.
    private(set) var tls: ConnectionTLS?

    init(number: Int, rng: inout SeededGenerator, profile: Profile, tls wantsTLS: Bool = false) {
        client = SocketAddress(address: .v4(0x0A01_0000 | UInt32(number / 20_000)), port: UInt16(20_000 + number % 20_000))
        server = SocketAddress(address: .v4(0x0A00_0001 + UInt32(number % 4)), port: wantsTLS ? 443 : 8080)
        if wantsTLS {
            // Its own generator: the WebSocket messages stay those of the plain capture with the same seed.
            var tlsRandom = SeededGenerator(seed: 0x715_0000 &+ UInt64(number))
            let handshake = CraftedTLS13Handshake(serverName: "bench.example", rng: &tlsRandom)
            let (clientSealer, serverSealer) = handshake.applicationSealers
            tls = ConnectionTLS(handshake: handshake, sealers: [.client: clientSealer, .server: serverSealer])
        }
        deflates = number % 4 == 3
        messagesLeft = profile == .small ? rng.inRange(50...2_000) : rng.inRange(20...400)
        sequence = [.client: UInt32(truncatingIfNeeded: rng.next()), .server: UInt32(truncatingIfNeeded: rng.next())]
        if deflates {
            deflaters = [.client: MessageDeflater(), .server: MessageDeflater()]
        }
    }

    // MARK: TCP

    private func emit(from peer: Peer, flags: TCPFlags, payload: [UInt8], consumes extra: UInt32 = 0, to output: Output) {
        let (source, destination) = peer == .client ? (client, server) : (server, client)
        let ip = PacketBuilder.ipTCP(source: source, destination: destination, sequenceNumber: sequence[peer]!,
                                     acknowledgmentNumber: flags.contains(.ack) ? sequence[peer.opposite]! : 0,
                                     flags: flags, payload: payload, identification: identification)
        identification &+= 1
        sequence[peer]! &+= UInt32(truncatingIfNeeded: payload.count) &+ extra
        output.write(LinkFraming.ethernet.frame(ip))
    }

    /// Sends bytes (inside TLS records on a TLS connection) in MSS-sized segments, then the receiver's pure ACK.
    private func send(_ plain: [UInt8], from peer: Peer, to output: Output) {
        guard !plain.isEmpty else { return }
        let bytes = tls == nil ? plain : tls!.sealers[peer]!.sealApplicationData(plain)
        sendRaw(bytes, from: peer, to: output)
    }

    private func sendRaw(_ bytes: [UInt8], from peer: Peer, to output: Output) {
        var start = 0
        while start < bytes.count {
            let end = min(start + Self.mss, bytes.count)
            emit(from: peer, flags: [.ack, .psh], payload: Array(bytes[start..<end]), to: output)
            start = end
        }
        emit(from: peer.opposite, flags: .ack, payload: [], to: output)
    }

    func open(to output: Output) {
        emit(from: .client, flags: .syn, payload: [], consumes: 1, to: output)
        emit(from: .server, flags: [.syn, .ack], payload: [], consumes: 1, to: output)
        emit(from: .client, flags: .ack, payload: [], to: output)
        if var handshake = tls?.handshake {
            sendRaw(handshake.clientHello(), from: .client, to: output)
            sendRaw(handshake.serverFlight(), from: .server, to: output)
            sendRaw(handshake.clientFinished(), from: .client, to: output)
            output.keyLog(handshake.keyLogLines)
        }
        let offer = deflates ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : ""
        let answer = deflates ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : ""
        let request = "GET /feed HTTP/1.1\r\nHost: bench.example:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(Self.key)\r\nSec-WebSocket-Version: 13\r\n\(offer)\r\n"
        let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(Self.accept)\r\n\(answer)\r\n"
        send(Array(request.utf8), from: .client, to: output)
        send(Array(response.utf8), from: .server, to: output)
    }

    func close(to output: Output, rng: inout SeededGenerator) {
        send(frame(opcode: 8, payload: [0x03, 0xE8] + Array("bye".utf8), from: .client, rng: &rng), from: .client, to: output)
        send(frame(opcode: 8, payload: [0x03, 0xE8], from: .server, rng: &rng), from: .server, to: output)
        output.countFrames(2)
        if tls != nil {
            // close_notify both ways.
            sendRaw(tls!.sealers[.client]!.seal(type: 21, [1, 0]), from: .client, to: output)
            sendRaw(tls!.sealers[.server]!.seal(type: 21, [1, 0]), from: .server, to: output)
        }
        emit(from: .server, flags: [.fin, .ack], payload: [], consumes: 1, to: output)
        emit(from: .client, flags: [.fin, .ack], payload: [], consumes: 1, to: output)
        emit(from: .server, flags: .ack, payload: [], to: output)
    }

    // MARK: WebSocket

    private func frame(opcode: UInt8, payload: [UInt8], from peer: Peer, fin: Bool = true, rsv1: Bool = false,
                       rng: inout SeededGenerator) -> [UInt8] {
        var key: [UInt8]?
        if peer == .client {
            let word = UInt32(truncatingIfNeeded: rng.next()) | 1   // never the all-zero key
            key = [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)]
        }
        var builder = WebSocketFrameBuilder(opcode: opcode, payload: payload, maskingKey: key, fin: fin)
        builder.rsv1 = rsv1
        return builder.bytes
    }

    private static func mixedSize(_ rng: inout SeededGenerator) -> Int {
        let roll = rng.below(100)
        switch roll {
        case ..<55: return rng.inRange(1...125)                 // 7-bit length
        case ..<80: return rng.inRange(126...1_024)             // 16-bit length
        case ..<92: return rng.inRange(1_025...16_384)
        case ..<98: return rng.inRange(16_385...65_535)
        default: return rng.inRange(65_536...524_288)           // 64-bit length
        }
    }

    /// One data message (maybe fragmented, with pings and their pongs between the fragments).
    func sendMessage(profile: Profile, to output: Output, rng: inout SeededGenerator) {
        messagesLeft -= 1
        let from: Peer = rng.chance(50) ? .client : .server
        let isText = deflates || rng.chance(60)
        let size = profile == .small ? rng.inRange(2...120) : Self.mixedSize(&rng)
        let message = Pools.payload(count: size, text: isText, rng: &rng)
        let wire = deflaters[from]?.compress(message) ?? message
        let fragmentCount = profile == .mixed && wire.count >= 16 && rng.chance(12) ? rng.inRange(2...5) : 1
        var pending: [UInt8] = []
        var start = 0
        for fragment in 0..<fragmentCount {
            let end = fragment == fragmentCount - 1 ? wire.count : start + wire.count / fragmentCount
            pending += frame(opcode: fragment == 0 ? (isText ? 1 : 2) : 0, payload: Array(wire[start..<end]), from: from,
                             fin: fragment == fragmentCount - 1, rsv1: deflates && fragment == 0, rng: &rng)
            output.countFrames(1)
            start = end
            if fragment < fragmentCount - 1, rng.chance(60) {
                // A ping between fragments; the peer answers it at once (the pong crosses the rest).
                let token = Pools.payload(count: rng.inRange(0...16), text: false, rng: &rng)
                pending += frame(opcode: 9, payload: token, from: from, rng: &rng)
                send(pending, from: from, to: output)
                pending = []
                send(frame(opcode: 10, payload: token, from: from.opposite, rng: &rng), from: from.opposite, to: output)
                output.countFrames(2)
            }
        }
        send(pending, from: from, to: output)
    }

    /// Several small messages written back to back, coalesced into MSS-sized segments.
    func sendBurst(to output: Output, rng: inout SeededGenerator) {
        let from: Peer = rng.chance(50) ? .client : .server
        var pending: [UInt8] = []
        for _ in 0..<rng.inRange(2...30) where messagesLeft > 0 {
            messagesLeft -= 1
            let isText = deflates || rng.chance(60)
            let message = Pools.payload(count: rng.inRange(2...120), text: isText, rng: &rng)
            let wire = deflaters[from]?.compress(message) ?? message
            pending += frame(opcode: isText ? 1 : 2, payload: wire, from: from, rsv1: deflates, rng: &rng)
            output.countFrames(1)
        }
        send(pending, from: from, to: output)
    }
}

// MARK: - A capture

func generate(profile: Profile, targetBytes: Int, path: String, seed: UInt64, tls: Bool = false) throws {
    var rng = SeededGenerator(seed: seed)
    let output = try Output(path: path)
    let concurrent = profile == .small ? 256 : 128
    var opened = 0
    var active: [Connection] = []
    func openConnection(_ rng: inout SeededGenerator) -> Connection {
        opened += 1
        let connection = Connection(number: opened, rng: &rng, profile: profile, tls: tls)
        connection.open(to: output)
        return connection
    }
    for _ in 0..<concurrent { active.append(openConnection(&rng)) }
    while output.fileBytes < targetBytes {
        let slot = rng.below(active.count)
        let connection = active[slot]
        if profile == .small && rng.chance(30) {
            connection.sendBurst(to: output, rng: &rng)
        } else {
            connection.sendMessage(profile: profile, to: output, rng: &rng)
        }
        if connection.messagesLeft <= 0 {
            connection.close(to: output, rng: &rng)
            active[slot] = openConnection(&rng)
        }
    }
    for connection in active { connection.close(to: output, rng: &rng) }
    output.close()
    if tls {
        let keys = (path.hasSuffix(".pcap") ? String(path.dropLast(5)) : path) + ".keys"
        guard let file = fopen(keys, "w") else { fatalError("cannot write \(keys)") }
        _ = output.keyLogText.withCString { fputs($0, file) }
        fclose(file)
        print("\(keys): the TLS key log, \(opened) sessions")
    }
    print("\(path): \(output.fileBytes) bytes, \(output.packets) packets, \(output.frames) WebSocket frames, \(opened) connections")
}

// MARK: - Command line

var arguments = Array(CommandLine.arguments.dropFirst())
var which = "all"
var megabytes: Int?
var directory = "Benchmarks/out"
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--megabytes":
        guard let value = arguments.first.flatMap({ Int($0) }) else { fatalError("--megabytes needs a number") }
        megabytes = value
        arguments.removeFirst()
    case "--output":
        guard let value = arguments.first else { fatalError("--output needs a directory") }
        directory = value
        arguments.removeFirst()
    case "mixed", "small", "large", "tls", "all":
        which = argument
    case "-h", "--help":
        print("usage: benchmark-captures [mixed|small|large|tls|all] [--megabytes N] [--output DIR]")
        exit(0)
    default:
        print("benchmark-captures: unknown argument \(argument)")
        exit(2)
    }
}

let plans: [(name: String, profile: Profile, megabytes: Int, file: String, seed: UInt64, tls: Bool)] = [
    ("mixed", .mixed, 100, "mixed-100MB.pcap", 1, false),
    ("small", .small, 100, "small-100MB.pcap", 2, false),
    ("large", .mixed, 1_000, "mixed-1GB.pcap", 3, false),
    ("tls", .mixed, 100, "mixed-tls-100MB.pcap", 1, true),   // the mixed capture's seed: the same messages
]
for plan in plans where which == "all" || which == plan.name {
    let size = megabytes ?? plan.megabytes
    let file = megabytes == nil ? plan.file : (plan.tls ? "mixed-tls-\(size)MB.pcap" : "\(plan.name)-\(size)MB.pcap")
    do {
        try generate(profile: plan.profile, targetBytes: size * 1_000_000, path: "\(directory)/\(file)", seed: plan.seed, tls: plan.tls)
    } catch {
        print("benchmark-captures: \(error)")
        exit(3)
    }
}
