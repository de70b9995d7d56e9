public import WireBytes

/// One piece of a fuzz input in the chunked format the stream targets share.
public enum FuzzChunk {
    case bytes(Peer, UnsafeRawBufferPointer)
    /// Stream bytes missing from the capture.
    case gap(Peer, UInt64)
}

/// Walks `input` from `start` as chunks: a control byte (bit 7 = from the server; low 7 bits n:
/// n < 127 means n + 1 stream bytes follow, n == 127 means a gap whose length is the next byte + 1).
public func forEachChunk(_ input: UnsafeRawBufferPointer, from start: Int = 0, _ body: (FuzzChunk) -> Void) {
    var position = start
    while position < input.count {
        let control = input[position]
        position += 1
        let peer: Peer = control & 0x80 != 0 ? .server : .client
        let n = Int(control & 0x7f)
        if n == 127 {
            let length = position < input.count ? UInt64(input[position]) + 1 : 1
            position += 1
            body(.gap(peer, length))
        } else {
            let end = min(position + n + 1, input.count)
            body(.bytes(peer, UnsafeRawBufferPointer(rebasing: input[position..<end])))
            position = end
        }
    }
}
