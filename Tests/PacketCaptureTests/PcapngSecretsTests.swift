import CaptureCrafting
import Foundation
import PacketCapture
import Testing

/// Decryption Secrets Blocks, found by our own pcapng block walker (libpcap skips them).
@Suite struct PcapngSecretsTests {
    private let fixture = Fixtures.fixture("close-4000-with-secrets.pcapng")
    private let keyLogPath = Fixtures.fixture("tls-keylog.txt")

    private func packet(_ index: Int) -> [UInt8] { (0..<(60 + index)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) } }
    private func time(_ index: Int) -> CaptureTimestamp { CaptureTimestamp(seconds: 1_764_770_000 + Int64(index), nanoseconds: 123_456_789) }

    @Test func editcapSecretsComeBackVerbatim() throws {
        let keyLog = try Fixtures.bytes(keyLogPath)
        let scan = try PcapngSecrets.scan(path: fixture)
        #expect(scan.isPcapng)
        #expect(scan.problem == nil)
        #expect(scan.sections == 1)
        // Section header, secrets, interface, 17 packets, interface statistics: every block walked.
        #expect(scan.blocks >= 20)
        #expect(scan.secrets.count == 1)
        let secrets = try #require(scan.secrets.first)
        #expect(secrets.type == .tlsKeyLog)
        #expect(secrets.type.description == "TLS key log")
        #expect(secrets.data == keyLog)
        #expect(secrets.section == 0)
        #expect(secrets.offset == 108)   // right after editcap's 108-byte section header
        #expect(scan.tlsKeyLog == String(decoding: keyLog, as: UTF8.self))
        // The same from memory (the file source seeks over packet blocks; memory reads them).
        let bytes = try Fixtures.bytes(fixture)
        #expect(PcapngSecrets.scan(bytes: bytes) == scan)
    }

    @Test func libpcapReadsThePacketsAndSkipsTheSecrets() throws {
        let reader = try CaptureReader(path: fixture)
        #expect(reader.format == .pcapng)
        #expect(reader.isRereadable)
        let packets = readAll(reader)
        #expect(packets.error == nil)
        let original = try readAll(path: Fixtures.capture("close-4000-reason.pcap"))
        #expect(mismatch(packets.packets.map(\.bytes), original.map(\.bytes)) == nil)
    }

    @Test(.enabled(if: !TestSkip.contains("tshark")))
    func committedFixtureIsWhatEditcapMakes() throws {
        let editcap = try Tool.require("editcap", group: "tshark", install: "apt-get install tshark")
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Tool.run(editcap, ["-F", "pcapng", Fixtures.capture("close-4000-reason.pcap"), folder + "/in.pcapng"])
        try Tool.run(editcap, ["--inject-secrets", "tls,\(keyLogPath)", folder + "/in.pcapng", folder + "/out.pcapng"])
        let made = try PcapngSecrets.scan(path: folder + "/out.pcapng")
        #expect(made == (try PcapngSecrets.scan(path: fixture)))
        #expect(made.secrets.first?.data == (try Fixtures.bytes(keyLogPath)))
        // A pcapng without secrets has none, and says nothing is wrong.
        let plain = try PcapngSecrets.scan(path: folder + "/in.pcapng")
        #expect(plain.isPcapng && plain.secrets.isEmpty && plain.problem == nil)
    }

    @Test func severalSectionsAndGzip() throws {
        // `cat a.pcapng b.pcapng` is a valid pcapng file of two sections.
        let bytes = try Fixtures.bytes(fixture)
        let twice = PcapngSecrets.scan(bytes: bytes + bytes)
        #expect(twice.problem == nil)
        #expect(twice.sections == 2)
        #expect(twice.secrets.map(\.section) == [0, 1])
        #expect(twice.secrets.map(\.offset) == [108, UInt64(bytes.count) + 108])
        // A big-endian section after a little-endian one: byte order is per section.
        var big = PcapngBuilder(bigEndian: true)
        big.sectionHeader()
        big.interface(linkType: .ethernet)
        big.decryptionSecrets(type: .wireGuardKeyLog, data: Array("wg keys\n".utf8))
        big.packet(packet(1), timestamp: time(1))
        let mixed = PcapngSecrets.scan(bytes: bytes + big.bytes)
        #expect(mixed.problem == nil)
        #expect(mixed.secrets.map(\.type) == [.tlsKeyLog, .wireGuardKeyLog])
        #expect(mixed.secrets.last?.text == "wg keys\n")
        #expect(mixed.tlsKeyLog == String(decoding: try Fixtures.bytes(keyLogPath), as: UTF8.self))
        // gzip'd: walked while inflating.
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Fixtures.write(GzipWriter.compress(bytes + bytes), to: folder + "/two.pcapng.gz")
        #expect(try PcapngSecrets.scan(path: folder + "/two.pcapng.gz") == twice)
    }

    @Test(.enabled(if: !TestSkip.contains("tshark")))
    func craftedBigEndianFileIsValidForLibpcapAndTshark() throws {
        let tshark = try Tool.require("tshark", group: "tshark", install: "apt-get install tshark")
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var builder = PcapngBuilder(bigEndian: true)
        builder.sectionHeader()
        builder.decryptionSecrets(type: .tlsKeyLog, data: try Fixtures.bytes(keyLogPath))
        builder.interface(linkType: .ethernet)
        for index in 0..<3 { builder.packet(packet(index), timestamp: time(index)) }
        builder.decryptionSecrets(type: .tlsKeyLog, data: Array("CLIENT_RANDOM 00 11\n".utf8))   // later keys
        builder.packet(packet(3), timestamp: time(3))
        let path = folder + "/big.pcapng"
        try Fixtures.write(builder.bytes, to: path)
        // tshark reads every packet: the builder writes valid pcapng.
        let lines = String(decoding: try Tool.run(tshark, ["-r", path, "-T", "fields", "-e", "frame.len"]), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines == ["60", "61", "62", "63"])
        let packets = try readAll(path: path)
        #expect(packets.map(\.bytes) == (0..<4).map(packet))
        #expect(packets.map(\.nanoseconds) == Array(repeating: 123_456_789, count: 4))
        let scan = try PcapngSecrets.scan(path: path)
        #expect(scan.problem == nil)
        #expect(scan.secrets.count == 2)
        #expect(scan.tlsKeyLog == String(decoding: try Fixtures.bytes(keyLogPath), as: UTF8.self) + "CLIENT_RANDOM 00 11\n")
    }

    @Test func notPcapngIsSaidQuietly() throws {
        let pcap = PcapngSecrets.scan(bytes: try Fixtures.bytes(Fixtures.capture("close-4000-reason.pcap")))
        #expect(!pcap.isPcapng && pcap.secrets.isEmpty && pcap.problem == nil && pcap.sections == 0)
        for bytes: [UInt8] in [[], [0x0A], [0x0A, 0x0D, 0x0D, 0x0A], Array("hello world, no capture".utf8)] {
            let scan = PcapngSecrets.scan(bytes: bytes)
            #expect(!scan.isPcapng && scan.problem == nil)
        }
        #expect(throws: CaptureError.self) { try PcapngSecrets.scan(path: "/nonexistent/capture.pcapng") }
    }

    /// A valid file with one DSB before and one after the hostile block.
    private func file(with hostile: (inout PcapngBuilder) -> Void, bigEndian: Bool = false) -> [UInt8] {
        var builder = PcapngBuilder(bigEndian: bigEndian)
        builder.sectionHeader()
        builder.decryptionSecrets(type: .tlsKeyLog, data: Array("first\n".utf8))
        builder.interface(linkType: .ethernet)
        builder.packet(packet(0), timestamp: time(0))
        hostile(&builder)
        builder.decryptionSecrets(type: .tlsKeyLog, data: Array("second\n".utf8))
        return builder.bytes
    }

    @Test(arguments: [false, true])
    func hostileBlocksStopTheWalkAndKeepWhatCameBefore(bigEndian: Bool) throws {
        let cases: [(String, (inout PcapngBuilder) -> Void)] = [
            ("not a multiple of 4", { $0.rawBlock(type: 6, leadingLength: 31, body: Array(repeating: 0, count: 19), trailingLength: 31) }),
            ("less than its 12-byte minimum", { $0.rawBlock(type: 6, leadingLength: 8, body: [], trailingLength: nil) }),
            ("over the limit", { $0.rawBlock(type: 6, leadingLength: 0xFFFF_FFF0, body: [], trailingLength: nil) }),
            ("not its leading", { $0.rawBlock(type: 6, leadingLength: 16, body: [1, 2, 3, 4], trailingLength: 20) }),
            ("claims 1000 bytes of secrets", {
                $0.rawBlock(type: 0x0A, leadingLength: 28, body: [0x54, 0x4C, 0x53, 0x4B].reversed() + [0xE8, 0x03, 0, 0] + [0, 0, 0, 0],
                            trailingLength: 28)
            }),
            ("too short for its fields", { $0.rawBlock(type: 0x0A, leadingLength: 16, body: [0, 0, 0, 0], trailingLength: 16) }),
            ("bad byte-order magic", { $0.rawBlock(type: 0x0A0D_0D0A, leadingLength: 28, body: Array(repeating: 0x55, count: 16), trailingLength: 28) }),
            ("version 2", { $0.sectionHeader(majorVersion: 2) }),
            ("ends inside", { $0.rawBlock(type: 6, leadingLength: 64, body: [1, 2, 3, 4], trailingLength: nil) }),
        ]
        for (expected, hostile) in cases {
            var bytes = file(with: hostile, bigEndian: bigEndian)
            if expected == "claims 1000 bytes of secrets" && bigEndian {
                // The body above is little-endian; in a big-endian section write it in that order.
                var builder = PcapngBuilder(bigEndian: true)
                builder.sectionHeader()
                builder.decryptionSecrets(type: .tlsKeyLog, data: Array("first\n".utf8))
                builder.rawBlock(type: 0x0A, leadingLength: 28, body: [0x54, 0x4C, 0x53, 0x4B, 0, 0, 0x03, 0xE8, 0, 0, 0, 0], trailingLength: 28)
                bytes = builder.bytes
            }
            let scan = PcapngSecrets.scan(bytes: bytes)
            #expect(scan.isPcapng)
            #expect(scan.secrets.map(\.text) == ["first\n"], "\(expected)")
            let problem = scan.problem ?? ""
            #expect(problem.contains(expected), "\(expected): got \(problem)")
            #expect(problem.contains("offset"), "\(expected): \(problem)")
        }
    }

    @Test func secretsAreCapped() throws {
        let bytes = file(with: { $0.decryptionSecrets(type: .tlsKeyLog, data: Array(repeating: 0x41, count: 5000)) })
        let scan = PcapngSecrets.scan(bytes: bytes, limits: PcapngWalkLimits(maximumBlockLength: 1 << 20, maximumSecretsBytes: 4096))
        #expect(scan.secrets.map(\.text) == ["first\n"])
        #expect(scan.problem?.contains("limit of 4096") == true)
        let blockCapped = PcapngSecrets.scan(bytes: bytes, limits: PcapngWalkLimits(maximumBlockLength: 4096, maximumSecretsBytes: 1 << 20))
        #expect(blockCapped.problem?.contains("over the limit of 4096") == true)
        let unlimited = PcapngSecrets.scan(bytes: bytes)
        #expect(unlimited.problem == nil)
        #expect(unlimited.secrets.count == 3)
    }

    @Test func everyCutOfARealFileIsHandled() throws {
        // Every prefix of the fixture: no crash, and either a clean end at a block boundary or a problem.
        let bytes = try Fixtures.bytes(fixture)
        let whole = PcapngSecrets.scan(bytes: bytes)
        var boundaries: Set<Int> = [0]
        var offset = 0
        while offset < bytes.count {
            offset += Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            boundaries.insert(offset)
        }
        for length in 0..<bytes.count {
            let scan = PcapngSecrets.scan(bytes: Array(bytes.prefix(length)))
            if length < 12 {
                #expect(!scan.isPcapng || scan.problem != nil)
            } else if boundaries.contains(length) {
                #expect(scan.problem == nil, "cut at \(length) is a block boundary")
            } else {
                #expect(scan.problem?.contains("ends inside") == true, "cut at \(length): \(String(describing: scan.problem))")
            }
            #expect(scan.secrets.count <= whole.secrets.count)
            if length > 1400 { #expect(scan.secrets == whole.secrets) }
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 0x5EC2_E75)
        var header = PcapngBuilder()
        header.sectionHeader()
        for _ in 0..<2000 {
            let count = Int(generator.next() % 200)
            let noise = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let scan = PcapngSecrets.scan(bytes: header.bytes + noise)
            #expect(scan.isPcapng)
            #expect(scan.sections >= 1)
        }
    }
}
