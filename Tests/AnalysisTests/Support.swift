import Analysis
import CaptureCrafting
import Foundation
import PacketCapture
import WireBytes

/// What an analysis reported, copied into comparable values.
struct Outcome: Equatable {
    var frames: [String] = []
    var messages: [String] = []
    var findings: [String] = []
    var handshakes = 0
    var gaps: [UInt64] = []
    var connections = 0
    var report: AnalysisReport?

    static func == (lhs: Outcome, rhs: Outcome) -> Bool {
        (lhs.frames, lhs.messages, lhs.findings, lhs.handshakes, lhs.gaps, lhs.connections)
            == (rhs.frames, rhs.messages, rhs.findings, rhs.handshakes, rhs.gaps, rhs.connections)
    }

    var ruleIDs: Set<String> { Set(findings.map { String($0.split(separator: " ")[0]) }) }
}

enum Harness {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wslens-\(UUID().uuidString)-\(name)").path
    }

    /// Writes the packets with the capture writer to a real pcap file and analyses that file.
    static func analyze(_ packets: [CraftedPacket], linkType: LinkType = .ethernet,
                        options: AnalysisOptions = AnalysisOptions()) throws -> Outcome {
        let path = temporaryPath("capture.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TCPConversation.write(packets, linkType: linkType, to: path)
        var outcome = Outcome()
        let report = try CaptureAnalyzer(options: options).analyze(path: path) { event in
            switch event {
            case .frame(let record):
                let frame = record.frame
                outcome.frames.append("\(record.connection.number) \(frame.from) #\(frame.index) \(frame.header.bytes.hexString) "
                                      + "\(frame.payload.hexString) \(frame.ruleIDs.joined(separator: ","))")
            case .message(let record):
                let message = record.message
                outcome.messages.append("\(record.connection.number) \(message.from) #\(message.index) \(message.opcode.name) "
                                        + "\(message.isCompressed) \(message.data.hexString) \(message.text ?? "-")")
            case .finding(let record):
                outcome.findings.append("\(record.rule.id) \(record.from?.rawValue ?? "-") \(record.frameIndex.map(String.init) ?? "-")")
            case .handshake:
                outcome.handshakes += 1
            case .gap(_, let gap):
                outcome.gaps.append(gap.length)
            case .connectionOpened:
                outcome.connections += 1
            case .connectionClosed, .tcpPacket:
                break
            }
        }
        outcome.report = report
        return outcome
    }
}
