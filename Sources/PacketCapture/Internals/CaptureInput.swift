internal import CPcap
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The stream libpcap reads a capture from, opened as a stdio FILE.
///
/// A seekable plain file is handed to libpcap as it is (with a large stdio buffer). Standard input,
/// pipes and gzip'd data go through a stdio cookie over a `ByteInput`, so nothing is read ahead of
/// what libpcap asks for and nothing is written to a temporary file.
final class CaptureInput {
    let file: UnsafeMutablePointer<FILE>
    /// The cookie's stream, when libpcap reads through one.
    private let cookie: CookieStream?
    /// The stdio buffer of a plain file, freed after libpcap has closed the FILE.
    private let stdioBuffer: UnsafeMutableRawPointer?
    let isGzip: Bool
    /// Whether the bytes come from a regular file (which could be read again), not a pipe.
    let isSeekable: Bool
    private let plainMagic: [UInt8]

    /// The stdio buffer of a capture file. libpcap reads a file with two `fread`s per packet, and
    /// with stdio's default 4 KiB buffer that is a `read` system call every 20 small packets: a
    /// larger buffer makes reading about a third cheaper.
    static let fileBufferSize = 256 << 10

    private init(file: UnsafeMutablePointer<FILE>, cookie: CookieStream?, stdioBuffer: UnsafeMutableRawPointer?,
                 isGzip: Bool, isSeekable: Bool, plainMagic: [UInt8]) {
        self.file = file
        self.cookie = cookie
        self.stdioBuffer = stdioBuffer
        self.isGzip = isGzip
        self.isSeekable = isSeekable
        self.plainMagic = plainMagic
    }

    /// Frees what the FILE used; call after `fclose` (which `pcap_close` does).
    func release() { stdioBuffer?.deallocate() }

    /// Why reading stopped early, when the cause lies below libpcap (gzip data cut off or corrupt).
    var problem: InputProblem? { cookie?.problem }

    /// The first bytes of the capture itself (after inflating): its magic number.
    var magic: [UInt8] { cookie?.inflater?.firstBytes ?? plainMagic }

    /// Opens a file by path; "-" is standard input.
    static func open(path: String) throws(CaptureError) -> CaptureInput {
        if path == "-" { return try open(descriptor: STDIN_FILENO, ownsDescriptor: false, name: path) }
        let descriptor = systemOpen(path)
        guard descriptor >= 0 else {
            throw CaptureError(kind: .unreadable, path: path, reason: String(cString: strerror(errno)))
        }
        return try open(descriptor: descriptor, ownsDescriptor: true, name: path)
    }

    /// Opens an open descriptor (standard input, a pipe); closes it at the end only if it owns it.
    static func open(descriptor: Int32, ownsDescriptor: Bool, name: String) throws(CaptureError) -> CaptureInput {
        // Where the capture starts: a file descriptor need not be at offset 0 (`cmd < file` after a read).
        let start = lseek(descriptor, 0, SEEK_CUR)
        let (prefix, readErrno) = DescriptorInput.readPrefix(of: descriptor, count: 4)
        if let readErrno {
            if ownsDescriptor { close(descriptor) }
            throw CaptureError(kind: .unreadable, path: name, reason: String(cString: strerror(readErrno)))
        }
        let seekable = start >= 0
        if !GzipInflater.isGzip(prefix), seekable, lseek(descriptor, start, SEEK_SET) == start {
            // A plain seekable file: libpcap reads it through stdio directly (the fast path).
            let owned = ownsDescriptor ? descriptor : dup(descriptor)
            guard owned >= 0, let file = fdopen(owned, "rb") else {
                let reason = String(cString: strerror(errno))
                if ownsDescriptor { close(descriptor) }
                throw CaptureError(kind: .unreadable, path: name, reason: reason)
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: fileBufferSize, alignment: 16)
            setvbuf(file, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, fileBufferSize)
            return CaptureInput(file: file, cookie: nil, stdioBuffer: buffer, isGzip: false, isSeekable: true, plainMagic: prefix)
        }
        let input = DescriptorInput(descriptor: descriptor, ownsDescriptor: ownsDescriptor, prefix: prefix)
        return try streamed(input, prefix: prefix, isSeekable: seekable, name: name)
    }

    /// Opens bytes held in memory through the cookie; only gzip'd bytes come here (plain bytes are
    /// read with `fmemopen`).
    static func open(gzipBytes bytes: [UInt8], name: String) throws(CaptureError) -> CaptureInput {
        try streamed(MemoryInput(bytes), prefix: Array(bytes.prefix(4)), isSeekable: true, name: name)
    }

    private static func streamed(_ input: any ByteInput, prefix: [UInt8], isSeekable: Bool,
                                 name: String) throws(CaptureError) -> CaptureInput {
        let gzip = GzipInflater.isGzip(prefix)
        let cookie = CookieStream(input: input, inflater: gzip ? GzipInflater(input: input) : nil)
        guard let file = cookie.makeFile() else {
            throw CaptureError(kind: .unreadable, path: name, reason: "cannot open a stream: \(String(cString: strerror(errno)))")
        }
        return CaptureInput(file: file, cookie: cookie, stdioBuffer: nil, isGzip: gzip, isSeekable: isSeekable, plainMagic: prefix)
    }
}

/// The state behind a stdio cookie FILE: reads plain bytes, or inflates gzip.
final class CookieStream {
    let input: any ByteInput
    let inflater: GzipInflater?
    private var readProblem: InputProblem?

    init(input: any ByteInput, inflater: GzipInflater?) {
        self.input = input
        self.inflater = inflater
    }

    var problem: InputProblem? { inflater?.problem ?? readProblem }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        if let inflater { return inflater.read(into: buffer, count: count) }
        let got = input.read(into: buffer, count: count)
        if got < 0 { readProblem = InputProblem(kind: .readFailed, message: "read error: \(String(cString: strerror(errno)))") }
        return got
    }

    /// A FILE that reads through this stream. The FILE holds a reference until it is closed.
    func makeFile() -> UnsafeMutablePointer<FILE>? {
        let cookie = Unmanaged.passRetained(self).toOpaque()
        #if os(Linux)
        let file = CPcap_openReadCookie(cookie, { cookie, buffer, count in
            guard let cookie, let buffer else { return -1 }
            return Unmanaged<CookieStream>.fromOpaque(cookie).takeUnretainedValue().read(into: buffer, count: count)
        }, { cookie in
            if let cookie { Unmanaged<CookieStream>.fromOpaque(cookie).release() }
            return 0
        })
        #else
        let file = funopen(cookie, { cookie, buffer, count in
            guard let cookie, let buffer else { return -1 }
            return Int32(Unmanaged<CookieStream>.fromOpaque(cookie).takeUnretainedValue().read(into: buffer, count: Int(count)))
        }, nil, nil, { cookie in
            if let cookie { Unmanaged<CookieStream>.fromOpaque(cookie).release() }
            return 0
        })
        #endif
        if file == nil { Unmanaged<CookieStream>.fromOpaque(cookie).release() }
        return file
    }
}

/// `open(2)` for reading, named apart from `CaptureInput.open(path:)`.
private func systemOpen(_ path: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, O_RDONLY | O_CLOEXEC)
    #else
    Darwin.open(path, O_RDONLY | O_CLOEXEC)
    #endif
}
