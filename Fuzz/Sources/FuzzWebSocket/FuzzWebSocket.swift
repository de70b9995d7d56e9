// libFuzzer target: WebSocketSession (frame decoder, unmasking, message assembly, inflate, rules).
//
// Input: one flags byte (bit 0 permessage-deflate negotiated, bit 1 no handshake seen, bit 2 retain
// payloads, bit 3 no context takeover), then chunks: a control byte (bit 7 = from server; low 7 bits
// n: n < 127 means n + 1 stream bytes follow, n == 127 means a gap whose length is the next byte).
import FuzzSupport
import WebSocketWire
import WireBytes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocket(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let flags = input.first else { return 0 }
    let deflate = flags & 1 != 0
        ? PerMessageDeflateParameters(serverNoContextTakeover: flags & 8 != 0, clientNoContextTakeover: flags & 8 != 0)
        : nil
    let configuration = WebSocketSession.Configuration(
        deflate: deflate, handshakeSeen: flags & 2 == 0, maxInflatedMessageSize: 1 << 20,
        retainPayloads: flags & 4 != 0, payloadRetentionLimit: 1 << 16)
    var session = WebSocketSession(configuration: configuration)
    var events: [WebSocketEvent] = []
    var position = 1
    while position < size {
        let control = input[position]
        position += 1
        let peer: Peer = control & 0x80 != 0 ? .server : .client
        let n = Int(control & 0x7f)
        if n == 127 {
            let length = position < size ? UInt64(input[position]) + 1 : 1
            position += 1
            session.gap(from: peer, length: length, into: &events)
        } else {
            let end = min(position + n + 1, size)
            session.consume(UnsafeRawBufferPointer(rebasing: input[position..<end]), from: peer, into: &events)
            position = end
        }
        events.removeAll(keepingCapacity: true)
    }
    session.finish(transport: .fin, into: &events)
    _ = session.counts(for: .client)
    _ = session.pingPongPairs
    return 0
}

@_cdecl("FuzzWebSocket_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzWebSocket)
}
