import CaptureCrafting
import Foundation
import PacketCapture
import Testing

/// gzip'd captures are read directly: inflated while libpcap reads them, no temporary file.
@Suite struct GzipCaptureTests {
    private func gzip(_ path: String, to output: String) throws {
        let gzip = try Tool.require("gzip", group: "gzip", install: "apt-get install gzip")
        try Fixtures.write(try Tool.run(gzip, ["-c", "-n", path]), to: output)
    }

    @Test func everyBundledCaptureReadsTheSameGzipped() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let captures = Fixtures.bundledCaptures
        #expect(captures.count >= 14)
        for capture in captures {
            let compressed = folder + "/" + URL(fileURLWithPath: capture).lastPathComponent + ".gz"
            try gzip(capture, to: compressed)
            let original = try readAll(path: capture)
            let reader = try CaptureReader(path: compressed)
            #expect(reader.isCompressed)
            #expect(reader.isRereadable)
            #expect(reader.format == (capture.hasSuffix(".pcapng") ? .pcapng : .pcap))
            let (inflated, error) = readAll(reader)
            #expect(error == nil, "\(compressed): \(String(describing: error))")
            #expect(inflated == original, "\(capture): gzip'd copy reads differently")
            #expect(!original.isEmpty)
            // The same through memory (the fuzzing path).
            let (fromMemory, memoryError) = readAll(try CaptureReader(bytes: try Fixtures.bytes(compressed)))
            #expect(memoryError == nil)
            #expect(fromMemory == original)
        }
    }

    @Test func recognisedByContentNotByName() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = Fixtures.capture("close-4000-reason.pcap")
        let disguised = folder + "/capture.pcap"       // gzip'd, without .gz
        try gzip(capture, to: disguised)
        let plainNamedGz = folder + "/plain.pcap.gz"   // not gzip'd, named .gz
        try FileManager.default.copyItem(atPath: capture, toPath: plainNamedGz)
        let original = try readAll(path: capture)
        #expect(try readAll(path: disguised) == original)
        #expect(try readAll(path: plainNamedGz) == original)
        #expect(try CaptureReader(path: plainNamedGz).isCompressed == false)
    }

    @Test func severalGzipMembersInARow() throws {
        // `cat a.gz b.gz` is one gzip file (RFC 1952 2.2): a capture compressed in two pieces.
        let capture = Fixtures.capture("chat-three-clients.pcap")
        let bytes = try Fixtures.bytes(capture)
        let cut = bytes.count / 3
        let joined = GzipWriter.compress(Array(bytes[..<cut])) + GzipWriter.compress(Array(bytes[cut...]))
        let (packets, error) = readAll(try CaptureReader(bytes: joined, name: "two-members.pcap.gz"))
        #expect(error == nil)
        #expect(packets == (try readAll(path: capture)))
    }

    @Test func cutOffGzipDeliversWhatCameBeforeAndNamesTheFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = Fixtures.capture("chat-three-clients.pcap")
        let original = try readAll(path: capture)
        let compressed = GzipWriter.compress(try Fixtures.bytes(capture))
        let path = folder + "/cut.pcap.gz"
        try Fixtures.write(Array(compressed.prefix(compressed.count / 2)), to: path)
        let (packets, error) = readAll(try CaptureReader(path: path))
        #expect(!packets.isEmpty)
        #expect(packets.count < original.count)
        #expect(packets == Array(original.prefix(packets.count)))
        let thrown = try #require(error)
        #expect(thrown.kind == .truncated)
        #expect(thrown.path == path)
        #expect(thrown.afterPacket == UInt64(packets.count))
        #expect(thrown.description.contains(path))
        #expect(thrown.description.contains("gzip"))
    }

    @Test func cutOffAtAPacketBoundaryIsStillAnError() throws {
        // The inflated bytes end exactly after a packet: libpcap alone would see a clean end.
        let capture = Fixtures.capture("close-4000-reason.pcap")
        let original = try readAll(path: capture)
        let writer = GzipWriter()
        let whole = try Fixtures.bytes(capture)
        let firstFive = 24 + original.prefix(5).reduce(0) { $0 + 16 + $1.capturedLength }
        let partial = writer.write(Array(whole[..<firstFive]), flush: true)   // no gzip trailer
        let (packets, error) = readAll(try CaptureReader(bytes: partial, name: "cut.pcap.gz"))
        #expect(packets == Array(original.prefix(5)))
        #expect(error?.kind == .truncated)
    }

    @Test func bytesAfterTheGzipDataAreAnError() throws {
        let capture = Fixtures.capture("close-4000-reason.pcap")
        let original = try readAll(path: capture)
        let joined = GzipWriter.compress(try Fixtures.bytes(capture)) + Array("not gzip".utf8)
        let (packets, error) = readAll(try CaptureReader(bytes: joined, name: "trailing.pcap.gz"))
        #expect(packets == original)
        #expect(error?.kind == .readFailed)
        #expect(error?.description.contains("not gzip") == true)
    }

    @Test func aCopyOfAGzippedPcapngIsAPlainPcapOfTheSamePackets() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = Fixtures.capture("python-echo-ipv6.pcapng")
        let reader = try CaptureReader(bytes: GzipWriter.compress(try Fixtures.bytes(capture)), name: "echo.pcapng.gz")
        try reader.saveCopy(to: folder + "/copy.pcap")
        let read = readAll(reader)
        #expect(read.error == nil)
        #expect(reader.endReason == .endOfInput)
        let copy = try CaptureReader(path: folder + "/copy.pcap")
        #expect(copy.format == .pcap)
        let copied = readAll(copy).packets
        #expect(copied == read.packets)
        #expect(copied == (try readAll(path: capture)))
    }

    @Test func gzipThatIsNoCaptureIsUnreadable() throws {
        let bytes = GzipWriter.compress(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: CaptureError.self) { try CaptureReader(bytes: bytes, name: "text.gz") }
    }

    @Test func aFilterWorksOnGzippedFilesWithWiresharkNumbers() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = Fixtures.capture("polling-vs-websocket.pcap")
        let compressed = folder + "/p.pcap.gz"
        try gzip(capture, to: compressed)
        let plain = try readAll(path: capture, filter: "tcp port 8765")
        let inflated = try readAll(path: compressed, filter: "tcp port 8765")
        #expect(inflated == plain)
        #expect(inflated.count < (try readAll(path: capture)).count)
    }
}
