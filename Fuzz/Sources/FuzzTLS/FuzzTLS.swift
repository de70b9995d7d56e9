// libFuzzer target: TLSSession (record decoder, handshake reassembly, hello parsing, key epochs,
// AEAD record decryption with a key log from the input) and TLSRecognizer on each direction's
// first bytes.
//
// Input: a 2-byte big-endian length L, L bytes of NSS key log text, then chunks: a control byte
// (bit 7 = from server; low 7 bits n: n + 1 stream bytes follow; n == 127: a gap whose length is
// the next 2 bytes, big-endian).
import FuzzSupport
import TLS
import WireBytes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard size >= 2 else { return 0 }
    let keyLogLength = min(Int(input[0]) << 8 | Int(input[1]), size - 2)
    let keyLog = KeyLog(parsing: UnsafeRawBufferPointer(rebasing: input[2..<(2 + keyLogLength)]))
    var session = TLSSession(configuration: .init(keyLog: keyLog, trialRecordLimit: 8))
    var events: [TLSEvent] = []
    var firstBytes: [Peer: [UInt8]] = [.client: [], .server: []]
    var position = 2 + keyLogLength
    while position < size {
        let control = input[position]
        position += 1
        let peer: Peer = control & 0x80 != 0 ? .server : .client
        let n = Int(control & 0x7f)
        if n == 127 {
            guard position + 2 <= size else { break }
            let length = UInt64(input[position]) << 8 | UInt64(input[position + 1])
            position += 2
            session.gap(from: peer, length: length, into: &events)
        } else {
            let end = min(position + n + 1, size)
            let chunk = UnsafeRawBufferPointer(rebasing: input[position..<end])
            if firstBytes[peer]!.count < 4096 { firstBytes[peer]! += chunk }
            session.consume(chunk, from: peer, into: &events)
            position = end
        }
        check(events, session: session)
        events.removeAll(keepingCapacity: true)
    }
    session.finish(into: &events)
    check(events, session: session)
    for peer in Peer.allCases { _ = TLSRecognizer.inspect(firstBytes[peer]!, from: peer) }
    return 0
}

/// Invariants: plaintext offsets run on without holes, chunks point into their record's body.
private func check(_ events: [TLSEvent], session: TLSSession) {
    for event in events {
        switch event {
        case .applicationData(let chunk):
            precondition(chunk.plaintextRange.upperBound <= session.plaintextLength(of: chunk.from))
            precondition(chunk.ciphertextRange.lowerBound >= chunk.recordRange.lowerBound + 5
                         && chunk.ciphertextRange.upperBound <= chunk.recordRange.upperBound)
        case .record(let record):
            precondition(record.header.bodyLength <= TLSRecordDecoder.maximumBodyLength)
        default:
            break
        }
    }
}

@_cdecl("FuzzTLS_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzTLS)
}
