import PacketDecoding
import Testing
import WireBytes
import TCPReassembly

@Suite struct ConnectionTableTests {
    @Test func connectionsAreNumberedInOrderOfTheirFirstPacket() {
        var harness = ReassemblyHarness()
        let clients = [address(1, port: 40_001), address(1, port: 40_002), address(1, port: 40_003)]
        // Pure ACKs first (roles unknown yet), then the SYNs in the opposite order.
        for client in clients { harness.send(from: client, to: serverAddress, seq: 1, ack: 1) }
        for client in clients.reversed() { harness.send(from: client, to: serverAddress, seq: 100, flags: .syn) }
        #expect(harness.reassembler.connectionCount == 3)
        #expect(harness.reassembler.connections.map(\.client) == clients)
        #expect(harness.openedEvents == [
            .opened(connection: 3, client: clients[2], server: serverAddress, roleBasis: .syn, packet: 3),
            .opened(connection: 2, client: clients[1], server: serverAddress, roleBasis: .syn, packet: 2),
            .opened(connection: 1, client: clients[0], server: serverAddress, roleBasis: .syn, packet: 1),
        ])
    }

    @Test func aNewSYNAfterFINReusingThePortsIsAnotherConnection() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.send(from: clientAddress, to: serverAddress, seq: clientISN, flags: .syn) // retransmitted SYN: same ISN
        #expect(harness.reassembler.connectionCount == 1)
        harness.client(at: 0, bytes("first"))
        harness.send(from: clientAddress, to: serverAddress, seq: clientISN &+ 6, ack: serverISN &+ 1, flags: [.fin, .ack])
        harness.send(from: serverAddress, to: clientAddress, seq: serverISN &+ 1, ack: clientISN &+ 7, flags: [.fin, .ack])
        harness.send(from: clientAddress, to: serverAddress, seq: clientISN &+ 7, ack: serverISN &+ 2)
        #expect(harness.events.last == .closed(connection: 1, how: .fin))

        let secondISN: UInt32 = 900_000
        harness.handshake(clientISN: secondISN, serverISN: 77)
        harness.client(at: 0, bytes("second"), isn: secondISN)
        harness.finish()
        #expect(harness.reassembler.connectionCount == 2)
        #expect(harness.reassembler.connection(for: ConnectionKey(serverAddress, clientAddress)) == 2)
        #expect(harness.openedEvents.count == 2)
        #expect(harness.stream(1, from: .client) == bytes("first"))
        #expect(harness.stream(2, from: .client) == bytes("second"))
        #expect(harness.reassembler.statistics(for: 1)?.fromClient.packets == 6, "SYN, ACK, SYN again, data, FIN, ACK")
        #expect(harness.reassembler.statistics(for: 2)?.closedHow == .endOfCapture)
    }

    @Test func aNewSYNAfterResetIsAnotherConnectionAndClosesTheOld() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.client(at: 10, bytes("buffered"))
        harness.send(from: serverAddress, to: clientAddress, seq: serverISN &+ 1, flags: .rst)
        harness.send(from: clientAddress, to: serverAddress, seq: 42, flags: .syn)
        #expect(harness.reassembler.connectionCount == 2)
        #expect(harness.events.contains(.closed(connection: 1, how: .reset)))
        #expect(harness.openedEvents.last == .opened(connection: 2, client: clientAddress, server: serverAddress,
                                                     roleBasis: .syn, packet: 6))
    }

    @Test func aSYNWithoutFINOrRSTBeforeItStaysInTheSameConnection() {
        var harness = ReassemblyHarness()
        harness.handshake()
        harness.send(from: clientAddress, to: serverAddress, seq: 123_456, flags: .syn)
        #expect(harness.reassembler.connectionCount == 1)
    }

    @Test func midConnectionTheHTTPRequestNamesTheClient() {
        // The client's port is the lower one, so a port guess would get it wrong.
        let client = address(1, port: 1_000), server = address(2, port: 8080)
        var harness = ReassemblyHarness()
        harness.send(from: server, to: client, seq: 7_000, ack: 3_000) // pure ACK: roles not decided yet
        harness.send(from: client, to: server, seq: 3_000, ack: 7_000, payload: bytes("GET /chat HTTP/1.1\r\n\r\n"))
        harness.send(from: server, to: client, seq: 7_000, ack: 3_022, payload: bytes("HTTP/1.1 101 Switching Protocols\r\n\r\n"))
        #expect(harness.openedEvents == [.opened(connection: 1, client: client, server: server, roleBasis: .httpRequest, packet: 1)])
        #expect(harness.findings(TCPRule.startNotCaptured).count == 1)
        #expect(harness.findings(TCPRule.roleGuessed).isEmpty)
        #expect(harness.stream(from: .client) == bytes("GET /chat HTTP/1.1\r\n\r\n"))
        #expect(harness.stream(from: .server).starts(with: bytes("HTTP/1.1 101")))
    }

    @Test func midConnectionAnHTTPResponseNamesTheServer() {
        let client = address(1, port: 1_000), server = address(2, port: 8080)
        var harness = ReassemblyHarness()
        harness.send(from: server, to: client, seq: 7_000, ack: 3_000, payload: bytes("HTTP/1.1 200 OK\r\n\r\n"))
        #expect(harness.openedEvents == [.opened(connection: 1, client: client, server: server, roleBasis: .httpResponse, packet: 1)])
    }

    @Test func midConnectionWithoutHTTPTheHigherPortIsAGuessedClient() {
        let high = address(1, port: 40_000), low = address(2, port: 9_000)
        var harness = ReassemblyHarness()
        harness.send(from: low, to: high, seq: 1, ack: 1, payload: [0x81, 0x02, 0x68, 0x69])
        harness.send(from: high, to: low, seq: 1, ack: 5, payload: [0x88, 0x80, 1, 2, 3, 4])
        #expect(harness.openedEvents == [.opened(connection: 1, client: high, server: low, roleBasis: .higherPortGuess, packet: 1)])
        #expect(harness.findings(TCPRule.roleGuessed).count == 1)
        #expect(harness.findings(TCPRule.startNotCaptured).count == 1)
        #expect(harness.stream(from: .server) == [0x81, 0x02, 0x68, 0x69])
        #expect(harness.reassembler.statistics(for: 1)?.roleBasis == .higherPortGuess)
    }

    @Test func aSYNACKWithoutItsSYNStillNamesBothAndStartsTheClientStream() {
        var harness = ReassemblyHarness()
        harness.send(from: serverAddress, to: clientAddress, seq: serverISN, ack: clientISN &+ 1, flags: [.syn, .ack])
        harness.client(at: 0, bytes("GET"))
        #expect(harness.openedEvents == [.opened(connection: 1, client: clientAddress, server: serverAddress,
                                                 roleBasis: .synAck, packet: 1)])
        #expect(harness.findings(TCPRule.startNotCaptured).isEmpty)
        #expect(harness.events.contains(.data(connection: 1, from: .client, offset: 0, bytes: bytes("GET"), packet: 2,
                                              payloadOffset: 0)))
    }

    /// A hostile capture's worth of connections: each is numbered in order and found again by its
    /// key from either side (bounded work: one table probe per packet, whatever the count).
    @Test func twoHundredThousandConnectionsAreNumberedAndFoundFromEitherSide() {
        var reassembler = TCPReassembler()
        var events: [StreamEvent] = []
        let count = 200_000
        func client(_ index: Int) -> SocketAddress { address(UInt32(1 + index / 50_000), port: UInt16(10_000 + index % 50_000)) }
        var misnumbered = 0
        for index in 0..<count {
            let segment = TCPSegment(packetNumber: UInt64(index + 1), timestamp: .init(seconds: 0, nanoseconds: 0),
                                     source: client(index), destination: serverAddress, sequenceNumber: UInt32(index),
                                     acknowledgmentNumber: 0, flags: .syn, window: 0,
                                     payload: UnsafeRawBufferPointer(start: nil, count: 0))
            if reassembler.process(segment, into: &events) != index + 1 { misnumbered += 1 }
            events.removeAll(keepingCapacity: true)
        }
        #expect(misnumbered == 0)
        #expect(reassembler.connectionCount == count)
        for index in stride(from: 0, to: count, by: 997) {
            #expect(reassembler.connection(for: ConnectionKey(serverAddress, client(index))) == index + 1)
        }
        // The server answers the last client first, then the first: the SYN-ACKs join their connections.
        for index in [count - 1, 0] {
            let synAck = TCPSegment(packetNumber: UInt64(count + 1), timestamp: .init(seconds: 0, nanoseconds: 0),
                                    source: serverAddress, destination: client(index), sequenceNumber: 7,
                                    acknowledgmentNumber: UInt32(index) &+ 1, flags: [.syn, .ack], window: 0,
                                    payload: UnsafeRawBufferPointer(start: nil, count: 0))
            #expect(reassembler.process(synAck, into: &events) == index + 1)
        }
        #expect(reassembler.connectionCount == count)
    }

    @Test func twentyThousandSYNOnlyConnectionsKeepOnlySmallState() {
        var reassembler = TCPReassembler()
        var events: [StreamEvent] = []
        for index in 0..<20_000 {
            let client = address(UInt32(1 + index / 50_000), port: UInt16(10_000 + index))
            let segment = TCPSegment(packetNumber: UInt64(index + 1), timestamp: .init(seconds: 0, nanoseconds: 0),
                                     source: client, destination: serverAddress, sequenceNumber: UInt32(index),
                                     acknowledgmentNumber: 0, flags: .syn, window: 0,
                                     payload: UnsafeRawBufferPointer(start: nil, count: 0))
            reassembler.process(segment, into: &events)
        }
        #expect(reassembler.connectionCount == 20_000)
        #expect(reassembler.bufferedBytes == 0)
        #expect(reassembler.connectionsHoldingBuffers == 0, "no out-of-order storage is allocated without data")
        // The per-connection record is inline and small: no buffers, counters only.
        #expect(TCPReassembler.storedBytesPerConnection <= 1_024)
        events.removeAll()
        reassembler.finish(into: &events)
        #expect(events.count { if case .closed(_, .endOfCapture) = $0 { true } else { false } } == 20_000)
    }
}
