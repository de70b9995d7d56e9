/// Every word the HTML pages show, in one place (for the string catalog to take over).
enum PageStrings {
    static let language = "en"

    // MARK: Report page

    static func reportTitle(_ file: String) -> String { "wslens report: \(file)" }
    static func reportHeading(_ file: String) -> String { "WebSocket report: \(file)" }
    static func reportIntro(packets: UInt64, connections: Int, webSocket: Int) -> String {
        "\(packets) packets, \(connections) TCP connection\(connections == 1 ? "" : "s"), \(webSocket) of them WebSocket. "
            + "Made by wslens from the capture alone; this page loads nothing from anywhere."
    }
    static func noWebSocket(_ file: String) -> String { "No WebSocket connections in \(file)." }
    static let contents = "Connections"
    static func connectionHeading(_ number: Int, client: String, server: String) -> String {
        "Connection \(number): client \(client) → server \(server)"
    }
    static let summaryHeading = "Summary"
    static let ladderHeading = "Lifecycle"
    static let ladderNote = "Long runs of data frames are folded into one row; `wslens ladder --all` draws every frame."
    static func ladderTitle(_ title: String) -> String { "Sequence diagram. " + title }
    static let framesHeading = "Frames"
    static let frameDetailsHeading = "Every frame: header and masking table"
    static func notDrawn(first: Int, last: Int, limit: Int) -> String {
        "Frames \(first) to \(last) are listed in the table above but not drawn here: the report draws the first \(limit) "
            + "frames of a connection (--max-frames)."
    }
    static let closeHeading = "Close"
    static let findingsHeading = "Findings"
    static let noFindings = "None: this connection follows every rule wslens checks."
    static let overheadHeading = "Overhead"
    static let captureErrorHeading = "The capture is cut off"
    static let footer = "wslens: an educational WebSocket packet analyzer. Everything on this page was computed from the capture."

    // Frame table columns.
    static let frameColumns = ["#", "packets", "time", "dir", "FIN", "RSV", "opcode", "MASK", "length", "masking key", "payload"]
    static func direction(fromClient: Bool) -> String { fromClient ? "C→S" : "S→C" }
    static func frameSummary(index: Int, opcode: String, fromClient: Bool, length: UInt64) -> String {
        "Frame \(index): \(opcode), \(fromClient ? "client → server" : "server → client"), \(length) payload byte\(length == 1 ? "" : "s")"
    }
    static let notMaskedServer = "Not masked: a server never masks its frames (RFC 6455 §5.1)."
    static let notMaskedClient = "Not masked: a client must mask every frame (RFC 6455 §5.1)."
    static let payloadNotRetained = "The payload is not in the capture, so there is nothing to unmask."
    static let emptyPayload = "The payload is empty: the key is sent but masks nothing."
    static func incomplete(_ missing: UInt64) -> String { "incomplete: \(missing) bytes are not in the capture" }
    static let incompleteFrame = "incomplete"
    static let compressed = "compressed"

    // Header figure and masking table.
    static func headerFigureCaption(headerBytes: Int) -> String {
        "The frame header as RFC 6455 §5.2 draws it (\(headerBytes) bytes, bit 0 = the most significant bit of the first byte)"
    }
    static func payloadData(masked: Bool) -> String { masked ? "Payload data (masked)" : "Payload data" }
    static let continued = "(continued)"
    static func maskingCaption(key: String, shown: Int, total: UInt64) -> String {
        "Unmasking with the key \(key): data[i] = masked[i] XOR key[i mod 4]"
            + (UInt64(shown) < total ? " (the first \(shown) of \(total) bytes)" : "")
    }
    static let maskingIndex = "i"
    static let maskingMasked = "masked"
    static let maskingKey = "XOR key"
    static let maskingUnmasked = "unmasked"
    static let maskingCharacter = "character"

    // Close and findings.
    static let closeColumns = ["frame", "from", "code", "meaning", "reason"]
    static func closeVerdict(complete: Bool, endedWithoutClose: Bool) -> String {
        if endedWithoutClose { return "TCP ended without a close frame (reported as 1006 Abnormal Closure)." }
        return complete ? "Both sides sent a close frame: the closing handshake is complete."
            : "Only one side sent a close frame: the closing handshake is not complete in the capture."
    }
    static let noClose = "No close frame in the capture."
    static let findingColumns = ["severity", "rule", "RFC", "from", "frame", "packet", "what happened"]

    /// "6455 5.3" -> (the link text, the RFC editor's URL of that section).
    static func rfcLink(_ section: String) -> (String, String)? {
        let parts = section.split(separator: " ")
        guard parts.count == 2, parts[0].allSatisfy(\.isNumber), parts[1].allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return ("RFC \(parts[0]) §\(parts[1])", "https://www.rfc-editor.org/rfc/rfc\(parts[0])#section-\(parts[1])")
    }

    // Charts.
    static let clientToServer = "client → server"
    static let serverToClient = "server → client"
    static let linkHeaders = "link headers"
    static let ipHeaders = "IP headers"
    static let tcpHeaders = "TCP headers"
    static let httpHandshake = "HTTP handshake"
    static let httpHeaders = "HTTP headers"
    static let httpBodies = "HTTP bodies"
    static let wsHeaders = "WebSocket headers"
    static let wsPayload = "WebSocket payload"
    static let otherPayload = "other TCP payload"
    static let webSocket = "WebSocket"
    static let handshake = "handshake"
    static let frameHeaders = "WebSocket frame headers"
    static let httpHeads = "HTTP request and response heads"
    static let payload = "payload"
    static func httpModel(_ kind: String) -> String { "HTTP \(kind)" }
    static func layersChartTitle(_ number: Int) -> String { "Connection \(number): where the captured bytes went, per layer" }
    static func comparisonChartTitle(_ messages: Int) -> String {
        "The same \(messages) message\(messages == 1 ? "" : "s") over WebSocket and as HTTP/1.1 exchanges"
    }
    static let comparisonNote = "HTTP minimal: a polling GET and a 200 OK per server message, a POST per client message; "
        + "HTTP realistic: with the headers this client sent in its handshake. `wslens overhead` shows the numbers."
    static func bytes(_ count: UInt64) -> String { "\(count) B" }

    // MARK: Lesson page

    static func lessonTitle(_ title: String) -> String { "wslens lesson: \(title)" }
    static let lessonListTitle = "Lessons"
    static func exitStatus(_ status: Int32) -> String { "(exit status \(status))" }
    static func unexpectedStatus(_ expected: Int32) -> String { "✗ the lesson expects exit status \(expected) here" }
}
