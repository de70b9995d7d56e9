// libFuzzer target: HTTPConnectionParser (incremental HTTP/1.1 heads, bodies, gaps, the Upgrade
// hand-off) and WebSocketHandshake validation of what it hands off.
//
// Input: chunks (see FuzzSupport's forEachChunk); both directions end with the input.
import FuzzSupport
import HTTPUpgrade
import WireBytes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var parser = HTTPConnectionParser(limits: .init(maxHeadLength: 4_096, maxHeldClientBytes: 8_192, maxPendingRequests: 16))
    var events: [HTTPEvent] = []
    forEachChunk(UnsafeRawBufferPointer(start: data, count: size)) { chunk in
        switch chunk {
        case .bytes(let peer, let bytes):
            let used = parser.consume(bytes, from: peer, into: &events)
            precondition(used >= 0 && used <= bytes.count, "consume reported \(used) of \(bytes.count) bytes")
        case .gap(let peer, let length):
            parser.gap(from: peer, length: length, into: &events)
        }
        for event in events {
            if case .upgrade(let handOff) = event { _ = WebSocketHandshake(upgrade: handOff) }
        }
        events.removeAll(keepingCapacity: true)
    }
    for peer in Peer.allCases { parser.endOfStream(from: peer, into: &events) }
    return 0
}

@_cdecl("FuzzHTTP_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzHTTP)
}
