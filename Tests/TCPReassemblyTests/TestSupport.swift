import CaptureCrafting
import PacketCapture
import PacketDecoding
import Testing
import WireBytes
import TCPReassembly

func address(_ last: UInt32, port: UInt16) -> SocketAddress {
    SocketAddress(address: .v4(0x0A00_0000 | last), port: port)
}

let clientAddress = address(1, port: 50_000)
let serverAddress = address(2, port: 8080)

/// A segment to send, before it gets a packet number.
struct SegmentSpec {
    var source: SocketAddress
    var destination: SocketAddress
    var sequenceNumber: UInt32
    var acknowledgmentNumber: UInt32 = 0
    var flags: TCPFlags = .ack
    var payload: [UInt8] = []
    var missingPayloadLength = 0
}

/// A `StreamEvent` with its bytes copied, so it outlives the call that produced it.
enum RecordedEvent: Equatable {
    case opened(connection: Int, client: SocketAddress, server: SocketAddress, roleBasis: RoleBasis, packet: UInt64)
    case data(connection: Int, from: Peer, offset: UInt64, bytes: [UInt8], packet: UInt64, payloadOffset: Int)
    case gap(StreamGap)
    case ended(connection: Int, from: Peer, how: StreamEnd)
    case closed(connection: Int, how: StreamEnd)
    case finding(connection: Int, from: Peer?, rule: String, packet: UInt64?)
}

struct StreamID: Hashable {
    var connection: Int
    var from: Peer
}

/// Feeds segments to a reassembler the way the pipeline will (payload borrowed only during the
/// call), copies every event at once, and checks on the way that each stream's data and gap events
/// tile it from offset 0 without holes or overlaps.
struct ReassemblyHarness {
    var reassembler: TCPReassembler
    private(set) var events: [RecordedEvent] = []
    /// Payload of every packet sent, by packet number, to check provenance against.
    private(set) var payloads: [UInt64: [UInt8]] = [:]
    private(set) var provenance: [StreamID: ProvenanceIndex] = [:]
    private var nextOffset: [StreamID: UInt64] = [:]
    private var openedConnections: Set<Int> = []
    private var endedStreams: Set<StreamID> = []
    private var closedConnections: Set<Int> = []
    private(set) var lastPacket: UInt64 = 0
    private var scratch: [StreamEvent] = []

    init(configuration: TCPReassembler.Configuration = .init()) {
        reassembler = TCPReassembler(configuration: configuration)
    }

    /// Sends one segment; returns its packet number.
    @discardableResult
    mutating func send(_ spec: SegmentSpec) -> UInt64 {
        lastPacket += 1
        let packet = lastPacket
        payloads[packet] = spec.payload
        spec.payload.withUnsafeBytes { payload in
            let segment = TCPSegment(
                packetNumber: packet, timestamp: CaptureTimestamp(seconds: 1_700_000_000 + Int64(packet), nanoseconds: 0),
                source: spec.source, destination: spec.destination, sequenceNumber: spec.sequenceNumber,
                acknowledgmentNumber: spec.acknowledgmentNumber, flags: spec.flags, window: 65535, payload: payload,
                missingPayloadLength: spec.missingPayloadLength)
            reassembler.process(segment, into: &scratch)
            record(scratch)
            scratch.removeAll()
        }
        return packet
    }

    @discardableResult
    mutating func send(from source: SocketAddress, to destination: SocketAddress, seq: UInt32, ack: UInt32 = 0,
                       flags: TCPFlags = .ack, payload: [UInt8] = [], missing: Int = 0) -> UInt64 {
        send(SegmentSpec(source: source, destination: destination, sequenceNumber: seq, acknowledgmentNumber: ack,
                         flags: flags, payload: payload, missingPayloadLength: missing))
    }

    mutating func finish() {
        reassembler.finish(into: &scratch)
        record(scratch)
        scratch.removeAll()
    }

    /// Checks the order the events promise: opened first, nothing after a stream's end or the close.
    private mutating func checkOrder(_ event: StreamEvent) {
        switch event {
        case .opened(let connection, _, _, _, _):
            #expect(openedConnections.insert(connection).inserted, "opened once")
        case .data(let chunk):
            checkOpen(StreamID(connection: chunk.connection, from: chunk.from))
        case .gap(let gap):
            checkOpen(StreamID(connection: gap.connection, from: gap.from))
        case .ended(let connection, let from, _):
            checkOpen(StreamID(connection: connection, from: from))
            endedStreams.insert(StreamID(connection: connection, from: from))
        case .closed(let connection, _):
            #expect(endedStreams.contains(StreamID(connection: connection, from: .client)))
            #expect(endedStreams.contains(StreamID(connection: connection, from: .server)))
            #expect(closedConnections.insert(connection).inserted, "closed once")
        case .finding(let connection, _, _, _):
            #expect(openedConnections.contains(connection))
        }
    }

    private func checkOpen(_ id: StreamID) {
        #expect(openedConnections.contains(id.connection), "events only after .opened")
        #expect(!endedStreams.contains(id), "nothing after a stream's end")
    }

    private mutating func record(_ newEvents: [StreamEvent]) {
        for event in newEvents {
            checkOrder(event)
            switch event {
            case .opened(let connection, let client, let server, let basis, let packet):
                events.append(.opened(connection: connection, client: client, server: server, roleBasis: basis, packet: packet))
            case .data(let chunk):
                let id = StreamID(connection: chunk.connection, from: chunk.from)
                #expect(chunk.offset == nextOffset[id, default: 0], "data must continue the stream exactly")
                #expect(!chunk.bytes.isEmpty)
                nextOffset[id] = chunk.offset + UInt64(chunk.bytes.count)
                provenance[id, default: ProvenanceIndex()].record(chunk)
                events.append(.data(connection: chunk.connection, from: chunk.from, offset: chunk.offset,
                                    bytes: Array(chunk.bytes), packet: chunk.packet, payloadOffset: chunk.payloadOffset))
            case .gap(let gap):
                let id = StreamID(connection: gap.connection, from: gap.from)
                #expect(gap.offset == nextOffset[id, default: 0], "a gap must continue the stream exactly")
                #expect(gap.length > 0)
                nextOffset[id] = gap.offset + gap.length
                events.append(.gap(gap))
            case .ended(let connection, let from, let how):
                events.append(.ended(connection: connection, from: from, how: how))
            case .closed(let connection, let how):
                events.append(.closed(connection: connection, how: how))
            case .finding(let connection, let from, let finding, let packet):
                events.append(.finding(connection: connection, from: from, rule: finding.rule.id, packet: packet))
            }
        }
    }

    // MARK: - Reading the results

    /// The delivered bytes of one stream, with gaps left out.
    func stream(_ connection: Int = 1, from peer: Peer) -> [UInt8] {
        var bytes: [UInt8] = []
        for case .data(connection, peer, _, let chunk, _, _) in events { bytes += chunk }
        return bytes
    }

    func gaps(_ connection: Int = 1, from peer: Peer? = nil) -> [StreamGap] {
        events.compactMap {
            if case .gap(let gap) = $0, gap.connection == connection, peer == nil || gap.from == peer { gap } else { nil }
        }
    }

    func findings(_ rule: Rule) -> [RecordedEvent] {
        events.filter { if case .finding(_, _, rule.id, _) = $0 { true } else { false } }
    }

    var openedEvents: [RecordedEvent] {
        events.filter { if case .opened = $0 { true } else { false } }
    }

    /// Checks that every delivered byte of the stream is where the provenance index says it is.
    func verifyProvenance(_ connection: Int = 1, from peer: Peer, expected: [UInt8]) {
        guard let index = provenance[StreamID(connection: connection, from: peer)] else {
            Issue.record("no provenance for \(peer)")
            return
        }
        var covered: UInt64 = 0
        for piece in index.pieces(covering: 0..<UInt64(expected.count)) {
            let packetPayload = payloads[piece.packet] ?? []
            #expect(piece.payloadRange.upperBound <= packetPayload.count)
            guard piece.payloadRange.upperBound <= packetPayload.count else { continue }
            let carried = Array(packetPayload[piece.payloadRange])
            let stream = Array(expected[Int(piece.streamRange.lowerBound)..<Int(piece.streamRange.upperBound)])
            #expect(carried == stream, "packet \(piece.packet) must hold stream bytes \(piece.streamRange)")
            covered += UInt64(piece.streamRange.count)
        }
        #expect(covered == UInt64(expected.count))
    }
}

func randomBytes(_ count: Int, using generator: inout SeededGenerator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
