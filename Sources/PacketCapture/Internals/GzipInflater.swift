// zlib outside WebSocketWire's inflater, on purpose: gzip'd captures are read without temporary
// files, and libpcap only reads a FILE. zlib's gzread would not do: it fills its whole 8 KiB buffer
// before returning anything, so `tcpdump -w - | gzip | wslens -` would show nothing live. This
// feeds inflate from single reads and hands on whatever came out.
internal import CZlib
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Why an input stopped early: the reason for the `CaptureError` (libpcap itself only sees an
/// end of file or a failed read).
struct InputProblem: Equatable {
    enum Kind { case truncated, corrupt, readFailed }
    var kind: Kind
    var message: String
}

/// Inflates a gzip stream (RFC 1952, one member or several in a row) while it is read.
final class GzipInflater: ByteInput {
    private let input: any ByteInput
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let inputBuffer: UnsafeMutablePointer<UInt8>
    private static let inputCapacity = 64 << 10
    private enum State { case inMember, betweenMembers, finished, failed }
    private var state = State.inMember
    private(set) var problem: InputProblem?
    /// The first inflated bytes (up to 4): the capture format's magic number.
    private(set) var firstBytes: [UInt8] = []
    /// Compressed bytes read so far (for the messages).
    private var compressedOffset = 0

    /// The gzip magic number (RFC 1952 2.3.1).
    static func isGzip(_ prefix: [UInt8]) -> Bool { prefix.count >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b }

    init(input: any ByteInput) {
        self.input = input
        inputBuffer = .allocate(capacity: Self.inputCapacity)
        stream.initialize(to: z_stream())
        // 15 + 16: a gzip wrapper (not zlib, not raw), the largest window.
        if CZlib_inflateInit2(stream, 15 + 16) != Z_OK {
            problem = InputProblem(kind: .readFailed, message: "zlib could not start inflating")
            state = .failed
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        switch state {
        case .finished: return 0
        case .failed: errno = EIO; return -1
        case .inMember, .betweenMembers: break
        }
        guard count > 0 else { return 0 }
        stream.pointee.next_out = buffer.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(clamping: count)
        let room = Int(stream.pointee.avail_out)
        var produced: Int { room - Int(stream.pointee.avail_out) }

        while true {
            if stream.pointee.avail_in == 0 {
                let got = input.read(into: inputBuffer, count: Self.inputCapacity)
                if got < 0 {
                    return fail(.readFailed, "read error after \(compressedOffset) compressed bytes: \(String(cString: strerror(errno)))",
                                produced: produced)
                }
                if got == 0 {
                    if state == .betweenMembers {
                        state = .finished
                        return produced
                    }
                    return fail(.truncated, "the gzip data are cut off after \(compressedOffset) bytes (no gzip end marker)",
                                produced: produced)
                }
                compressedOffset += got
                stream.pointee.next_in = inputBuffer
                stream.pointee.avail_in = UInt32(got)
            }
            if state == .betweenMembers {
                // gzip allows several members in a row (`cat a.gz b.gz`); anything else is not ours.
                guard stream.pointee.next_in.pointee == 0x1f else {
                    return fail(.corrupt, "bytes after the end of the gzip data are not gzip", produced: produced)
                }
                inflateReset(stream)
                state = .inMember
            }
            let availableBefore = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            if firstBytes.count < 4 && produced > 0 {
                let take = min(4 - firstBytes.count, produced)
                firstBytes += UnsafeRawBufferPointer(start: buffer, count: take)
            }
            switch status {
            case Z_STREAM_END:
                state = .betweenMembers
            case Z_OK:
                break
            case Z_BUF_ERROR where stream.pointee.avail_in == 0 || stream.pointee.avail_in < availableBefore:
                break
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return fail(.corrupt, "the gzip data are corrupt (\(detail))", produced: produced)
            }
            if produced > 0 || stream.pointee.avail_out == 0 { return produced }
        }
    }

    /// Records the problem; bytes already inflated are still handed on, the failure comes next.
    private func fail(_ kind: InputProblem.Kind, _ message: String, produced: Int) -> Int {
        problem = InputProblem(kind: kind, message: message)
        state = .failed
        if produced > 0 { return produced }
        errno = EIO
        return -1
    }
}
