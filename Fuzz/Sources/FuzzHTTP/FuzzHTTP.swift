// libFuzzer target: HTTPConnectionParser (incremental HTTP/1.1 heads, bodies, the Upgrade hand-off)
// and WebSocketHandshake validation of what it hands off.
//
// Input: chunks, each a control byte (bit 7 = from server; low 7 bits n: n + 1 stream bytes follow;
// n == 127: end of stream for that direction).
import FuzzSupport
import HTTPUpgrade
import WireBytes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var parser = HTTPConnectionParser(limits: .init(maxHeadLength: 4_096, maxHeldClientBytes: 8_192, maxPendingRequests: 16))
    var events: [HTTPEvent] = []
    var position = 0
    var ended: Set<Peer> = []
    while position < size {
        let control = input[position]
        position += 1
        let peer: Peer = control & 0x80 != 0 ? .server : .client
        let n = Int(control & 0x7f)
        if n == 127 {
            if ended.insert(peer).inserted { parser.endOfStream(from: peer, into: &events) }
        } else {
            let end = min(position + n + 1, size)
            let chunk = UnsafeRawBufferPointer(rebasing: input[position..<end])
            if !ended.contains(peer) {
                let used = parser.consume(chunk, from: peer, into: &events)
                precondition(used >= 0 && used <= chunk.count, "consume reported \(used) of \(chunk.count) bytes")
            }
            position = end
        }
        for event in events {
            if case .upgrade(let handOff) = event { _ = WebSocketHandshake(upgrade: handOff) }
        }
        events.removeAll(keepingCapacity: true)
    }
    for peer in Peer.allCases where !ended.contains(peer) { parser.endOfStream(from: peer, into: &events) }
    return 0
}

@_cdecl("FuzzHTTP_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzHTTP)
}
