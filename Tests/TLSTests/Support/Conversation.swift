import TLS
import WireBytes

/// RFC 8448 section 3 as a conversation: each side's records in the order the trace sends them.
enum RFC8448Conversation {
    static let steps: [(Peer, String)] = [
        (.client, "client_hello_record"),
        (.server, "server_hello_record"),
        (.server, "server_handshake_record"),
        (.client, "client_finished_record"),
        (.server, "server_new_session_ticket_record"),
        (.client, "client_application_data_record"),
        (.server, "server_application_data_record"),
        (.client, "client_alert_record"),
        (.server, "server_alert_record"),
    ]

    /// The whole stream of one side.
    static func stream(of peer: Peer) -> [UInt8] {
        steps.filter { $0.0 == peer }.flatMap { Fixture.rfc8448($0.1) }
    }

    /// Runs the conversation through a session, each record fed in pieces of `chunk` bytes.
    static func run(keyLog: KeyLog?, chunk: Int = .max) -> (session: TLSSession, events: [TLSEvent]) {
        var session = TLSSession(configuration: .init(keyLog: keyLog))
        var events: [TLSEvent] = []
        for (peer, name) in steps {
            let bytes = Fixture.rfc8448(name)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + min(chunk, bytes.count))
                session.consume(Array(bytes[start..<end]), from: peer, into: &events)
                start = end
            }
        }
        session.finish(into: &events)
        return (session, events)
    }
}

extension [TLSEvent] {
    func plaintext(from peer: Peer) -> [UInt8] {
        flatMap { event -> [UInt8] in
            if case .applicationData(let chunk) = event, chunk.from == peer { return chunk.bytes }
            return []
        }
    }

    var findingIDs: [String] {
        compactMap { if case .finding(let finding) = $0 { return finding.rule.id } else { return nil } }
    }

    var records: [TLSRecordInfo] {
        compactMap { if case .record(let record) = $0 { return record } else { return nil } }
    }

    var handshakeMessages: [TLSHandshakeMessageInfo] {
        compactMap { if case .handshakeMessage(let message) = $0 { return message } else { return nil } }
    }

    var alerts: [TLSAlertInfo] {
        compactMap { if case .alert(let alert) = $0 { return alert } else { return nil } }
    }
}
