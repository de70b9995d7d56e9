import HTTPUpgrade
import PacketDecoding
import WebSocketWire
public import WireBytes

/// Collects what the `overhead` command shows: per connection the bytes per layer, and for
/// WebSocket connections the messages priced as HTTP/1.1 in both models.
public struct OverheadAnalysis: Sendable {
    /// One message as the per-message view shows it.
    public struct MessageCost: Sendable, Hashable {
        public let connection: Int
        public let index: Int
        public let from: Peer
        /// Payload bytes as sent (compressed where compressed).
        public let payloadBytes: UInt64
        public let webSocketHeaderBytes: Int
        public let packets: Int
    }

    /// The two phases of a connection that carried plain HTTP and then upgraded to WebSocket,
    /// each counted like a connection of its own.
    public struct Phases: Sendable {
        /// Packets before the Upgrade request's packet: the HTTP exchanges.
        public let http: PerPeer<LayerBytes>
        /// From the Upgrade request's packet on: the handshake and the frames.
        public let webSocket: PerPeer<LayerBytes>
        /// The packet that carried the Upgrade request.
        public let upgradePacket: UInt64?
        public let isExact: Bool
    }

    public struct Connection: Sendable {
        public let report: ConnectionReport
        /// Minimal and realistic models (WebSocket connections with messages only).
        public let comparisons: [HTTPComparison]
        /// The first `messageLimit` messages.
        public let messages: [MessageCost]
        /// All messages of the connection, counted.
        public let messageCount: Int
        /// "HTTP, then WebSocket": set for a connection that upgraded after plain HTTP exchanges.
        public let phases: Phases?

        /// Average TCP/IP header bytes (link + IP + TCP) per packet, per direction, of the
        /// WebSocket phase (the whole connection when it has one phase).
        public func headerBytesPerPacket(from peer: Peer) -> Double {
            Self.average(phases?.webSocket[peer] ?? report.layers[peer])
        }

        /// The same for the packets of the plain HTTP exchanges.
        public func httpHeaderBytesPerPacket(from peer: Peer) -> Double {
            Self.average(phases?.http[peer] ?? report.layers[peer])
        }

        static func average(_ bytes: LayerBytes) -> Double {
            guard bytes.packets > 0 else { return 0 }
            return Double(bytes.linkHeaderBytes + bytes.ipHeaderBytes + bytes.tcpHeaderBytes) / Double(bytes.packets)
        }
    }

    public let messageLimit: Int
    private var costs: [Int: [(from: Peer, length: UInt64, headerBytes: Int)]] = [:]
    private var shown: [Int: [MessageCost]] = [:]

    public init(messageLimit: Int = 10) { self.messageLimit = messageLimit }

    /// Feed every analysis event.
    public mutating func observe(_ event: AnalysisEvent) {
        guard case .message(let record) = event else { return }
        let number = record.connection.number
        let message = record.message
        costs[number, default: []].append((message.from, message.wireLength, record.headerBytes))
        if shown[number, default: []].count < messageLimit {
            shown[number, default: []].append(MessageCost(connection: number, index: message.index, from: message.from,
                                                          payloadBytes: message.wireLength,
                                                          webSocketHeaderBytes: record.headerBytes, packets: record.packetCount))
        }
    }

    /// The result, once the analysis has finished.
    public func connections(of report: AnalysisReport) -> [Connection] {
        // The capture's own plain HTTP responses size the realistic model's responses: those of
        // every connection, also the polls on a connection that upgraded afterwards.
        let plain = report.connections.filter { $0.http.server.messages > 0 }
        let responseHeads = plain.reduce(UInt64(0)) { $0 + $1.http.server.headerBytes }
        let responses = plain.reduce(UInt64(0)) { $0 + $1.http.server.messages }
        let observed = responses > 0 ? Int((Double(responseHeads) / Double(responses)).rounded()) : nil
        return report.connections.map { connection in
            let messages = costs[connection.number] ?? []
            var comparisons: [HTTPComparison] = []
            if connection.isWebSocket, !messages.isEmpty {
                let handshakeBytes = connection.http.client.handshakeBytes + connection.http.server.handshakeBytes
                let host = connection.handshake?.handshake.host ?? connection.identity.server.description
                comparisons.append(HTTPComparison(model: .minimal(host: host), handshakeBytes: handshakeBytes, messages: messages))
                if let request = connection.handshake?.requestHead {
                    comparisons.append(HTTPComparison(model: .realistic(request: request, observedResponseHeadBytes: observed),
                                                      handshakeBytes: handshakeBytes, messages: messages))
                }
            }
            let phases = connection.httpPhase.map { phase in
                Phases(http: phase.layers,
                       webSocket: PerPeer(client: connection.layers.client - phase.layers.client,
                                          server: connection.layers.server - phase.layers.server),
                       upgradePacket: phase.upgradePacket, isExact: phase.isExact)
            }
            return Connection(report: connection, comparisons: comparisons, messages: shown[connection.number] ?? [],
                              messageCount: messages.count, phases: phases)
        }
    }
}
