import CaptureCrafting
import Foundation
import PacketCapture
import Testing

/// Several files read as one capture, merged by timestamp as mergecap merges them.
@Suite struct MergedCaptureTests {
    private func wiresharkTool(_ name: String) throws -> String {
        try Tool.require(name, group: "tshark", install: "apt-get install tshark")
    }

    /// Splits a capture with `editcap -c` into files of `count` packets; their paths in order.
    private func split(_ capture: String, every count: Int, into folder: String) throws -> [String] {
        let stem = URL(fileURLWithPath: capture).deletingPathExtension().lastPathComponent
        let ext = URL(fileURLWithPath: capture).pathExtension
        try Tool.run(try wiresharkTool("editcap"), ["-c", String(count), capture, "\(folder)/\(stem).\(ext)"])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(stem + "_") }.sorted()
        return names.map { "\(folder)/\($0)" }
    }

    @Test(.enabled(if: !TestSkip.contains("tshark")))
    func splitWithEditcapMergesBackIntoTheWhole() throws {
        for (name, every) in [("chat-three-clients.pcap", 40), ("python-echo-ipv4.pcap", 7), ("python-echo-ipv6.pcapng", 3),
                              ("tcp-underneath.pcap", 1), ("chromium-deflate.pcap", 16)] {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let whole = try readAll(path: Fixtures.capture(name))
            let pieces = try split(Fixtures.capture(name), every: every, into: folder)
            #expect(pieces.count == (whole.count + every - 1) / every, "\(name)")
            // Given in a shuffled order: the merge goes by timestamp, the file indices by argument order.
            let given = pieces.reversed() as [String]
            let reader = try CaptureReader(paths: given)
            #expect(reader.paths == given)
            #expect(reader.linkType.rawValue == whole[0].linkType)
            let (merged, error) = readAll(reader)
            #expect(error == nil, "\(name): \(String(describing: error))")
            #expect(merged.count == whole.count, "\(name)")
            for (index, (packet, original)) in zip(merged, whole).enumerated() {
                #expect(packet.number == UInt64(index + 1))
                #expect(packet.bytes == original.bytes, "\(name) packet \(index + 1) differs")
                #expect(packet.seconds == original.seconds && packet.nanoseconds == original.nanoseconds)
                #expect(packet.originalLength == original.originalLength)
                // Piece k (0-based in recording order) is argument pieces.count - 1 - k.
                let piece = index / every
                #expect(packet.fileIndex == pieces.count - 1 - piece, "\(name) packet \(index + 1)")
                #expect(packet.filePacketNumber == UInt64(index % every + 1))
            }
        }
    }

    @Test(.enabled(if: !TestSkip.contains("tshark")))
    func interleavedCapturesMergeAsMergecapMergesThem() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Two recordings whose times overlap: packets of both interleave.
        let first = Fixtures.capture("chat-three-clients.pcap")
        let second = folder + "/shifted.pcap"
        let firstPackets = try readAll(path: first)
        let offset = Double(firstPackets[firstPackets.count / 2].seconds - firstPackets[0].seconds)
            + Double(Int(firstPackets[firstPackets.count / 2].nanoseconds) - Int(firstPackets[0].nanoseconds)) / 1e9
        let secondSource = Fixtures.capture("fragmented-ping.pcap")
        let secondStart = try readAll(path: secondSource)[0]
        let firstStart = firstPackets[0]
        let shift = Double(firstStart.seconds - secondStart.seconds) + Double(Int(firstStart.nanoseconds) - Int(secondStart.nanoseconds)) / 1e9 + offset
        try Tool.run(try wiresharkTool("editcap"), ["-t", String(format: "%.9f", shift), secondSource, second])
        let mergecapOutput = folder + "/mergecap.pcap"
        try Tool.run(try wiresharkTool("mergecap"), ["-F", "pcap", "-w", mergecapOutput, first, second])
        let expected = try readAll(path: mergecapOutput)
        let (merged, error) = readAll(try CaptureReader(paths: [first, second]))
        #expect(error == nil)
        #expect(merged.count == expected.count)
        #expect(merged.map { [$0.seconds, Int64($0.nanoseconds)] } == expected.map { [$0.seconds, Int64($0.nanoseconds)] })
        // The same packets at every time; among packets of one timestamp mergecap puts the later
        // file first, wslens the file given first (see tiesKeepTheFileGivenFirst).
        let mergedByTime = Dictionary(grouping: merged) { [$0.seconds, Int64($0.nanoseconds)] }.mapValues { $0.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) } }
        let expectedByTime = Dictionary(grouping: expected) { [$0.seconds, Int64($0.nanoseconds)] }.mapValues { $0.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) } }
        let samePacketsPerTime = mergedByTime == expectedByTime
        #expect(samePacketsPerTime, "different packets at some timestamp")
        let differing = zip(merged, expected).filter { $0.bytes != $1.bytes }
        #expect(differing.allSatisfy { pair in merged.filter { $0.seconds == pair.0.seconds && $0.nanoseconds == pair.0.nanoseconds }.count > 1 },
                "packets out of mergecap's order that share no timestamp")
        // Both files really interleave, and each packet names its file and its number there.
        let files = merged.map(\.fileIndex)
        #expect(zip(files, files.dropFirst()).filter { $0 != $1 }.count > 2)
        var next = [0: UInt64(1), 1: UInt64(1)]
        for packet in merged {
            #expect(packet.filePacketNumber == next[packet.fileIndex])
            next[packet.fileIndex]! += 1
        }
    }

    @Test func tiesKeepTheFileGivenFirst() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, fill) in [("a", UInt8(0x41)), ("b", UInt8(0x42))] {
            let writer = try CaptureWriter(path: "\(folder)/\(name).pcap", linkType: .ethernet)
            writer.write(Array(repeating: fill, count: 60), timestamp: CaptureTimestamp(seconds: 100, nanoseconds: 5))
            writer.write(Array(repeating: fill + 0x20, count: 60), timestamp: CaptureTimestamp(seconds: 101, nanoseconds: 0))
            writer.close()
        }
        let merged = readAll(try CaptureReader(paths: ["\(folder)/a.pcap", "\(folder)/b.pcap"])).packets
        #expect(merged.map { $0.bytes[0] } == [0x41, 0x42, 0x61, 0x62])
        #expect(merged.map(\.fileIndex) == [0, 1, 0, 1])
        let reversed = readAll(try CaptureReader(paths: ["\(folder)/b.pcap", "\(folder)/a.pcap"])).packets
        #expect(reversed.map { $0.bytes[0] } == [0x42, 0x41, 0x62, 0x61])
    }

    @Test func filteredMergeKeepsMergedNumbers() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = folder + "/a.pcap", b = folder + "/b.pcap"
        var first = TCPConversation(client: .ipv4("10.0.0.1", 40000), server: .ipv4("10.0.0.2", 80))
        first.handshake()
        var second = TCPConversation(client: .ipv4("10.0.0.1", 40001), server: .ipv4("10.0.0.2", 8080))
        second.handshake()
        try first.write(to: a)
        try second.write(to: b)
        let all = readAll(try CaptureReader(paths: [a, b])).packets
        let filtered = readAll(try CaptureReader(paths: [a, b], filter: "tcp port 8080")).packets
        #expect(filtered.count == 3)
        #expect(filtered == all.filter { $0.fileIndex == 1 })
    }

    @Test func differentLinkTypesNameBothFiles() throws {
        let ethernet = Fixtures.capture("close-4000-reason.pcap")
        let cooked = Fixtures.capture("any-interface-sll2.pcap")
        do {
            _ = try CaptureReader(paths: [ethernet, cooked])
            Issue.record("files of different link types must not merge silently")
        } catch {
            #expect(error.kind == .incompatibleFiles)
            #expect(error.path == cooked)
            #expect(error.description.contains(ethernet))
            #expect(error.description.contains(cooked))
            #expect(error.description.contains("Ethernet"))
            #expect(error.description.contains("SLL2"))
        }
        // Asked for, they merge, each packet with its own file's link type (but no pcap copy holds both).
        let mixed = try CaptureReader(paths: [ethernet, cooked], allowingMixedLinkTypes: true)
        #expect(throws: CaptureError.self) { try mixed.saveCopy(to: "/tmp/wslens-never-written.pcap") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/wslens-never-written.pcap"))
        let (packets, error) = readAll(mixed)
        #expect(error == nil)
        #expect(packets.count == (try readAll(path: ethernet)).count + (try readAll(path: cooked)).count)
        for packet in packets {
            #expect(packet.linkType == (packet.fileIndex == 0 ? LinkType.ethernet.rawValue : LinkType.linuxSLL2.rawValue))
        }
    }

    @Test func aCutFileIsReadToTheCutAndTheOthersToTheirEnd() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = Fixtures.capture("chat-three-clients.pcap")
        let other = Fixtures.capture("fragmented-ping.pcap")
        let cut = folder + "/cut.pcap"
        let bytes = try Fixtures.bytes(whole)
        try Fixtures.write(Array(bytes.prefix(bytes.count - 40)), to: cut)
        let cutPackets = readAll(try CaptureReader(path: cut)).packets
        let otherPackets = try readAll(path: other)
        let reader = try CaptureReader(paths: [cut, other])
        let (merged, error) = readAll(reader)
        let thrown = try #require(error, "a cut member must be reported")
        #expect(thrown.kind == .truncated)
        #expect(thrown.path == cut)
        #expect(thrown.afterPacket == UInt64(cutPackets.count))
        #expect(reader.fileErrors == [thrown])
        #expect(mismatch(merged.filter { $0.fileIndex == 0 }.map(\.bytes), cutPackets.map(\.bytes)) == nil)
        #expect(mismatch(merged.filter { $0.fileIndex == 1 }.map(\.bytes), otherPackets.map(\.bytes)) == nil)
        // After the error, the reader has ended.
        #expect(try reader.next() == nil)
    }

    @Test func unreadableOrMissingFileIsNamed() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = folder + "/notes.pcap"
        try Fixtures.write(Array("not a capture".utf8), to: text)
        let good = Fixtures.capture("close-4000-reason.pcap")
        for bad in [text, folder + "/missing.pcap"] {
            do {
                _ = try CaptureReader(paths: [good, bad])
                Issue.record("\(bad) must not open")
            } catch {
                #expect(error.path == bad)
                #expect(error.kind == .unreadable)
            }
        }
        #expect(throws: CaptureError.self) { try CaptureReader(paths: [good, "-"]) }
        #expect(throws: CaptureError.self) { try CaptureReader(paths: []) }
    }

    @Test(.enabled(if: !TestSkip.contains("tshark")))
    func manySmallFilesKeepFewOpen() throws {
        // One packet per file (38 files), as a ring buffer of small files: the merge must not hold every file open.
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = Fixtures.capture("python-echo-ipv4.pcap")
        let whole = try readAll(path: capture)
        let pieces = try split(capture, every: 1, into: folder)
        #expect(pieces.count == whole.count)
        let openBefore = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        let reader = try CaptureReader(paths: pieces)
        var maximumOpen = 0
        var merged: [PacketRecord] = []
        while let packet = try reader.next() {
            merged.append(PacketRecord(packet))
            maximumOpen = max(maximumOpen, try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count - openBefore)
        }
        #expect(mismatch(merged.map(\.bytes), whole.map(\.bytes)) == nil)
        #expect(maximumOpen <= 3, "at most \(maximumOpen) files were open at once")
    }

    @Test(.enabled(if: !TestSkip.contains("tshark")))
    func mergedCopyWrittenWithSaveCopyIsTheMerge() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pieces = try split(Fixtures.capture("chat-three-clients.pcap"), every: 30, into: folder)
        let reader = try CaptureReader(paths: pieces)
        try reader.saveCopy(to: folder + "/copy.pcap")
        let merged = readAll(reader).packets
        let copy = try readAll(path: folder + "/copy.pcap")
        #expect(mismatch(copy.map(\.bytes), merged.map(\.bytes)) == nil)
        #expect(mismatch(copy.map(\.nanoseconds), merged.map(\.nanoseconds)) == nil)
    }
}
