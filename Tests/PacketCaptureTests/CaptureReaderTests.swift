import CaptureCrafting
import Foundation
import PacketCapture
import Testing

@Suite struct CaptureReaderTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wslens-\(UUID().uuidString)-\(name)").path
    }

    private func writeSample(to path: String, count: Int = 5) throws {
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        for index in 0..<count {
            let bytes = [UInt8](repeating: UInt8(index), count: 60 + index)
            writer.write(bytes, timestamp: CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 123_456_789),
                         originalLength: 100 + index)
        }
        writer.close()
    }

    @Test func writtenPacketsReadBackWithNanosecondsAndNumbers() throws {
        let path = temporaryPath("sample.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(to: path)
        let reader = try CaptureReader(path: path)
        #expect(reader.linkType == .ethernet)
        var index = 0
        while let packet = try reader.next() {
            #expect(packet.number == UInt64(index + 1))
            #expect(packet.timestamp == CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 123_456_789))
            #expect(packet.capturedLength == 60 + index)
            #expect(packet.originalLength == 100 + index)
            #expect(Array(packet.bytes) == [UInt8](repeating: UInt8(index), count: 60 + index))
            index += 1
        }
        #expect(index == 5)
    }

    @Test func filterSkipsPacketsButKeepsWiresharkNumbers() throws {
        let path = temporaryPath("filter.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var first = TCPConversation(client: .ipv4("10.0.0.1", 40000), server: .ipv4("10.0.0.2", 80))
        first.handshake()
        var second = TCPConversation(client: .ipv4("10.0.0.1", 40001), server: .ipv4("10.0.0.2", 8080))
        second.handshake()
        // Interleave: 80, 8080, 80, 8080, ...
        let packets = zip(first.packets, second.packets).flatMap { [$0, $1] }
        try TCPConversation.write(packets, linkType: .ethernet, to: path)
        let reader = try CaptureReader(path: path, filter: "tcp port 8080")
        var numbers: [UInt64] = []
        while let packet = try reader.next() { numbers.append(packet.number) }
        #expect(numbers == [2, 4, 6])
    }

    @Test func invalidFilterIsAClearError() throws {
        let path = temporaryPath("bad-filter.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(to: path)
        #expect(throws: CaptureError.self) { try CaptureReader(path: path, filter: "tcp port nonsense(") }
    }

    @Test func truncatedFileDeliversEarlierPacketsThenNamesWhereItBroke() throws {
        let path = temporaryPath("cut.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 30).write(to: URL(fileURLWithPath: path))
        let reader = try CaptureReader(path: path)
        var read = 0
        do {
            while try reader.next() != nil { read += 1 }
            Issue.record("a truncated capture must throw")
        } catch {
            #expect(error.kind == .truncated)
            #expect(error.afterPacket == 4)
            #expect(error.description.hasPrefix(path))
        }
        #expect(read == 4)
    }

    @Test func fileThatIsNoCaptureIsUnreadable() throws {
        let path = temporaryPath("not-a-capture.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CaptureReader(path: path)
            Issue.record("a text file must not open as a capture")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description.contains(path))
        }
        #expect(throws: CaptureError.self) { try CaptureReader(path: "/nonexistent/file.pcap") }
    }

    @Test func readsCaptureHeldInMemory() throws {
        let path = temporaryPath("memory.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(to: path, count: 3)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let reader = try CaptureReader(bytes: bytes)
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == 3)
    }
}
