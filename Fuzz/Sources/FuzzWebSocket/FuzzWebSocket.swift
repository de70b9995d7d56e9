// libFuzzer target: WebSocketSession (frame decoder, unmasking, message assembly, inflate, rules).
//
// Input: one flags byte (bit 0 permessage-deflate negotiated, bit 1 no handshake seen, bit 2 retain
// payloads, bit 3 no context takeover), then chunks (see FuzzSupport's forEachChunk).
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
    forEachChunk(input, from: 1) { chunk in
        switch chunk {
        case .bytes(let peer, let bytes): session.consume(bytes, from: peer, into: &events)
        case .gap(let peer, let length): session.gap(from: peer, length: length, into: &events)
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
