import ArgumentParser
import Foundation
import Localization
import PacketCapture
import WireBytes

/// wslens: an educational WebSocket packet analyzer.
@main
struct WSLens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wslens",
        abstract: "Explains the WebSocket traffic in a pcap or pcapng capture.",
        discussion: """
            Reads captures through libpcap, reassembles every TCP stream, finds the HTTP Upgrade, \
            decodes and unmasks every WebSocket frame and explains what it found.

            Start with the seed examples of the seminar:
              wslens frames Captures/seed-examples.pcap
              wslens explain Captures/seed-examples.pcap --frame 3
              wslens mask cs.hm.edu --key 3c2e3f4a
              wslens accept E4WSEcseoWr4csPLS2QJHA==
              wslens close-codes --lang de
              wslens check student-chat.pcapng
              wslens check submissions/ --format csv > grades.csv
              sudo wslens explain -i lo --follow

            Exit codes:
              0 fine
              1 conformance errors found by `check` (or `accept --expect` did not match, or a lesson command exited unexpectedly)
              2 usage error (bad option, key, hex, frame number, connection number or filter)
              3 unreadable or truncated capture (the packets before the cut are still analysed and printed)
              4 nothing checked: `check` found no WebSocket connection (it says why for each connection)
              5 capture not possible: no permission to capture live, no such interface, or it is down

            Several captures in one run end with the worst of their codes: 5, 3, 2, 1, 4, 0 in that order.
            """,
        version: "0.1.0",
        subcommands: [StreamsCommand.self, SummaryCommand.self, FramesCommand.self, MessagesCommand.self, ExplainCommand.self,
                      CheckCommand.self, OverheadCommand.self, LadderCommand.self, ReportCommand.self, MaskCommand.self, UnmaskCommand.self, AcceptCommand.self,
                      CloseCodesCommand.self,
                      LessonCommand.self, InterfacesCommand.self])

    /// Our own entry point: swift-argument-parser exits 64 on usage errors; wslens promises 2,
    /// and 3 for a capture it cannot read.
    static func main() {
        // Errors are said in the command's language (--lang, else the environment's).
        var language = LanguageEnvironment.language()
        do {
            var command = try parseAsRoot()
            if let speaking = command as? any SpeaksLanguage { language = speaking.language }
            try command.run()
        } catch let error as CaptureError {
            Output.problem("wslens: \(TerminalSafe.escape(CaptureErrorWords.message(error, language: language)))")
            // A filter that does not compile is the user's typing, not the capture's fault.
            Foundation.exit(ExitStatus.of(error))
        } catch let error as CommandFailure {
            // An empty message: the command has said it already (several captures, each on its own line).
            let message = error.message(in: language)
            if !message.isEmpty { Output.problem("wslens: \(TerminalSafe.escape(message))") }
            Output.flush()
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Output.standardError(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
