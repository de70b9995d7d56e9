import Foundation
import PacketCapture
import Testing

/// Paths of the repository's captures and of this target's fixtures.
enum Fixtures {
    /// The repository root (this file is Tests/PacketCaptureTests/Support/TestSupport.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func capture(_ name: String) -> String { root.appendingPathComponent("Captures/\(name)").path }
    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/PacketCaptureTests/Fixtures/\(name)").path
    }

    /// Every capture in Captures/ (pcap and pcapng).
    static var bundledCaptures: [String] {
        let folder = root.appendingPathComponent("Captures").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted().map { capture($0) }
    }

    /// A new empty folder, removed by the caller.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-capture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
    static func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
}

/// `WSLENS_TEST_SKIP=tshark,netns`: groups of tests that need a tool this machine lacks on purpose.
/// Without it, a missing tool fails the test with a message that says what to install.
enum TestSkip {
    static func contains(_ group: String) -> Bool {
        let value = ProcessInfo.processInfo.environment["WSLENS_TEST_SKIP"] ?? ""
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(group)
    }
}

struct MissingTool: Error, CustomStringConvertible {
    var tool: String
    var group: String
    var install: String
    var description: String {
        "\(tool) is not installed (\(install)); it is needed for these tests. Set WSLENS_TEST_SKIP=\(group) to skip them on purpose."
    }
}

struct ToolFailed: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var stderr: String
    var description: String { "`\(command)` failed with status \(status): \(stderr)" }
}

/// External programs the tests compare with or drive (editcap, mergecap, tshark, gzip, unshare, ...).
enum Tool {
    static func path(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for folder in folders {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func require(_ name: String, group: String, install: String) throws -> String {
        guard let path = path(name) else { throw MissingTool(tool: name, group: group, install: install) }
        return path
    }

    /// Runs a program to its end; throws when it exits with a non-zero status.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]? = nil) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus,
                             stderr: String(decoding: stderr, as: UTF8.self))
        }
        return [UInt8](stdout)
    }
}

/// A packet as plain values, to compare readers.
struct PacketRecord: Equatable, CustomStringConvertible {
    var number: UInt64
    var seconds: Int64
    var nanoseconds: UInt32
    var capturedLength: Int
    var originalLength: Int
    var linkType: Int32
    var bytes: [UInt8]
    var fileIndex: Int
    var filePacketNumber: UInt64

    init(_ packet: CapturedPacket) {
        number = packet.number
        seconds = packet.timestamp.seconds
        nanoseconds = packet.timestamp.nanoseconds
        capturedLength = packet.capturedLength
        originalLength = packet.originalLength
        linkType = packet.linkType.rawValue
        bytes = Array(packet.bytes)
        fileIndex = packet.fileIndex
        filePacketNumber = packet.filePacketNumber
    }

    /// The same packet, as it is in its own file: what a merge must reproduce apart from numbering.
    var content: [UInt8] { bytes }

    var description: String { "#\(number) (file \(fileIndex) #\(filePacketNumber)) \(seconds).\(nanoseconds) \(capturedLength)/\(originalLength)" }
}

/// Reads every packet (and the error that ended the reading, if any).
func readAll(_ reader: CaptureReader) -> (packets: [PacketRecord], error: CaptureError?) {
    var packets: [PacketRecord] = []
    do {
        while let packet = try reader.next() { packets.append(PacketRecord(packet)) }
        return (packets, nil)
    } catch {
        return (packets, error)
    }
}

func readAll(path: String, filter: String? = nil) throws -> [PacketRecord] {
    let (packets, error) = readAll(try CaptureReader(path: path, filter: filter))
    if let error { throw error }
    return packets
}

/// Where two sequences first differ, in a few words (nil when equal): failure messages that do not
/// print whole captures.
func mismatch<T: Equatable>(_ actual: [T], _ expected: [T]) -> String? {
    if let index = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        return "first difference at index \(index) (of \(actual.count) and \(expected.count))"
    }
    return actual.count == expected.count ? nil : "\(actual.count) elements, expected \(expected.count)"
}
