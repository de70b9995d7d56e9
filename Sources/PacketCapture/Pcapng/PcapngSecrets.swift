#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Finds the decryption secrets stored in a pcapng file (Decryption Secrets Blocks), which libpcap
/// does not deliver. See `PcapngBlockWalker` for what is checked.
public enum PcapngSecrets {
    /// Walks pcapng data held in memory (tests, fuzzing).
    public static func scan(bytes: [UInt8], limits: PcapngWalkLimits = PcapngWalkLimits()) -> PcapngSecretsScan {
        scan(PcapngArraySource(bytes), limits: limits)
    }

    /// Walks pcapng data from any source, read front to back.
    public static func scan(_ source: some PcapngByteSource, limits: PcapngWalkLimits = PcapngWalkLimits()) -> PcapngSecretsScan {
        var walker = PcapngBlockWalker(source: source, limits: limits)
        return walker.walk()
    }

    /// Walks a pcapng file, gzip'd or not, seeking over the blocks it does not need (a file that is
    /// not pcapng gives `isPcapng == false`). A second pass over a file that is also read for its
    /// packets: standard input and pipes cannot be read twice (their secrets come only from a key
    /// log file then).
    /// - Throws: `CaptureError` (`.unreadable`) when the file cannot be opened.
    public static func scan(path: String, limits: PcapngWalkLimits = PcapngWalkLimits()) throws(CaptureError) -> PcapngSecretsScan {
        let descriptor = openForReading(path)
        guard descriptor >= 0 else {
            throw CaptureError(kind: .unreadable, path: path, reason: String(cString: strerror(errno)))
        }
        let (prefix, _) = DescriptorInput.readPrefix(of: descriptor, count: 2)
        if GzipInflater.isGzip(prefix) {
            let input = DescriptorInput(descriptor: descriptor, ownsDescriptor: true, prefix: prefix)
            return scan(StreamByteSource(GzipInflater(input: input)), limits: limits)
        }
        return scan(FileByteSource(descriptor: descriptor), limits: limits)
    }
}

/// A file read with `pread` through a buffer of its own; skipping moves an offset, so packet
/// blocks are not read at all once they are past the buffer.
final class FileByteSource: PcapngByteSource {
    private let descriptor: Int32
    private let size: Int
    private var offset = 0
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)
    private var bufferStart = 0
    private var bufferCount = 0
    private(set) var failure: String?

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var status = stat()
        size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    deinit { close(descriptor) }

    func read(_ count: Int) -> [UInt8] {
        let wanted = min(max(count, 0), size - offset)
        guard wanted > 0 else { return [] }
        var result: [UInt8] = []
        result.reserveCapacity(wanted)
        while result.count < wanted {
            if offset < bufferStart || offset >= bufferStart + bufferCount {
                guard fill() else { break }
            }
            let from = offset - bufferStart
            let take = min(wanted - result.count, bufferCount - from)
            result += buffer[from..<(from + take)]
            offset += take
        }
        return result
    }

    func skip(_ count: Int) -> Int {
        let skipped = min(max(count, 0), size - offset)
        offset += skipped
        return skipped
    }

    private func fill() -> Bool {
        let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        if got < 0 {
            failure = String(cString: strerror(errno))
            return false
        }
        guard got > 0 else { return false }
        bufferStart = offset
        bufferCount = got
        return true
    }
}

/// A stream read front to back (gzip'd data): skipping reads and discards.
final class StreamByteSource: PcapngByteSource {
    private let input: any ByteInput
    private var scratch = [UInt8](repeating: 0, count: 64 << 10)
    private(set) var failure: String?

    init(_ input: any ByteInput) { self.input = input }

    func read(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: max(count, 0))
        let got = result.withUnsafeMutableBytes { fill($0.baseAddress, count: $0.count) }
        result.removeSubrange(got...)
        return result
    }

    func skip(_ count: Int) -> Int {
        var skipped = 0
        while skipped < count {
            let chunk = min(count - skipped, scratch.count)
            let got = scratch.withUnsafeMutableBytes { fill($0.baseAddress, count: chunk) }
            skipped += got
            if got < chunk { break }
        }
        return skipped
    }

    private func fill(_ base: UnsafeMutableRawPointer?, count: Int) -> Int {
        guard let base, count > 0 else { return 0 }
        var filled = 0
        while filled < count {
            let got = input.read(into: base + filled, count: count - filled)
            if got < 0 {
                failure = (input as? GzipInflater)?.problem?.message ?? String(cString: strerror(errno))
                break
            }
            if got == 0 {
                if let problem = (input as? GzipInflater)?.problem { failure = problem.message }
                break
            }
            filled += got
        }
        return filled
    }
}

private func openForReading(_ path: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, O_RDONLY | O_CLOEXEC)
    #else
    Darwin.open(path, O_RDONLY | O_CLOEXEC)
    #endif
}
