import HTTPUpgrade
import PacketCapture
import TCPReassembly
import WireBytes

/// The plain HTTP traffic of one connection: its requests and responses paired into exchanges,
/// and its bytes per direction, with the opening handshake's heads kept apart.
///
/// An upgrade request is counted once its fate is known: as the handshake when a 101 answers it,
/// else (refused, or the capture ended first) as plain HTTP. A request head cut short by the capture
/// may have lost its Upgrade headers, so it waits for its answer the same way.
struct HTTPExchangeLog {
    private(set) var requests = 0
    private(set) var responses = 0
    private(set) var bytes = PerPeer(repeating: HTTPBytes())
    /// Finished exchanges, the first `ConnectionReport.exchangeLimit`.
    private(set) var finished: [HTTPExchange] = []
    /// Requests still waiting for (the end of) their responses, oldest first (pipelining).
    private var open: [ExchangeInProgress] = []
    /// Upgrade requests (or cut heads) not yet known to be the handshake, by the stream offset of their head.
    private var undecidedUpgradeHeads: [(startOffset: UInt64, length: UInt64)] = []

    static let openLimit = 10_000

    /// An exchange being parsed, with the stream ranges of its request and response.
    private struct ExchangeInProgress {
        var exchange: HTTPExchange
        var request: Range<UInt64>
        var response: Range<UInt64>?
        var isAnswered = false
    }

    mutating func request(_ head: HTTPRequestHead, firstPacket: UInt64?, time: CaptureTimestamp) {
        requests += 1
        let length = UInt64(head.headLength)
        if head.asksForUpgrade || head.truncation != nil {
            undecidedUpgradeHeads.append((head.startOffset, length))
        } else {
            bytes.client.messages += 1
            bytes.client.headerBytes += length
        }
        guard open.count < Self.openLimit else { return }
        open.append(ExchangeInProgress(
            exchange: HTTPExchange(method: head.method, target: head.target, requestHeadBytes: length, firstPacket: firstPacket,
                                   requestTime: time),
            request: head.startOffset..<(head.startOffset + length)))
    }

    mutating func response(_ head: HTTPResponseHead) {
        responses += 1
        let length = UInt64(head.headLength)
        if head.isSwitchingProtocols {
            bytes.server.handshakeBytes += length
        } else {
            bytes.server.messages += 1
            bytes.server.headerBytes += length
        }
        if !head.isInformational, let index = open.firstIndex(where: { $0.response == nil }) {
            open[index].exchange.status = head.status
            open[index].exchange.responseHeadBytes = length
            open[index].response = head.startOffset..<(head.startOffset + length)
        }
    }

    mutating func body(from sender: Peer, offset: UInt64, length: Int) {
        let count = UInt64(length)
        bytes[sender].bodyBytes += count
        if sender == .client {
            if let index = open.indices.last {
                open[index].exchange.requestBodyBytes += count
                open[index].request = open[index].request.lowerBound..<(offset + count)
            }
        } else if let index = open.firstIndex(where: { $0.response != nil && !$0.isAnswered }) ?? open.indices.first,
                  let response = open[index].response {
            open[index].exchange.responseBodyBytes += count
            open[index].response = response.lowerBound..<(offset + count)
        }
    }

    /// A message ended; a response's end completes the oldest exchange (requests end on their own).
    mutating func messageEnd(from sender: Peer, provenance: PerPeer<ProvenanceIndex>, time: CaptureTimestamp) {
        guard sender == .server, let index = open.firstIndex(where: { $0.response != nil && !$0.isAnswered }) else { return }
        open[index].isAnswered = true
        open[index].exchange.responseTime = time
        while let first = open.first, first.isAnswered { finish(open.removeFirst(), provenance: provenance) }
    }

    /// A 101 switched protocols: the request it answers is the handshake, not an exchange.
    mutating func upgraded(request: HTTPRequestHead?) {
        guard let request else { return }
        open.removeAll { $0.request.lowerBound == request.startOffset }
        if let index = undecidedUpgradeHeads.firstIndex(where: { $0.startOffset == request.startOffset }) {
            bytes.client.handshakeBytes += undecidedUpgradeHeads.remove(at: index).length
        }
    }

    /// The connection ended: upgrade requests that no 101 answered were plain HTTP.
    mutating func close() {
        for head in undecidedUpgradeHeads {
            bytes.client.messages += 1
            bytes.client.headerBytes += head.length
        }
        undecidedUpgradeHeads.removeAll()
    }

    private mutating func finish(_ done: ExchangeInProgress, provenance: PerPeer<ProvenanceIndex>) {
        guard finished.count < ConnectionReport.exchangeLimit else { return }
        var exchange = done.exchange
        exchange.requestPackets = Set(provenance.client.packets(covering: done.request)).count
        exchange.responsePackets = done.response.map { Set(provenance.server.packets(covering: $0)).count } ?? 0
        finished.append(exchange)
    }
}
