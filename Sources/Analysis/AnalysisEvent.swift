public import HTTPUpgrade
public import PacketCapture
public import PacketDecoding
public import TCPReassembly
public import WebSocketWire
public import WireBytes

/// A TCP connection as the output names it: its number and its two ends.
public struct ConnectionIdentity: Sendable, Hashable {
    /// 1-based, in order of the connection's first packet.
    public let number: Int
    public let client: SocketAddress
    public let server: SocketAddress
    public let roleBasis: RoleBasis

    public init(number: Int, client: SocketAddress, server: SocketAddress, roleBasis: RoleBasis) {
        self.number = number
        self.client = client
        self.server = server
        self.roleBasis = roleBasis
    }
}

/// A WebSocket opening handshake, validated, with the packets that carried it.
/// A class: it is large, and every connection report holds an optional one.
public final class HandshakeRecord: Sendable {
    public let connection: ConnectionIdentity
    public let handshake: WebSocketHandshake
    public let requestHead: HTTPRequestHead?
    public let responseHead: HTTPResponseHead
    public let requestPacket: UInt64?
    public let responsePacket: UInt64?

    init(connection: ConnectionIdentity, handshake: WebSocketHandshake, requestHead: HTTPRequestHead?,
         responseHead: HTTPResponseHead, requestPacket: UInt64?, responsePacket: UInt64?) {
        self.connection = connection
        self.handshake = handshake
        self.requestHead = requestHead
        self.responseHead = responseHead
        self.requestPacket = requestPacket
        self.responsePacket = responsePacket
    }
}

extension HandshakeRecord {
    /// The accept-key check: true (matches the key) or false (wrong or missing), nil when no check
    /// was possible (no 101 answered the request, or there is no single key to derive it from).
    public var acceptCheck: Bool? {
        guard handshake.status == 101, handshake.expectedAccept != nil else { return nil }
        return handshake.acceptValid
    }

    /// Why the accept key was not checked, in words (nil when it was).
    public var acceptNotCheckedReason: String? {
        guard acceptCheck == nil else { return nil }
        if handshake.status != 101 {
            return handshake.status.map { "the server answered \($0), not 101" } ?? "no response"
        }
        if handshake.expectedAccept != nil { return "cut off: the accept is not in the capture" }
        return "no single Sec-WebSocket-Key to derive it from"
    }
}

/// One decoded frame with the packets that carried its bytes.
public struct FrameRecord: Sendable {
    public let connection: ConnectionIdentity
    public let frame: DecodedFrame
    /// Which packets carried which bytes of the frame, in stream order.
    public let pieces: [ProvenanceIndex.Piece]
    /// The timestamp of the packet that completed the frame.
    public let time: CaptureTimestamp
    /// wss: the TLS records that carried the frame's bytes, in order (empty for plain ws).
    public var tlsRecords: [TLSRecordSpan] = []
    /// In a merged capture: the file and file-local number of the first packet (nil otherwise).
    public internal(set) var origin: PacketOrigin? = nil

    public var firstPacket: UInt64? { pieces.first?.packet }
    public var lastPacket: UInt64? { pieces.last?.packet }
    /// The distinct packets, in stream order.
    public var packets: [UInt64] {
        var seen: [UInt64] = []
        for piece in pieces where seen.last != piece.packet { seen.append(piece.packet) }
        return seen
    }
}

/// One reassembled (and inflated) data message.
public struct MessageRecord: Sendable {
    public let connection: ConnectionIdentity
    public let message: DecodedMessage
    public let firstPacket: UInt64?
    public let lastPacket: UInt64?
    public let time: CaptureTimestamp
    /// WebSocket header bytes of the message's frames (control frames in between excluded).
    public let headerBytes: Int
    /// How many packets carried the message's frames.
    public let packetCount: Int
    /// In a merged capture: the file and file-local number of the first packet (nil otherwise).
    public internal(set) var origin: PacketOrigin? = nil
}

/// A rule broken or an observation, placed in the capture.
public struct FindingRecord: Sendable {
    public let connection: ConnectionIdentity?
    /// Who sent the bytes concerned; nil for the connection or capture as a whole.
    public let from: Peer?
    /// The frame concerned (its per-connection index), if any.
    public let frameIndex: Int?
    /// The packet that carried the offending byte, when known.
    public let packet: UInt64?
    public let finding: Finding
    /// In a merged capture: the file and file-local number of `packet` (nil otherwise).
    public internal(set) var origin: PacketOrigin? = nil

    public var rule: Rule { finding.rule }
}

/// What the analysis reports, in capture order.
public enum AnalysisEvent: Sendable {
    case connectionOpened(ConnectionIdentity)
    case handshake(HandshakeRecord)
    case frame(FrameRecord)
    case message(MessageRecord)
    case finding(FindingRecord)
    case gap(ConnectionIdentity, StreamGap)
    case connectionClosed(ConnectionIdentity)
    /// A TCP segment's header (only with `AnalysisOptions.emitsTCPPackets`), before its packet's other events.
    case tcpPacket(TCPPacketRecord)
}
