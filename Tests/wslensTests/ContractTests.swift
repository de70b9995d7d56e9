import CaptureCrafting
import Foundation
import PacketCapture
import PacketDecoding
import Testing
import WireBytes

/// docs/json-output.md is the public contract: every JSON field any command writes is listed there,
/// every field listed there is written by some command, and the exit-code table is the same on that
/// page, in `wslens --help` and in README.md.
@Suite(.serialized) struct ContractTests {
    static let page = CLI.root.appendingPathComponent("docs/json-output.md")

    /// Field patterns per section of the page (`frames`, `mask and unmask`, …): `a.b`, `a[].b`, `*` for a varying key.
    static func documentedFields() throws -> [String: Set<String>] {
        let text = try String(contentsOf: page, encoding: .utf8)
        var sections: [String: Set<String>] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                let heading = line.dropFirst(3)
                current = heading.contains("`") ? String(heading).replacing("`", with: "") : nil
                continue
            }
            guard let section = current, line.hasPrefix("| `") else { continue }
            let firstCell = line.dropFirst(2).prefix { $0 != "|" }
            for name in firstCell.split(separator: ",") {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("`"), trimmed.hasSuffix("`") else { continue }
                sections[section, default: []].insert(String(trimmed.dropFirst().dropLast()))
            }
        }
        return sections
    }

    /// Every key path of a JSON value: `a.b` for nested objects, `a[].b` inside arrays of objects.
    static func paths(of value: Any, prefix: String = "", into result: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                result.insert(path)
                paths(of: child, prefix: path, into: &result)
            }
        } else if let array = value as? [Any] {
            for element in array where element is [String: Any] || element is [Any] {
                paths(of: element, prefix: prefix + "[]", into: &result)
            }
        }
    }

    /// `*` stands for one key, which may itself contain dots (rule ids such as `ws.masking-key-reused`).
    static func matches(_ path: String, _ pattern: String) -> Bool {
        matches(path.split(separator: ".", omittingEmptySubsequences: false)[...],
                pattern.split(separator: ".", omittingEmptySubsequences: false)[...])
    }

    private static func matches(_ path: ArraySlice<Substring>, _ pattern: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        guard !path.isEmpty else { return false }
        if head != "*" { return path.first == head && matches(path.dropFirst(), pattern.dropFirst()) }
        return (1...path.count).contains { matches(path.dropFirst($0), pattern.dropFirst()) }
    }

    /// A capture that holds a UDP datagram beside a WebSocket conversation, so `nonTCP` has members.
    static func captureWithUDP() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-contract-\(UUID().uuidString).pcap").path
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        let udp: [UInt8] = [0x30, 0x39, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 0x64, 0x6e, 0x73, 0x3f]
        let ip = PacketBuilder.ipv4(source: 0x7f00_0001, destination: 0x7f00_0001, protocolNumber: .udp, payload: udp)
        writer.write(PacketBuilder.ethernet(ip, etherType: .ipv4), timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0))
        writer.close()
        return path
    }

    /// Runs every command with `--format json` on every bundled capture and collects the paths per section.
    static func emittedFields() throws -> [String: Set<String>] {
        var emitted: [String: Set<String>] = [:]
        func collect(_ section: String, _ arguments: [String]) throws {
            let result = try CLI.run(arguments + ["--format", "json"])
            for line in result.stdout.split(separator: "\n") where !line.isEmpty {
                let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
                paths(of: value, into: &emitted[section, default: []])
            }
        }
        let udp = try captureWithUDP()
        defer { try? FileManager.default.removeItem(atPath: udp) }
        // The captures people bring hold what clean ones lack: refused upgrades, connections left
        // open, unanswered pings, polls before an upgrade.
        let brought = ["upgrade-refused-403", "left-open", "unanswered-ping", "close-answered-1001", "late-start",
                       "polls-then-upgrade"].map { CLI.capture("brought/\($0).pcap") }
        for capture in TsharkComparisonTests.captures.map(CLI.capture) + brought + [udp] {
            for command in ["streams", "summary", "frames", "messages", "check", "overhead"] {
                try collect(command, [command, capture])
            }
            for frame in 0..<3 { try collect("frames", ["explain", capture, "--frame", String(frame)]) }
            try collect("ladder", ["ladder", capture])
        }
        // wss: decrypted with its key log, and without one; cut by a snapshot length.
        let wss = CLI.capture("wss/wss-tls13-chacha.pcap")
        for command in ["summary", "frames", "messages", "check", "overhead"] {
            try collect(command, [command, wss, "--keylog", String(wss.dropLast(".pcap".count)) + ".keys"])
            try collect(command, [command, wss])
        }
        for command in ["summary", "frames", "messages"] { try collect(command, [command, CLI.capture("brought/snaplen-96-deflate.pcap")]) }
        // TLS 1.3 0-RTT early data (summary's tls.earlyData).
        try collect("summary", ["summary", CLI.capture("tls-events/tls13-early-data.pcap"), "--keylog", CLI.capture("tls-events/tls13-early-data.keys")])
        try collect("mask and unmask", ["mask", "cs.hm.edu", "--key", "3c2e3f4a"])
        try collect("mask and unmask", ["unmask", "5f5d112251005a2e49", "--key", "3c2e3f4a"])
        try collect("accept", ["accept", "E4WSEcseoWr4csPLS2QJHA==", "--expect", "7eQChgCtQMnVILefJAO6dK5JwPc="])
        try collect("close-codes", ["close-codes"])
        try collect("close-codes", ["close-codes", "4000", "5000"])
        try collect("lesson", ["lesson"])
        try collect("lesson", ["lesson", "3"])
        try collect("ladder", ["ladder", CLI.capture("polling-vs-websocket.pcap"), "--connection", "1"])
        // Several captures (each object names its file), merged files (rows name each packet's file),
        // a folder to grade with a file that is no capture, the interfaces, the grade sheet.
        let two = [CLI.capture("seed-examples.pcap"), CLI.capture("buggy-student-client.pcap")]
        for command in ["streams", "summary", "frames", "messages", "check", "overhead", "ladder"] {
            try collect(command, [command] + two)
            try collect(command, [command] + two + ["--merge"])
        }
        try collect("frames", ["explain"] + two + ["--merge", "--packet", "8"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x0a, 0x0d, 0x0d, 0x0a, 0xff]).write(to: folder.appendingPathComponent("broken.pcapng"))
        try FileManager.default.copyItem(atPath: two[0], toPath: folder.appendingPathComponent("seed.pcap").path)
        try collect("check", ["check", folder.path])
        try collect("interfaces", ["interfaces"])
        let sheet = try CLI.run(["check", folder.path, two[1], "--format", "csv"]).stdout
        for column in sheet.split(separator: "\n").first?.split(separator: ",") ?? [] {
            emitted["check --format csv", default: []].insert(String(column))
        }
        return emitted
    }

    @Test("every JSON field a command writes is on the contract page, and every field there is written")
    func fieldsAreDocumented() throws {
        let documented = try Self.documentedFields()
        let emitted = try Self.emittedFields()
        #expect(Set(emitted.keys) == Set(documented.keys).subtracting(["Exit codes"]),
                "sections of docs/json-output.md: \(documented.keys.sorted()), commands run: \(emitted.keys.sorted())")
        for (section, paths) in emitted {
            let patterns = documented[section] ?? []
            let undocumented = paths.filter { path in !patterns.contains { Self.matches(path, $0) } }
            #expect(undocumented.isEmpty, "`\(section)` writes fields docs/json-output.md does not list: \(undocumented.sorted())")
            let unused = patterns.filter { pattern in !paths.contains { Self.matches($0, pattern) } }
            #expect(unused.isEmpty, "docs/json-output.md lists `\(section)` fields no command wrote: \(unused.sorted())")
        }
    }

    /// `code meaning` pairs from a Markdown table `| 0 | fine |`.
    static func markdownExitCodes(_ text: String) -> [Int: String] {
        var codes: [Int: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 2, let code = Int(cells[0]) { codes[code] = cells[1] }
        }
        return codes
    }

    @Test("the exit codes are the same on the contract page, in --help and in README.md")
    func exitCodesAgree() throws {
        let page = try String(contentsOf: Self.page, encoding: .utf8)
        let onPage = Self.markdownExitCodes(String(page[page.range(of: "## Exit codes")!.lowerBound...]))
        #expect(onPage.keys.sorted() == [0, 1, 2, 3, 4, 5], "\(onPage)")
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(Self.markdownExitCodes(readme) == onPage, "README.md's exit codes differ from docs/json-output.md")
        let help = try CLI.run(["--help"]).stdout
        var inHelp: [Int: String] = [:]
        if let start = help.range(of: "Exit codes:") {
            var last: Int?
            for line in help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { break }
                if let space = trimmed.firstIndex(of: " "), let code = Int(trimmed[..<space]) {
                    inHelp[code] = String(trimmed[space...]).trimmingCharacters(in: .whitespaces)
                    last = code
                } else if let code = last {
                    inHelp[code]! += " " + trimmed   // the help wraps long lines
                }
            }
        }
        #expect(inHelp == onPage, "wslens --help lists other exit codes than docs/json-output.md: \(inHelp)")
    }
}
