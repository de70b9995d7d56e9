// libFuzzer target: TCPReassembler (connections, in-order delivery, out-of-order buffering, overlaps,
// gaps, caps, wrap-around), fed TCP segments built from the input.
//
// Input: records of [control][sequence: 4 bytes LE][length: 2 bytes LE][missing: 1 byte][payload].
// control bit 0: from the second endpoint; bits 1-4: SYN, FIN, RST, ACK; bits 5-6: which of four
// connections (port pairs).
import FuzzSupport
import PacketCapture
import PacketDecoding
import TCPReassembly
import WireBytes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTCP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var reassembler = TCPReassembler(configuration: .init(maximumBufferedBytesPerDirection: 64 * 1024,
                                                          maximumBufferedSegmentsPerDirection: 64))
    var events: [StreamEvent] = []
    var position = 0
    var number: UInt64 = 0
    while position + 8 <= size {
        let control = input[position]
        let sequence = UInt32(input[position + 1]) | UInt32(input[position + 2]) << 8
            | UInt32(input[position + 3]) << 16 | UInt32(input[position + 4]) << 24
        let length = Int(input[position + 5]) | Int(input[position + 6]) << 8
        let missing = Int(input[position + 7])
        position += 8
        let end = min(position + length, size)
        var flags: TCPFlags = []
        if control & 0x02 != 0 { flags.insert(.syn) }
        if control & 0x04 != 0 { flags.insert(.fin) }
        if control & 0x08 != 0 { flags.insert(.rst) }
        if control & 0x10 != 0 { flags.insert(.ack) }
        let port = UInt16(40_000) + UInt16(control >> 5 & 3)
        let a = SocketAddress(address: .v4(0x0A00_0001), port: port)
        let b = SocketAddress(address: .v4(0x0A00_0002), port: 80)
        let (source, destination) = control & 1 == 0 ? (a, b) : (b, a)
        number += 1
        let segment = TCPSegment(packetNumber: number, timestamp: CaptureTimestamp(seconds: Int64(number), nanoseconds: 0),
                                 source: source, destination: destination, sequenceNumber: sequence,
                                 acknowledgmentNumber: 0, flags: flags, window: 65_535,
                                 payload: UnsafeRawBufferPointer(rebasing: input[position..<end]),
                                 missingPayloadLength: missing)
        reassembler.process(segment, into: &events)
        for event in events {
            if case .data(let chunk) = event { precondition(chunk.bytes.count >= 0) }
        }
        events.removeAll(keepingCapacity: true)
        position = end
    }
    reassembler.finish(into: &events)
    return 0
}

@_cdecl("FuzzTCP_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzTCP)
}
