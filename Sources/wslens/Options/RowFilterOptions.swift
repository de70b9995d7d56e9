import ArgumentParser
import Foundation
import WireBytes

/// `frames` and `messages`: which rows to print. Rows keep the indices they have without a filter.
struct RowFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only what this side sent: client or server.", valueName: "side"))
    var from: PeerChoice?

    @Option(help: ArgumentHelp("Only these opcodes: text, binary, continuation, ping, pong, close (repeat the option or separate with commas).",
                               valueName: "name"))
    var opcode: [String] = []

    @Option(help: ArgumentHelp("Only rows whose payload matches this regular expression: the unmasked and inflated text of a text message, lowercase hex (no spaces) for binary data. A frame is judged by its message's text (so a fragmented message's frames print when it completes); a close frame by its reason.",
                               valueName: "regex"))
    var grep: String?

    @Option(help: ArgumentHelp("Only rows completed at or after this time: seconds since the capture's first packet (12.5), or an ISO 8601 time (2026-11-21T10:15:00Z; without a zone: UTC).",
                               valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only rows completed at or before this time (as --since).", valueName: "time"))
    var until: String?

    /// The filter, checked; `messages` allows only the data opcodes.
    func filter(forMessages: Bool) throws -> RowFilter {
        var filter = RowFilter()
        filter.from = from?.peer
        if !opcode.isEmpty {
            var codes: Set<UInt8> = []
            for name in opcode.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                guard let code = RowFilter.opcodes[name] else {
                    throw ValidationError("--opcode \(name): use text, binary, continuation, ping, pong or close.")
                }
                if forMessages, code != 1, code != 2 {
                    throw ValidationError("--opcode \(name): messages are text or binary (control frames and continuations are in `wslens frames`).")
                }
                codes.insert(code)
            }
            filter.opcodes = codes
        }
        if let grep {
            do {
                filter.grep = try Regex(grep)
            } catch {
                throw ValidationError("--grep: not a regular expression: \(error)")
            }
        }
        filter.since = try since.map { try Self.bound($0, option: "--since") }
        filter.until = try until.map { try Self.bound($0, option: "--until") }
        return filter
    }

    static func bound(_ text: String, option: String) throws -> RowFilter.TimeBound {
        if let seconds = Double(text), seconds.isFinite { return .relative(seconds) }
        if let epoch = isoTime(text) { return .absolute(epoch) }
        throw ValidationError("\(option) \(text): give seconds since the first packet (e.g. 12.5) or an ISO 8601 time (e.g. 2026-11-21T10:15:00Z).")
    }

    /// Seconds since 1970 of an ISO 8601 date and time, with or without fractions and zone (none: UTC).
    static func isoTime(_ text: String) -> Double? {
        let withZone = text.hasSuffix("Z") || text.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil
        let full = withZone ? text : text + "Z"
        for options in [ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: full) {
                // The formatter keeps milliseconds only: take the fraction as written.
                var seconds = date.timeIntervalSince1970.rounded(.down)
                if let dot = full.firstIndex(of: "."),
                   let fraction = Double("0" + full[dot...].prefix { $0 == "." || $0.isNumber }) {
                    seconds += fraction
                }
                return seconds
            }
        }
        return nil
    }
}

enum PeerChoice: String, ExpressibleByArgument, CaseIterable {
    case client, server
    var peer: Peer { self == .client ? .client : .server }
}
