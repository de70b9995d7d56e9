import Foundation
import Teaching
import Testing

/// The German twin of `WidthTests`: German words are longer than English ones ("Unmaskierte
/// Bytes", "Wiederh.", "Leitung"), and the output still fits 80 and 100 columns.
@Suite struct GermanWidthTests {
    static let widths = [80, 100]

    static func check(_ arguments: [String], width: Int) throws {
        try WidthTests.check(arguments + ["--lang", "de"], width: width)
    }

    @Test(arguments: WidthTests.captures)
    func everyCommandFitsOnEveryCapture(capture: String) throws {
        for width in Self.widths {
            for command in ["streams", "summary", "frames", "messages", "check", "overhead", "ladder"] {
                try Self.check([command, capture], width: width)
            }
            for frame in 0..<3 {
                try Self.check(["explain", capture, "--frame", "\(frame)"], width: width)
            }
        }
    }

    @Test(arguments: 1...10)
    func everyLessonFits(lesson: Int) throws {
        for width in Self.widths {
            try Self.check(["lesson", "\(lesson)"], width: width)
        }
    }

    @Test func teachingCommandsFit() throws {
        for width in Self.widths + [40] {
            try Self.check(["mask", "Hallo Welt, hier spricht der WebSocket-Server", "--key", "3c2e3f4a", "--bits", "--byte", "3"], width: width)
            try Self.check(["mask", "cs.hm.edu", "--key", "3c2e3f4a"], width: width)
            try Self.check(["unmask", "5f5d112251005a2e49", "--key", "3c2e3f4a"], width: width)
            try Self.check(["accept", "E4WSEcseoWr4csPLS2QJHA=="], width: width)
            try Self.check(["lesson"], width: width)
        }
        // Table 3 keeps its four columns on a line (the description wraps below): 80 columns and up.
        for width in Self.widths {
            try Self.check(["close-codes"], width: width)
        }
    }

    /// The note on columns left out is German too, and names the German titles.
    @Test func narrowTablesSayInGermanWhatTheyLeftOut() throws {
        let narrow = try CLI.run(["frames", "Captures/seed-examples.pcap", "--width", "50", "--lang", "de"])
        #expect(WidthTests.tooWide(narrow.stdout, width: 50).isEmpty, "\(narrow.stdout)")
        #expect(narrow.stdout.contains("(weggelassen, damit die Tabelle in 50 Spalten\npasst: „Pakete“, „Zeit“)"), "\(narrow.stdout)")
    }

    /// The thesis' table 1 keeps its 16 bytes a row at 80 columns only while its German labels
    /// leave room; the row blocks narrow rather than overflow.
    @Test func maskingTableNarrowsForGermanLabels() throws {
        let text = String(repeating: "x", count: 40)
        for width in [80, 81, 82, 100] {
            let result = try CLI.run(["mask", text, "--key", "3c2e3f4a", "--lang", "de", "--width", "\(width)"])
            #expect(WidthTests.tooWide(result.stdout, width: width).isEmpty, "at \(width) columns:\n\(result.stdout)")
            #expect(result.stdout.contains("Unmaskierte Bytes"))
        }
    }
}
