import CaptureCrafting
import Foundation
import PacketCapture
import TestSupport
import Testing
import WireBytes

/// The HTML pages in a real browser: Debian's chromium, headless, inside a private network
/// namespace (`unshare -n`, loopback up) so that nothing could leave even if a page tried. Each
/// test loads its page twice: `--dump-dom` with chromium's logging on (every console and CSP
/// message is an `INFO:CONSOLE` line; none is allowed), and over the DevTools protocol
/// (`scripts/browser-check.py`) for the rendered sizes of every SVG and of every table in a
/// `<details>`, opened.
@Suite(.serialized, .needs(.chromium), .needs(.netns))
struct ReportBrowserTests {
    /// Runs a program inside a new network namespace with only loopback, up.
    static func isolated(_ program: String, _ arguments: [String]) throws -> CLIResult {
        try ExternalTool.chromium.require()
        try ExternalTool.netns.require()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExternalTool.which("unshare")!)
        process.arguments = ["-n", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\"", program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The DOM chromium built, and the console and CSP messages it logged while loading.
    static func dumpDOM(_ page: String) throws -> (dom: String, messages: [String]) {
        let result = try isolated("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                               "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + page])
        #expect(result.status == 0, "chromium --dump-dom exited \(result.status): \(result.stderr.suffix(500))")
        let messages = result.stderr.split(separator: "\n").filter {
            $0.contains("INFO:CONSOLE") || $0.contains("Content Security Policy") || $0.contains("Refused to")
        }.map(String.init)
        return (result.stdout, messages)
    }

    struct Rendered: Decodable {
        var svgs: [[Double]]
        var tables: [[Double]]
        var scripts: Int
        var title: String
        var messages: [Message]

        struct Message: Decodable, CustomStringConvertible {
            var type: String?
            var entry: Entry?
            struct Entry: Decodable { var text: String? }
            var description: String { entry?.text ?? type ?? "?" }
        }
    }

    /// Sizes and messages over the DevTools protocol (python3-websockets drives `Runtime.evaluate`).
    static func render(_ page: String, screenshot: String? = nil, selector: String? = nil) throws -> Rendered {
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        var arguments = [CLI.root.appendingPathComponent("scripts/browser-check.py").path, page]
        if let screenshot { arguments += ["--screenshot", screenshot] + (selector.map { ["--selector", $0] } ?? []) }
        let result = try isolated(python, arguments)
        try #require(result.status == 0, "browser-check.py failed (is python3-websockets installed? `make test` installs it): \(result.stderr)")
        return try JSONDecoder().decode(Rendered.self, from: Data(result.stdout.utf8))
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wslens-\(UUID().uuidString)-\(name)").path
    }

    /// The instructor's case: the report of the Chromium deflate capture, opened with the network off.
    @Test func reportOfChromiumDeflate() throws {
        let page = Self.temporary("report.html")
        defer { try? FileManager.default.removeItem(atPath: page) }
        let made = try CLI.run(["report", "Captures/chromium-deflate.pcap", "-o", page])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.isEmpty)

        let (dom, messages) = try Self.dumpDOM(page)
        #expect(messages.isEmpty, "console or CSP messages: \(messages)")
        // Every frame of the capture has its row in the frames table, and every masking key is shown.
        let frames = try CLI.run(["frames", "Captures/chromium-deflate.pcap", "--format", "json"]).stdout.split(separator: "\n")
        #expect(frames.count == 14)
        for line in frames {
            let frame = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let connection = try #require(frame["connection"] as? Int), index = try #require(frame["index"] as? Int)
            #expect(dom.contains("id=\"connection-\(connection)-frame-\(index)-row\""), "frame \(index) of connection \(connection) is not in the table")
            #expect(dom.contains("<details id=\"connection-\(connection)-frame-\(index)\""), "frame \(index) is not drawn")
            if let key = frame["maskingKey"] as? String {
                #expect(dom.contains("<td class=\"key\">\(key)</td>"), "masking key \(key) is not in the table")
                #expect(dom.contains("Unmasking with the key \(key)"), "masking key \(key) has no masking table")
            }
        }
        #expect(dom.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\""))
        #expect(dom.contains("https://www.rfc-editor.org/rfc/rfc6455") || dom.contains("None: this connection follows every rule"))

        let rendered = try Self.render(page)
        #expect(rendered.messages.isEmpty, "messages over DevTools: \(rendered.messages)")
        #expect(rendered.scripts == 0)
        #expect(rendered.title == "wslens report: Captures/chromium-deflate.pcap")
        #expect(rendered.svgs.count == 3, "the ladder and two overhead charts")
        #expect(rendered.svgs.allSatisfy { $0.count == 2 && $0[0] > 100 && $0[1] > 100 }, "an SVG without a size: \(rendered.svgs)")
        #expect(rendered.tables.count == 14 + 7, "a header figure per frame and a masking table per client frame, opened")
        #expect(rendered.tables.allSatisfy { $0[0] > 50 && $0[1] > 20 }, "a table without a size: \(rendered.tables)")
    }

    /// A capture that carries markup, quotes, ESC and bidi overrides everywhere: the browser runs
    /// nothing, loads nothing, and shows the bytes as text.
    @Test func hostileCaptureRunsNothing() throws {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.1", 40_000), server: .ipv4("10.0.0.2", 8080))
        ws.upgrade(target: "/\"><script>console.log('target')</script>", host: "x\"><img src=x onerror=console.log(1)>",
                   key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                   requestHeaders: ["Origin: </style><script>console.log('origin')</script>"])
        ws.send(.text("<script>console.log('text')</script>", maskingKey: [1, 2, 3, 4]), from: .client)
        ws.send(.text("<img src=x onerror=console.log(2)> \u{1b}[31m \u{202e}abc"), from: .server)
        ws.send(.close(code: 4000, reason: "'\"><svg onload=console.log(3)>", maskingKey: [5, 6, 7, 8]), from: .client)
        ws.tcp.close(first: .server)
        let capture = Self.temporary("hostile.pcap"), page = Self.temporary("hostile.html")
        defer {
            try? FileManager.default.removeItem(atPath: capture)
            try? FileManager.default.removeItem(atPath: page)
        }
        try ws.tcp.write(to: capture)
        let made = try CLI.run(["report", capture, "-o", page])
        #expect(made.status == 0, "\(made.stderr)")
        let (dom, messages) = try Self.dumpDOM(page)
        #expect(messages.isEmpty, "the page logged: \(messages)")
        #expect(!dom.contains("<script"), "a script element in the DOM")
        #expect(!dom.contains("<img"), "an img element in the DOM")
        // A real attribute is serialized with quotes; the payload's handlers are text without them.
        #expect(!dom.contains("onload=\"") && !dom.contains("onerror=\""), "an event handler attribute in the DOM")
        #expect(dom.contains("&lt;script&gt;console.log('text')&lt;/script&gt;"), "the payload as text")
        let rendered = try Self.render(page)
        #expect(rendered.messages.isEmpty, "\(rendered.messages)")
        #expect(rendered.scripts == 0)
    }

    /// Lesson 7 (overhead) as a page: Markdown rendered, live outputs in, the charts as SVG.
    @Test func lessonPage() throws {
        let page = Self.temporary("lesson-07.html")
        defer { try? FileManager.default.removeItem(atPath: page) }
        let made = try CLI.run(["lesson", "7", "--format", "html"])
        #expect(made.status == 0, "\(made.stderr)")
        try made.stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let (dom, messages) = try Self.dumpDOM(page)
        #expect(messages.isEmpty, "console or CSP messages: \(messages)")
        #expect(dom.contains("<h1>Lesson 7"))
        #expect(dom.contains("$ wslens overhead Captures/polling-vs-websocket.pcap"))
        #expect(dom.contains("<strong>") || dom.contains("<code>"), "the Markdown is rendered")
        let rendered = try Self.render(page)
        #expect(rendered.messages.isEmpty, "\(rendered.messages)")
        #expect(rendered.svgs.count >= 2, "the overhead charts of the lesson's overhead commands")
        #expect(rendered.svgs.allSatisfy { $0[0] > 100 && $0[1] > 100 }, "\(rendered.svgs)")
    }
}

/// The report and lesson pages without a browser: output goes where asked, the options hold.
@Suite(.serialized)
struct ReportCommandTests {
    @Test func standardOutputWithoutOutputFile() throws {
        let page = ReportBrowserTests.temporary("seed.html")
        defer { try? FileManager.default.removeItem(atPath: page) }
        let written = try CLI.run(["report", "Captures/seed-examples.pcap", "--output", page])
        let printed = try CLI.run(["report", "Captures/seed-examples.pcap"])
        #expect(written.status == 0 && printed.status == 0)
        #expect(try String(contentsOfFile: page, encoding: .utf8) == printed.stdout)
        #expect(printed.stdout.hasPrefix("<!DOCTYPE html>"))
        // The thesis' masking key and the table of its first frame.
        #expect(printed.stdout.contains("<td class=\"key\">3c2e3f4a</td>"))
        #expect(printed.stdout.contains("<tr class=\"unmasked\"><th scope=\"row\">unmasked</th><td>63</td><td>73</td><td>2e</td>"))
    }

    @Test func maxFramesAndConnection() throws {
        let limited = try CLI.run(["report", "Captures/fragmented-ping.pcap", "--max-frames", "3"]).stdout
        #expect(limited.components(separatedBy: "<details ").count - 1 == 3)
        #expect(limited.contains("Frames 3 to 19 are listed in the table above but not drawn here"))
        let http = try CLI.run(["report", "Captures/polling-vs-websocket.pcap", "--connection", "1"]).stdout
        #expect(http.contains("id=\"connection-1\""))
        #expect(!http.contains("id=\"connection-2\""))
        let none = try CLI.run(["report", "Captures/tcp-underneath.pcap"])
        #expect(none.status == 0)
        let unwritable = try CLI.run(["report", "Captures/seed-examples.pcap", "-o", "/nonexistent/dir/r.html"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("cannot write the report"))
    }

    /// A ladder command in a lesson gets its ladder as SVG on the page (a lesson folder of our own).
    @Test func lessonPageDrawsLadders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-lessons-\(UUID().uuidString)")
        let lessons = folder.appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Captures"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("Captures/seed-examples.pcap"),
                                         to: folder.appendingPathComponent("Captures/seed-examples.pcap"))
        try """
            # Lesson 1: a ladder

            The lifecycle of the seed examples.

            ## The ladder

            ```wslens
            wslens ladder Captures/seed-examples.pcap
            ```

            ## Exercises

            1. One.
            2. Two.
            3. Three.
            """.write(to: lessons.appendingPathComponent("01-ladder.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["lesson", "1", "--format", "html", "--lessons", lessons.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\""))
        #expect(result.stdout.contains("$ wslens ladder Captures/seed-examples.pcap"))
        #expect(result.stdout.contains("GET /chat"))
        let listing = try CLI.run(["lesson", "--format", "html", "--lessons", lessons.path])
        #expect(listing.stdout.contains("<h1>Lessons</h1>"))
    }
}
