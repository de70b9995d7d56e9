import Analysis
import CaptureCrafting
import Foundation
import PacketCapture
import Testing
import WireBytes

/// The command paths as they run (issue 12, item 9): `check`, `summary` and `overhead` skip
/// building frame and message values, `frames` and `messages` build only theirs. Every rule's
/// crafted capture, the property tests' conversations and every bundled capture give the same
/// findings and counts under each command's needs, so a fast path can never hide a finding.
@Suite struct CommandPathTests {
    /// Everything a command's verdict or counts depend on, as comparable text.
    static func signature(_ analyze: (AnalysisOptions, (AnalysisEvent) -> Void) throws -> AnalysisReport,
                          needs: AnalysisNeeds) throws -> [String] {
        var lines: [String] = []
        var options = AnalysisOptions(needs: needs)
        options.maxInflatedMessageSize = 10_000   // the zip-bomb rule's cap (ConformanceCaptureTests)
        let report = try analyze(options) { event in
            if case .finding(let record) = event {
                lines.append("finding \(record.connection?.number ?? 0) \(record.rule.id) \(record.from?.rawValue ?? "-") "
                             + "\(record.frameIndex.map(String.init) ?? "-") \(record.packet.map(String.init) ?? "-") \(record.finding.message)")
            }
        }
        for connection in report.connections {
            lines.append("connection \(connection.number) \(connection.protocolName) ws=\(connection.isWebSocket) "
                         + "counts=\(String(describing: connection.frameCounts)) bytes=\(connection.webSocket) http=\(connection.http) "
                         + "requests=\(connection.httpRequests)/\(connection.httpResponses) exchanges=\(connection.httpExchanges.count) "
                         + "close=\(String(describing: connection.close)) pings=\(connection.pingPongs) "
                         + "findings=\(connection.findingCounts.sorted { $0.key < $1.key })")
        }
        return lines
    }

    static func expectSameUnderEveryCommand(_ name: String,
                                            _ analyze: (AnalysisOptions, (AnalysisEvent) -> Void) throws -> AnalysisReport) throws {
        let reference = try signature(analyze, needs: AnalysisNeeds.explain)
        #expect(!reference.isEmpty, "\(name): nothing analysed")
        for (command, needs) in AnalysisNeeds.applicationCommands where needs != AnalysisNeeds.explain {
            let other = try signature(analyze, needs: needs)
            let difference = zip(other, reference).first { $0 != $1 }
            #expect(other == reference, "\(name) under `\(command)`'s needs differs: \(String(describing: difference)) (\(other.count) vs \(reference.count) lines)")
        }
    }

    static func fromPackets(_ packets: [CraftedPacket]) -> (AnalysisOptions, (AnalysisEvent) -> Void) throws -> AnalysisReport {
        let path = Harness.temporaryPath("paths.pcap")
        return { options, onEvent in
            defer { try? FileManager.default.removeItem(atPath: path) }
            try TCPConversation.write(packets, linkType: .ethernet, to: path)
            return try CaptureAnalyzer(options: options).analyze(path: path, onEvent: onEvent)
        }
    }

    @Test(arguments: ConformanceCaptureTests.faults)
    func everyRulesCaptureGivesTheSameFindingsUnderEveryCommand(fault: ConformanceCaptureTests.Fault) throws {
        try Self.expectSameUnderEveryCommand(fault.rule, Self.fromPackets(ConformanceCaptureTests.capture(for: fault)))
    }

    @Test(arguments: 0..<6)
    func thePropertyConversationsGiveTheSameUnderEveryCommand(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed) &* 7_919 &+ 3)
        let cut = PipelinePropertyTests.randomCut(using: &generator)
        let packets = seed == 0 ? PipelinePropertyTests.packets { _ in [1_448] }
            : PipelinePropertyTests.disorder(PipelinePropertyTests.packets(cut: cut), using: &generator)
        try Self.expectSameUnderEveryCommand("conversation \(seed)", Self.fromPackets(packets))
    }

    @Test func everyBundledCaptureGivesTheSameUnderEveryCommand() throws {
        let captures = CaptureOrderTests.root.appendingPathComponent("Captures")
        var names = try FileManager.default.contentsOfDirectory(atPath: captures.path).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        names += try FileManager.default.contentsOfDirectory(atPath: captures.appendingPathComponent("brought").path)
            .filter { $0.hasSuffix(".pcap") }.map { "brought/" + $0 }
        #expect(names.count >= 20)
        for name in names.sorted() {
            let path = captures.appendingPathComponent(name).path
            try Self.expectSameUnderEveryCommand(name) { options, onEvent in
                try CaptureAnalyzer(options: options).analyze(path: path, onEvent: onEvent)
            }
        }
    }
}

/// The session puts on every frame the message it belongs to (issue 12, item 8), so renderers
/// never work membership out again from opcodes and FIN bits: the tags agree with the messages
/// the assembler reports, on the property conversation however TCP cut it, and on every capture.
@Suite struct FrameMessageTagTests {
    static func expectTagsAgree(_ name: String, analyze: ((AnalysisEvent) -> Void) throws -> Void) throws {
        var frames: [Int: [Int: FrameRecord]] = [:]
        var messages: [MessageRecord] = []
        try analyze { event in
            switch event {
            case .frame(let record): frames[record.connection.number, default: [:]][record.frame.index] = record
            case .message(let record): messages.append(record)
            default: break
            }
        }
        var tagged = Set<String>()
        for record in messages {
            let message = record.message
            let first = message.frameIndices.first
            for index in message.frameIndices {
                let frame = try #require(frames[record.connection.number]?[index], "\(name): frame \(index)").frame
                #expect(frame.message?.opcode == message.opcode, "\(name): frame \(index)")
                #expect(frame.message?.isCompressed == message.isCompressed, "\(name): frame \(index)")
                #expect(frame.message?.firstFrameIndex == first, "\(name): frame \(index)")
                tagged.insert("\(record.connection.number)/\(index)")
            }
        }
        for (connection, byIndex) in frames {
            for (index, record) in byIndex where !tagged.contains("\(connection)/\(index)") {
                #expect(record.frame.message == nil,
                        "\(name): frame \(index) of connection \(connection) is tagged but in no message")
            }
        }
    }

    @Test(arguments: 0..<4)
    func tagsAgreeWithTheMessagesOnThePropertyConversation(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed) &* 31 &+ 7)
        let cut = PipelinePropertyTests.randomCut(using: &generator)
        let packets = seed == 0 ? PipelinePropertyTests.packets { _ in [1_448] }
            : PipelinePropertyTests.disorder(PipelinePropertyTests.packets(cut: cut), using: &generator)
        let path = Harness.temporaryPath("tags.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TCPConversation.write(packets, linkType: .ethernet, to: path)
        try Self.expectTagsAgree("conversation \(seed)") { onEvent in
            _ = try CaptureAnalyzer().analyze(path: path, onEvent: onEvent)
        }
    }

    @Test func tagsAgreeWithTheMessagesOnEveryCapture() throws {
        let captures = CaptureOrderTests.root.appendingPathComponent("Captures")
        var names = try FileManager.default.contentsOfDirectory(atPath: captures.path).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        names += try FileManager.default.contentsOfDirectory(atPath: captures.appendingPathComponent("brought").path)
            .filter { $0.hasSuffix(".pcap") }.map { "brought/" + $0 }
        for name in names {
            try Self.expectTagsAgree(name) { onEvent in
                _ = try CaptureAnalyzer().analyze(path: captures.appendingPathComponent(name).path, onEvent: onEvent)
            }
        }
    }
}
