import PacketDecoding
import WireBytes

/// One TCP connection: its endpoints, roles, and a reassembler per direction.
///
/// Once both directions have ended nothing is buffered any more; what stays is the statistics
/// and a few numbers per direction, so memory grows with the number of connections only.
struct Connection {
    let key: ConnectionKey
    /// Nil until a packet needs them (see `receive`); events only flow after that.
    private(set) var roles: Roles?
    private(set) var closedHow: StreamEnd?
    /// Only segments the capture filter hides have been seen: nothing is reported about it.
    var isHiddenOnly = false
    /// A hidden segment carried FIN or RST (what port reuse needs to know of hidden segments).
    private var hiddenSawFINOrRST = false
    /// The initial sequence number of the SYN that opened the connection: a SYN with another one
    /// after FIN or RST is a new connection on the same ports.
    private var openingISN: UInt32?
    let number: Int
    let firstPacket: UInt64
    private var lowerHalf = HalfConnectionReassembler()
    private var higherHalf = HalfConnectionReassembler()

    init(number: Int, key: ConnectionKey, firstPacket: UInt64) {
        self.number = number
        self.key = key
        self.firstPacket = firstPacket
    }

    var isClosed: Bool { closedHow != nil }
    var bufferedBytes: Int { lowerHalf.bufferedBytes + higherHalf.bufferedBytes }
    var hasAllocatedBuffers: Bool { lowerHalf.hasAllocatedBuffer || higherHalf.hasAllocatedBuffer }

    /// Whether `segment` is a SYN without ACK, the only segment that can open a connection on
    /// endpoints that already had one (checked before `isReplaced(by:)`, which reads the record).
    static func mayOpen(_ segment: TCPSegment) -> Bool {
        segment.flags.rawValue & (TCPFlags.syn.rawValue | TCPFlags.ack.rawValue) == TCPFlags.syn.rawValue
    }

    /// Whether `segment` opens a new connection that replaces this one (port reuse).
    func isReplaced(by segment: TCPSegment) -> Bool {
        guard Self.mayOpen(segment) else { return false }
        let finishedOrReset = isClosed || lowerHalf.statistics.sawFIN || lowerHalf.statistics.sawRST
            || higherHalf.statistics.sawFIN || higherHalf.statistics.sawRST || hiddenSawFINOrRST
        return finishedOrReset && openingISN != segment.sequenceNumber
    }

    /// Takes a segment of this connection. The roles are decided by the first packet that shows
    /// them or needs them (payload, FIN, RST): events name client and server, and a pure ACK can
    /// wait for better evidence.
    mutating func receive(_ segment: TCPSegment, limits: TCPReassembler.Configuration, output: inout ReassemblyOutput) {
        let sender = key.side(of: segment.source)
        let flags = segment.flags
        if roles == nil {
            if let evidence = Roles.evidence(in: segment, key: key) {
                adopt(evidence, output: &output)
            } else if HalfConnectionReassembler.wirePayloadLength(of: segment) > 0
                        || !flags.isDisjoint(with: [.fin, .rst]) {
                adopt(Roles.higherPortGuess(for: key), output: &output)
            }
        }
        if flags.contains(.syn), !flags.contains(.ack), openingISN == nil { openingISN = segment.sequenceNumber }
        let senderContext = context(for: sender, limits: limits)
        let receiverContext = context(for: sender.other, limits: limits)

        if flags.contains(.ack) {
            // A SYN-ACK tells where the other direction starts even when its SYN was missed.
            if flags.contains(.syn) {
                withHalf(sender.other) { $0.startIfUnknown(at: TCPSequenceNumber(segment.acknowledgmentNumber)) }
            }
            withHalf(sender.other) {
                $0.acknowledge(segment.acknowledgmentNumber, packet: segment.packetNumber, context: receiverContext,
                               output: &output)
            }
        }
        withHalf(sender) { $0.receive(segment, context: senderContext, output: &output) }

        if flags.contains(.rst) {
            end(how: .reset, packet: segment.packetNumber, limits: limits, output: &output)
        } else if closedHow == nil, lowerHalf.isEnded, higherHalf.isEnded {
            close(how: .fin, output: &output)
        }
    }

    /// What a hidden segment tells about the connection's life (its opening SYN, a FIN or RST).
    mutating func noteHidden(_ segment: TCPSegment) {
        let flags = segment.flags
        if flags.contains(.syn), !flags.contains(.ack), openingISN == nil { openingISN = segment.sequenceNumber }
        if !flags.isDisjoint(with: [.fin, .rst]) { hiddenSawFINOrRST = true }
    }

    /// Ends both directions (RST, end of capture, port reuse): holes left become gaps, buffered
    /// data is delivered, buffers are released.
    mutating func end(how: StreamEnd, packet: UInt64?, limits: TCPReassembler.Configuration,
                      output: inout ReassemblyOutput) {
        guard closedHow == nil else { return }
        guard !isHiddenOnly else {   // never shown: nothing to report
            closedHow = how
            return
        }
        if roles == nil { adopt(Roles.higherPortGuess(for: key), output: &output) }
        for peer in [Peer.client, .server] {
            let side = self.side(of: peer)
            let context = context(for: side, limits: limits)
            withHalf(side) { $0.end(how: how, packet: packet, context: context, output: &output) }
        }
        close(how: lowerHalf.endedHow == .fin && higherHalf.endedHow == .fin ? .fin : how, output: &output)
    }

    var statistics: ConnectionStatistics {
        let roles = roles ?? Roles.higherPortGuess(for: key)
        return ConnectionStatistics(
            connection: number,
            client: key.address(of: roles.clientSide),
            server: key.address(of: roles.clientSide.other),
            roleBasis: roles.basis,
            fromClient: half(roles.clientSide).statistics,
            fromServer: half(roles.clientSide.other).statistics,
            closedHow: closedHow)
    }

    // MARK: - Private

    private mutating func adopt(_ roles: Roles, output: inout ReassemblyOutput) {
        self.roles = roles
        output.events.append(.opened(connection: number, client: key.address(of: roles.clientSide),
                                     server: key.address(of: roles.clientSide.other), roleBasis: roles.basis,
                                     packet: firstPacket))
        if !roles.basis.isStartCaptured {
            output.events.append(.finding(connection: number, from: nil, Finding(
                rule: TCPRule.startNotCaptured,
                message: "The capture starts in the middle of this connection: no SYN or SYN-ACK.",
                messageKey: "finding.tcp.start-not-captured"), packet: firstPacket))
        }
        if roles.basis.isGuess {
            output.events.append(.finding(connection: number, from: nil, Finding(
                rule: TCPRule.roleGuessed,
                message: "No SYN and no HTTP message: \(key.address(of: roles.clientSide)) is taken as the client because its port is higher.",
                messageKey: "finding.tcp.role-guessed", arguments: [.text("\(key.address(of: roles.clientSide))")]),
                packet: firstPacket))
        }
    }

    private mutating func close(how: StreamEnd, output: inout ReassemblyOutput) {
        closedHow = how
        output.events.append(.closed(connection: number, how: how))
    }

    private func side(of peer: Peer) -> EndpointSide {
        let clientSide = (roles ?? Roles.higherPortGuess(for: key)).clientSide
        return peer == .client ? clientSide : clientSide.other
    }

    private func context(for side: EndpointSide, limits: TCPReassembler.Configuration) -> DirectionContext {
        let clientSide = (roles ?? Roles.higherPortGuess(for: key)).clientSide
        return DirectionContext(connection: number, peer: side == clientSide ? .client : .server, limits: limits)
    }

    private func half(_ side: EndpointSide) -> HalfConnectionReassembler {
        side == .lower ? lowerHalf : higherHalf
    }

    private mutating func withHalf<Result>(_ side: EndpointSide,
                                           _ body: (inout HalfConnectionReassembler) -> Result) -> Result {
        side == .lower ? body(&lowerHalf) : body(&higherHalf)
    }
}
