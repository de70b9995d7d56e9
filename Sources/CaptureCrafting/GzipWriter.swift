internal import CZlib

/// Writes a gzip stream (RFC 1952) piece by piece with zlib, for tests of gzip'd captures read
/// while they arrive: `flush: true` ends a piece with a sync flush, so a reader can inflate
/// everything written so far before the stream is finished.
public final class GzipWriter {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    public init(level: Int32 = 6) {
        stream.initialize(to: z_stream())
        // 15 + 16: a gzip wrapper around the deflate data.
        let status = CZlib_deflateInit2(stream, level, 15 + 16, 8)
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `bytes`; with `flush`, everything so far can be inflated from the output.
    public func write(_ bytes: [UInt8], flush: Bool = false) -> [UInt8] {
        run(bytes, mode: flush ? Z_SYNC_FLUSH : Z_NO_FLUSH)
    }

    /// Ends the stream (the gzip trailer: CRC-32 and length).
    public func finish() -> [UInt8] { run([], mode: Z_FINISH) }

    /// A whole gzip file of `bytes`.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let writer = GzipWriter()
        return writer.write(bytes) + writer.finish()
    }

    private func run(_ bytes: [UInt8], mode: Int32) -> [UInt8] {
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inputBuffer.count)
            var status = Z_OK
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.pointee.next_out = chunkBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(chunkBuffer.count)
                    status = deflate(stream, mode)
                    output += chunkBuffer[0..<(chunkBuffer.count - Int(stream.pointee.avail_out))]
                }
            } while stream.pointee.avail_out == 0 || (mode == Z_FINISH && status != Z_STREAM_END)
        }
        return output
    }
}
