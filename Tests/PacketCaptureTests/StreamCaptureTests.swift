import CaptureCrafting
import Foundation
import PacketCapture
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A packet handed from the reading thread to the test.
private final class Inbox: @unchecked Sendable {
    private let lock = NSCondition()
    private var packets: [PacketRecord] = []
    private var ended = false
    private(set) var error: CaptureError?

    func add(_ packet: PacketRecord) { lock.lock(); packets.append(packet); lock.broadcast(); lock.unlock() }
    func end(_ error: CaptureError?) { lock.lock(); ended = true; self.error = error; lock.broadcast(); lock.unlock() }

    /// Waits until `count` packets arrived (or the reading ended); false on timeout.
    func wait(for count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while packets.count < count && !ended {
            if !lock.wait(until: deadline) { return false }
        }
        return packets.count >= count
    }

    func waitForEnd(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while !ended { if !lock.wait(until: deadline) { return false } }
        return true
    }

    var received: [PacketRecord] { lock.lock(); defer { lock.unlock() }; return packets }
    var hasEnded: Bool { lock.lock(); defer { lock.unlock() }; return ended }
}

/// Standard input and pipes: packets are delivered as they arrive, with no read-ahead that waits
/// for the end of the input.
@Suite(.serialized) struct StreamCaptureTests {
    /// Pieces of a capture file: the 24-byte header, then one record (16-byte header and data) per packet.
    private func pieces(of path: String) throws -> [[UInt8]] {
        let bytes = try Fixtures.bytes(path)
        var pieces = [Array(bytes[..<24])]
        var offset = 24
        while offset + 16 <= bytes.count {
            let length = Int(bytes[offset + 8]) | Int(bytes[offset + 9]) << 8 | Int(bytes[offset + 10]) << 16 | Int(bytes[offset + 11]) << 24
            pieces.append(Array(bytes[offset..<(offset + 16 + length)]))
            offset += 16 + length
        }
        #expect(offset == bytes.count)
        return pieces
    }

    /// Starts reading `descriptor` on a thread of its own, packet by packet into the inbox.
    private func startReading(_ descriptor: Int32, name: String) -> Inbox {
        let inbox = Inbox()
        let thread = Thread {
            do {
                let reader = try CaptureReader(fileDescriptor: descriptor, name: name)
                #expect(reader.isRereadable == false)
                while let packet = try reader.next() { inbox.add(PacketRecord(packet)) }
                inbox.end(nil)
            } catch let error as CaptureError {
                inbox.end(error)
            } catch {
                inbox.end(CaptureError(kind: .readFailed, path: name, reason: "\(error)"))
            }
        }
        thread.start()
        return inbox
    }

    private func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    @Test func packetsFromAPipeArriveBeforeTheInputEnds() throws {
        let capture = Fixtures.capture("chat-three-clients.pcap")
        let expected = try readAll(path: capture)
        let pieces = try pieces(of: capture)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let inbox = startReading(ends[0], name: "pipe")
        // The header and three packets, and the writer keeps the pipe open: they must come through.
        write(pieces[0] + pieces[1] + pieces[2] + pieces[3], to: ends[1])
        #expect(inbox.wait(for: 3, seconds: 5), "packets written to the pipe were not delivered while it stayed open")
        #expect(inbox.received == Array(expected.prefix(3)))
        #expect(!inbox.hasEnded)
        // One packet at a time, each delivered before the next is written.
        for index in 4..<10 {
            write(pieces[index], to: ends[1])
            #expect(inbox.wait(for: index, seconds: 5), "packet \(index) was not delivered on its own")
        }
        // Then the rest in small slices that cut records apart.
        let rest = pieces[10...].flatMap { $0 }
        for start in stride(from: 0, to: rest.count, by: 7) {
            write(Array(rest[start..<min(start + 7, rest.count)]), to: ends[1])
        }
        close(ends[1])
        #expect(inbox.waitForEnd(seconds: 10))
        #expect(inbox.error == nil)
        #expect(inbox.received == expected)
        close(ends[0])
    }

    @Test func gzipFromAPipeArrivesAsItIsFlushed() throws {
        let capture = Fixtures.capture("close-4000-reason.pcap")
        let expected = try readAll(path: capture)
        let pieces = try pieces(of: capture)
        let writer = GzipWriter()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let inbox = startReading(ends[0], name: "gzip pipe")
        write(writer.write(pieces[0] + pieces[1] + pieces[2], flush: true), to: ends[1])
        #expect(inbox.wait(for: 2, seconds: 5), "gzip'd packets flushed to the pipe were not delivered while it stayed open")
        #expect(inbox.received == Array(expected.prefix(2)))
        write(writer.write(pieces[3...].flatMap { $0 }) + writer.finish(), to: ends[1])
        close(ends[1])
        #expect(inbox.waitForEnd(seconds: 10))
        #expect(inbox.error == nil)
        #expect(inbox.received == expected)
        close(ends[0])
    }

    @Test func standardInputIsReadAsDash() throws {
        let capture = Fixtures.capture("fragmented-ping.pcap")
        let expected = try readAll(path: capture)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let savedInput = dup(STDIN_FILENO)
        #expect(dup2(ends[0], STDIN_FILENO) == STDIN_FILENO)
        close(ends[0])
        defer {
            dup2(savedInput, STDIN_FILENO)
            close(savedInput)
        }
        let bytes = try Fixtures.bytes(capture)
        let writer = Thread { [ends] in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(ends[1], buffer.baseAddress! + offset, min(1000, buffer.count - offset))
                    guard written > 0 else { break }
                    offset += written
                }
            }
            close(ends[1])
        }
        writer.start()
        let reader = try CaptureReader(path: "-")
        #expect(reader.path == "-")
        #expect(reader.isRereadable == false)
        #expect(reader.format == .pcap)
        let (packets, error) = readAll(reader)
        #expect(error == nil)
        #expect(packets == expected)
    }

    @Test func aFileGivenAsDescriptorIsReadFromItsCurrentOffset() throws {
        // `wslens frames - < capture.pcap`: standard input is a seekable file.
        let capture = Fixtures.capture("close-4000-reason.pcap")
        let descriptor = open(capture, O_RDONLY)
        defer { close(descriptor) }
        let reader = try CaptureReader(fileDescriptor: descriptor, name: "-")
        let (packets, error) = readAll(reader)
        #expect(error == nil)
        #expect(packets == (try readAll(path: capture)))
    }

    @Test func anEmptyStreamIsUnreadable() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[1])
        defer { close(ends[0]) }
        #expect(throws: CaptureError.self) { try CaptureReader(fileDescriptor: ends[0], name: "empty") }
    }
}
