import Foundation
import Teaching
import Testing

/// Issue 14, item 4: every text output fits the width it is given (`COLUMNS`, as a terminal
/// reports it, or `--width`), counted in terminal columns with color codes excluded: tables
/// narrow and wrap, payload previews wrap, prose reflows, lessons render their Markdown.
@Suite struct WidthTests {
    static let widths = [80, 100, 120]

    static let captures: [String] = {
        let manager = FileManager.default
        var paths: [String] = []
        for folder in ["Captures", "Captures/brought"] {
            let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            paths += names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted().map { folder + "/" + $0 }
        }
        return paths
    }()

    /// The lines of `output` wider than `width`, with their widths.
    static func tooWide(_ output: String, width: Int) -> [String] {
        output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { TextWidth.columns($0) > width }
            .map { "\(TextWidth.columns($0)) columns: \($0)" }
    }

    static func check(_ arguments: [String], width: Int, environment: [String: String] = [:]) throws {
        let result = try CLI.run(arguments, environment: ["COLUMNS": "\(width)"].merging(environment) { $1 })
        let wide = tooWide(result.stdout, width: width) + tooWide(result.stderr, width: width)
        #expect(wide.isEmpty, "\(arguments) at \(width) columns:\n\(wide.joined(separator: "\n"))")
    }

    @Test func theBundledCapturesAreAllHere() {
        #expect(Self.captures.count >= 25, "\(Self.captures)")
    }

    @Test(arguments: captures)
    func everyCommandFitsOnEveryCapture(capture: String) throws {
        try Self.everyCommandFits(on: capture, widths: Self.widths)
    }

    @Test(arguments: 1...11)
    func everyLessonFits(lesson: Int) throws {
        try Self.lessonFits(lesson, widths: Self.widths)
    }

    @Test func teachingCommandsFit() throws {
        try Self.teachingCommandsFit(widths: Self.widths)
    }

    // The checks each language runs (GermanWidthTests with `--lang de` as `extra`).

    static func everyCommandFits(on capture: String, widths: [Int], extra: [String] = []) throws {
        for width in widths {
            for command in ["streams", "summary", "frames", "messages", "check", "overhead", "ladder"] {
                try check([command, capture] + extra, width: width)
            }
            for frame in 0..<3 {
                try check(["explain", capture, "--frame", "\(frame)"] + extra, width: width)
            }
        }
    }

    static func lessonFits(_ lesson: Int, widths: [Int], extra: [String] = []) throws {
        for width in widths {
            try check(["lesson", "\(lesson)"] + extra, width: width)
        }
    }

    static func teachingCommandsFit(widths: [Int], extra: [String] = []) throws {
        for width in widths + [40] {
            try check(["mask", "Hallo Welt, hier spricht der WebSocket-Server", "--key", "3c2e3f4a", "--bits", "--byte", "3"] + extra, width: width)
            try check(["mask", "cs.hm.edu", "--key", "3c2e3f4a"] + extra, width: width)
            try check(["unmask", "5f5d112251005a2e49", "--key", "3c2e3f4a"] + extra, width: width)
            try check(["accept", "E4WSEcseoWr4csPLS2QJHA=="] + extra, width: width)
            try check(["lesson"] + extra, width: width)
        }
        // Table 3 keeps its four columns on a line (the description wraps below): 80 columns and up.
        for width in widths {
            try check(["close-codes"] + extra, width: width)
        }
    }

    /// Colors and ASCII symbols change what a line holds, not how wide it may be.
    @Test func colorAndASCIIFitToo() throws {
        for capture in ["Captures/chromium-deflate.pcap", "Captures/buggy-student-client.pcap"] {
            for command in [["summary"], ["frames"], ["check"], ["explain", "--frame", "2"]] {
                try Self.check([command[0], capture] + command.dropFirst() + ["--color", "always"], width: 80)
                try Self.check([command[0], capture] + command.dropFirst() + ["--ascii"], width: 80)
            }
        }
    }

    /// `--width` wins over COLUMNS; below the narrowest frames layout the droppable columns go,
    /// and the header says which.
    @Test func widthOptionWinsAndNarrowTablesSayWhatTheyLeftOut() throws {
        let narrow = try CLI.run(["frames", "Captures/seed-examples.pcap", "--width", "50"], environment: ["COLUMNS": "200"])
        #expect(Self.tooWide(narrow.stdout, width: 50).isEmpty, "\(narrow.stdout)")
        #expect(narrow.stdout.contains("(left out to fit 50 columns: \"packets\", \"time\")"), "\(narrow.stdout)")
        let wide = try CLI.run(["frames", "Captures/seed-examples.pcap", "--width", "140"])
        #expect(wide.stdout.contains("masking key"))
        #expect(wide.stdout.contains("continuation") || wide.stdout.contains("text"))
        #expect(!Self.tooWide(wide.stdout, width: 100).isEmpty, "at 140 columns the full layout is wider than 100")
    }

    /// Issue 16's outputs fit too: the grading table and the headings of several captures (long
    /// temporary paths), the interfaces table, rows streamed from standard input, explain --packet
    /// and --follow, the rows found by filters.
    @Test func severalCapturesStreamsAndFindingFit() throws {
        let (folder, _) = try BatchCheckTests.submissions()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = CLI.capture("seed-examples.pcap")
        let deflate = CLI.capture("chromium-deflate.pcap")
        let piped = try Data(contentsOf: URL(fileURLWithPath: deflate))
        for width in Self.widths + [40] {
            if width >= 80 {
                try Self.check(["check", folder.path], width: width)
                try Self.check(["check", folder.path, "--ascii", "--color", "always"], width: width)
                // --width lays out stdout; stderr's messages follow COLUMNS.
                let result = try CLI.run(["check", folder.path, "--width", "\(width)"], environment: ["COLUMNS": "300"])
                #expect(Self.tooWide(result.stdout, width: width).isEmpty, "check --width \(width):\n\(result.stdout)")
            }
            try Self.check(["interfaces"], width: width)
            for command in ["summary", "overhead", "frames", "messages", "streams", "ladder"] {
                try Self.check([command, seed, deflate], width: width)
            }
            try Self.check(["explain", deflate, "--packet", "8"], width: width)
            try Self.check(["explain", seed, "--follow"], width: width)
            try Self.check(["frames", deflate, "--from", "client", "--grep", "chromium"], width: width)
            try Self.check(["messages", deflate, "--opcode", "text", "--since", "0.01"], width: width)
            for command in ["frames", "messages", "ladder"] where width >= 80 {
                let result = try CLI.runRaw([command, "-"], environment: ["COLUMNS": "\(width)"], input: Array(piped))
                let text = String(decoding: result.stdout, as: UTF8.self) + String(decoding: result.stderr, as: UTF8.self)
                #expect(result.status == 0 && !text.isEmpty, "\(command) - at \(width) columns: exit \(result.status)")
                let wide = Self.tooWide(text, width: width)
                #expect(wide.isEmpty, "\(command) - at \(width) columns:\n\(wide.joined(separator: "\n"))")
            }
        }
    }
}
