#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A source of capture bytes read in chunks: a file descriptor (a file, a pipe, standard input)
/// or memory. Reads return as soon as any bytes are there, so a pipe streams.
protocol ByteInput: AnyObject {
    /// Up to `count` bytes into `buffer`: the number read, 0 at the end, -1 on error (errno set).
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int
}

/// Bytes from a file descriptor, after the few bytes already read from it to recognise the format.
final class DescriptorInput: ByteInput {
    let descriptor: Int32
    private let ownsDescriptor: Bool
    private var prefix: [UInt8]
    private var prefixOffset = 0

    init(descriptor: Int32, ownsDescriptor: Bool, prefix: [UInt8]) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.prefix = prefix
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Reads until `count` bytes or the end: only for the magic number, which is needed whole.
    static func readPrefix(of descriptor: Int32, count: Int) -> (bytes: [UInt8], errno: Int32?) {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                return (Array(bytes.prefix(filled)), errno)
            }
            if got == 0 { break }
            filled += got
        }
        return (Array(bytes.prefix(filled)), nil)
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        if prefixOffset < prefix.count {
            let take = min(count, prefix.count - prefixOffset)
            prefix.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + prefixOffset, byteCount: take) }
            prefixOffset += take
            if prefixOffset == prefix.count { prefix = []; prefixOffset = 0 }
            return take
        }
        // One read(2): whatever a pipe holds now, so packets are delivered as they arrive.
        while true {
            let got = systemRead(descriptor, buffer, count)
            if got < 0 && errno == EINTR { continue }
            return got
        }
    }
}

/// Bytes held in memory (tests, fuzzing).
final class MemoryInput: ByteInput {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        let take = min(count, bytes.count - offset)
        guard take > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: take) }
        offset += take
        return take
    }
}

/// `read(2)`, named apart from `ByteInput.read(into:count:)`.
@inline(__always)
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
