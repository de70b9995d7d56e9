import CZlib

/// Raw DEFLATE compression for tests (the module under test only inflates): produces what a
/// permessage-deflate sender puts on the wire, with the trailing 00 00 ff ff removed.
final class TestDeflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init(level: Int32 = 6, windowBits: Int32 = 15) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, level, Z_DEFLATED, -windowBits, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Primes the window with earlier data (what context takeover would have left there).
    func setDictionary(_ dictionary: [UInt8]) {
        _ = dictionary.withUnsafeBufferPointer { deflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }
    }

    /// Compresses one message as a final DEFLATE block (Z_FINISH, BFINAL set), as RFC 7692 7.2.3.4 allows.
    func compressFinal(_ input: [UInt8]) -> [UInt8] {
        var source = input
        var output = [UInt8](repeating: 0, count: input.count + 64)
        let produced: Int = source.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_in = inputBuffer.baseAddress
                stream.pointee.avail_in = uInt(inputBuffer.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                precondition(deflate(stream, Z_FINISH) == Z_STREAM_END)
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    /// Compresses one message (sync flush, tail removed). With `resetAfter`, the next message
    /// starts without context (no_context_takeover).
    func compressMessage(_ input: [UInt8], resetAfter: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var source = input
        source.withUnsafeMutableBufferPointer { inputBuffer in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = uInt(inputBuffer.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = uInt(out.count)
                    _ = deflate(stream, Z_SYNC_FLUSH)
                    return out.count - Int(stream.pointee.avail_out)
                }
                output += chunk[0..<produced]
            } while stream.pointee.avail_out == 0
        }
        if resetAfter { deflateReset(stream) }
        precondition(output.suffix(4) == [0x00, 0x00, 0xff, 0xff], "sync flush must end with 00 00 ff ff")
        return Array(output.dropLast(4))
    }
}
