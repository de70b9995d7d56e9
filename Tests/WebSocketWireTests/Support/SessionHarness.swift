import Testing
import WebSocketWire
import WireBytes

/// One step of a recorded conversation: the next bytes of a direction, or bytes the capture lacks.
enum ScriptStep {
    case bytes(Peer, [UInt8])
    case gap(Peer, UInt64)

    static func client(_ bytes: [UInt8]) -> ScriptStep { .bytes(.client, bytes) }
    static func server(_ bytes: [UInt8]) -> ScriptStep { .bytes(.server, bytes) }
}

enum SessionHarness {
    /// Plays a script into a new session, each byte step cut into buffers by `split`.
    static func run(_ script: [ScriptStep], configuration: WebSocketSession.Configuration = .init(),
                    finish: WebSocketSession.TransportEnd? = .fin,
                    split: ([UInt8]) -> [[UInt8]] = Splitting.whole) -> (events: [WebSocketEvent], session: WebSocketSession) {
        var session = WebSocketSession(configuration: configuration)
        var events: [WebSocketEvent] = []
        for step in script {
            switch step {
            case .bytes(let peer, let bytes):
                for piece in split(bytes) { session.consume(piece, from: peer, into: &events) }
            case .gap(let peer, let length):
                session.gap(from: peer, length: length, into: &events)
            }
        }
        if let finish { session.finish(transport: finish, into: &events) }
        return (events, session)
    }

    /// Plays the script whole, byte by byte and in seeded random splits; every way must give the
    /// same events. Returns the whole run.
    static func runAllSplits(_ script: [ScriptStep], configuration: WebSocketSession.Configuration = .init(),
                             finish: WebSocketSession.TransportEnd? = .fin,
                             sourceLocation: SourceLocation = #_sourceLocation) -> (events: [WebSocketEvent], session: WebSocketSession) {
        let reference = run(script, configuration: configuration, finish: finish)
        let bytewise = run(script, configuration: configuration, finish: finish, split: Splitting.bytewise)
        expectSame(bytewise.events, reference.events, "bytewise split", sourceLocation: sourceLocation)
        for seed in UInt64(1)...5 {
            let maxPiece = seed == 5 ? 300 : 11
            let other = run(script, configuration: configuration, finish: finish) {
                Splitting.random($0, seed: seed, maxPiece: maxPiece)
            }
            expectSame(other.events, reference.events, "random split with seed \(seed)", sourceLocation: sourceLocation)
        }
        return reference
    }

    /// Reports only the first difference, which keeps failures readable.
    static func expectSame(_ actual: [WebSocketEvent], _ expected: [WebSocketEvent], _ what: String,
                           sourceLocation: SourceLocation) {
        guard actual != expected else { return }
        let index = (0..<min(actual.count, expected.count)).first { actual[$0] != expected[$0] } ?? min(actual.count, expected.count)
        let got = index < actual.count ? "\(actual[index])" : "nothing"
        let wanted = index < expected.count ? "\(expected[index])" : "nothing"
        Issue.record("\(what) differs at event \(index): got \(got), expected \(wanted)", sourceLocation: sourceLocation)
    }
}

extension Array where Element == WebSocketEvent {
    var frames: [DecodedFrame] {
        compactMap { if case .frame(let frame) = $0 { return frame } else { return nil } }
    }

    var messages: [DecodedMessage] {
        compactMap { if case .message(let message) = $0 { return message } else { return nil } }
    }

    var findings: [WebSocketFinding] {
        compactMap { if case .finding(let finding) = $0 { return finding } else { return nil } }
    }

    var ruleIDs: [String] { findings.map(\.rule.id) }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
