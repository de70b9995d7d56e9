import Foundation
import Teaching
import Testing

/// The German twin of `WidthTests`: German words are longer than English ones ("Unmaskierte
/// Bytes", "Wiederh.", "Leitung"), and the output still fits 80 and 100 columns.
@Suite struct GermanWidthTests {
    static let widths = [80, 100]

    @Test(arguments: WidthTests.captures)
    func everyCommandFitsOnEveryCapture(capture: String) throws {
        try WidthTests.everyCommandFits(on: capture, widths: Self.widths, extra: ["--lang", "de"])
    }

    @Test(arguments: 1...11)
    func everyLessonFits(lesson: Int) throws {
        try WidthTests.lessonFits(lesson, widths: Self.widths, extra: ["--lang", "de"])
    }

    @Test func teachingCommandsFit() throws {
        try WidthTests.teachingCommandsFit(widths: Self.widths, extra: ["--lang", "de"])
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
