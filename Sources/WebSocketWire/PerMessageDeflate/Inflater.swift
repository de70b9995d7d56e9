internal import CZlib

/// A raw-DEFLATE inflater (zlib, windowBits -15) that owns its `z_stream`.
///
/// zlib keeps pointers into the stream struct, so it must never move: it lives behind an
/// allocated pointer in a final class whose deinit calls `inflateEnd`, as compress-nio does.
/// Not thread-safe; each direction of a session owns its own.
/// Where inflated bytes go. Passed `inout` rather than as a closure: a closure that writes to the
/// caller's state made the compiler copy that whole state for each call.
protocol InflateSink {
    /// Takes the next inflated bytes; returns false to stop inflating (e.g. a size cap was reached).
    mutating func take(_ bytes: UnsafeRawBufferPointer) -> Bool
}

final class Inflater {
    enum Outcome: Equatable {
        /// All input consumed (or the DEFLATE stream ended with a final block).
        case consumed
        /// The output sink asked to stop (e.g. the size cap was reached).
        case stoppedBySink
        /// zlib rejected the data; the message says why.
        case failed(String)
    }

    private let stream: UnsafeMutablePointer<z_stream>
    /// A final DEFLATE block (BFINAL) ended the stream; data after it in the same message is ignored.
    private(set) var streamEnded = false

    /// Raw inflate with the largest window: a 2^15 window decodes data made with any smaller one.
    init?() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard CZlib_inflateInit2(stream, -15) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Forgets the window (for no_context_takeover, or to recover after an error).
    func reset() {
        inflateReset(stream)
        streamEnded = false
    }

    /// Forgets the window and starts over as if `dictionary` had been inflated just before (the
    /// stand-in for a window the capture lacks; see `DirectionInflater`).
    func reset(dictionary: [UInt8]) {
        inflateReset(stream)
        streamEnded = false
        _ = dictionary.withUnsafeBufferPointer { inflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }
    }

    /// The last 32 KiB of output (the window back-references can reach).
    func window() -> [UInt8] {
        var window = [UInt8](repeating: 0, count: 32 * 1024)
        var length: uInt = 0
        guard window.withUnsafeMutableBufferPointer({ inflateGetDictionary(stream, $0.baseAddress, &length) }) == Z_OK else { return [] }
        return Array(window[..<Int(length)])
    }

    /// Called at the start of each message: after a final block, start a new DEFLATE stream but
    /// keep the window, since context takeover may still refer to earlier messages.
    func prepareForMessage() {
        guard streamEnded else { return }
        var window = [UInt8](repeating: 0, count: 32 * 1024)
        var length: uInt = 0
        let gotWindow = window.withUnsafeMutableBufferPointer { inflateGetDictionary(stream, $0.baseAddress, &length) } == Z_OK
        inflateReset(stream)
        if gotWindow, length > 0 {
            _ = window.withUnsafeBufferPointer { inflateSetDictionary(stream, $0.baseAddress, length) }
        }
        streamEnded = false
    }

    /// Inflates `input` through the caller's `output` buffer (the session's, so an open connection
    /// holds no output buffer of its own, and no call allocates one), handing every piece of output
    /// to `sink` (which returns false to stop). Loops while zlib fills the whole output buffer, so
    /// any expansion ratio is handled.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                 sink: inout some InflateSink) -> Outcome {
        guard !streamEnded, let base = input.baseAddress, input.count > 0 else { return .consumed }
        return inflate(from: base, count: input.count, into: output, sink: &sink)
    }

    private func inflate(from base: UnsafeRawPointer, count: Int, into output: UnsafeMutableRawBufferPointer,
                         sink: inout some InflateSink) -> Outcome {
        var remaining = count
        var cursor = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        let outputSize = output.count
        let outputStart = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        while remaining > 0 {
            let piece = min(remaining, Int(UInt32.max / 2))
            stream.pointee.next_in = cursor
            stream.pointee.avail_in = uInt(piece)
            var status: Int32 = Z_OK
            repeat {
                stream.pointee.next_out = outputStart
                stream.pointee.avail_out = uInt(outputSize)
                status = CZlib.inflate(stream, Z_SYNC_FLUSH)
                let produced = outputSize - Int(stream.pointee.avail_out)
                if produced > 0, !sink.take(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[0..<produced])) {
                    return .stoppedBySink
                }
                switch status {
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: all input used and nothing more to flush. Not an error.
                    break
                case Z_STREAM_END:
                    streamEnded = true
                    return .consumed
                default:
                    let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    return .failed(reason)
                }
            } while status == Z_OK && (stream.pointee.avail_out == 0 || stream.pointee.avail_in > 0)
            cursor += piece
            remaining -= piece
        }
        return .consumed
    }

    /// Inflates an array (convenience for the tail and tests).
    func inflate(_ bytes: [UInt8], into output: UnsafeMutableRawBufferPointer,
                 sink: inout some InflateSink) -> Outcome {
        bytes.withUnsafeBytes { inflate($0, into: output, sink: &sink) }
    }
}
