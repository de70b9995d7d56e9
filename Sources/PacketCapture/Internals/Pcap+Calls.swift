// The only file that calls libpcap. Everything else sees CaptureReader / CaptureWriter.
internal import CPcap
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An open libpcap handle for reading, with an optional compiled BPF filter.
///
/// The filter is applied with `pcap_offline_filter` rather than `pcap_setfilter`, so packets that do
/// not match are still counted: packet numbers stay the ones Wireshark shows for the whole file.
/// libpcap's NUL-terminated error buffer as a String.
private func message(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

final class PcapReadHandle {
    private let handle: OpaquePointer
    /// The compiled filter, nil without one. Kept behind a pointer: reading a stored struct for the
    /// C call would be an exclusivity-checked access on every packet.
    private var filterProgram: UnsafeMutablePointer<bpf_program>?
    let path: String

    /// The stdio buffer of a capture file. libpcap reads a file with two `fread`s per packet, and
    /// with stdio's default 4 KiB buffer that is a `read` system call every 20 small packets: a
    /// larger buffer makes reading about a third cheaper.
    static let fileBufferSize = 256 << 10

    init(path: String) throws(CaptureError) {
        self.path = path
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        // Opened as pcap_open_offline opens it ("-" is standard input, left to libpcap), with a buffer
        // of our own; when fopen fails, libpcap's own attempt gives the message.
        if path != "-", let file = fopen(path, "rb") {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.fileBufferSize, alignment: 16)
            setvbuf(file, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, Self.fileBufferSize)
            guard let handle = pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO),
                                                                        &errorBuffer) else {
                fclose(file)
                buffer.deallocate()
                throw CaptureError(kind: .unreadable, path: path, reason: message(errorBuffer))
            }
            self.handle = handle
            self.ownedStorage = buffer
            return
        }
        guard let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            throw CaptureError(kind: .unreadable, path: path, reason: message(errorBuffer))
        }
        self.handle = handle
    }

    /// Reads a capture held in memory (tests and fuzzing).
    init(bytes: [UInt8], name: String) throws(CaptureError) {
        self.path = name
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        // fmemopen keeps a pointer to the buffer: give it a copy that lives as long as the FILE.
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { storage.copyMemory(from: base, byteCount: source.count) }
        }
        guard let file = fmemopen(storage, bytes.count, "rb") else {
            storage.deallocate()
            throw CaptureError(kind: .unreadable, path: name, reason: "cannot open memory buffer")
        }
        guard let handle = pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            fclose(file)
            storage.deallocate()
            throw CaptureError(kind: .unreadable, path: name, reason: message(errorBuffer))
        }
        self.handle = handle
        self.ownedStorage = storage
    }

    /// Memory the FILE under the handle reads from or buffers in (the capture bytes of `fmemopen`,
    /// the stdio buffer of a file): freed after `pcap_close` has closed the FILE.
    private var ownedStorage: UnsafeMutableRawPointer?

    deinit {
        if let filterProgram {
            pcap_freecode(filterProgram)
            filterProgram.deallocate()
        }
        pcap_close(handle)
        ownedStorage?.deallocate()
    }

    var linkType: Int32 { pcap_datalink(handle) }
    var snapshotLength: Int32 { pcap_snapshot(handle) }

    static func linkTypeName(_ value: Int32) -> String? {
        guard let description = pcap_datalink_val_to_description(value) else { return nil }
        return String(cString: description)
    }

    func setFilter(_ expression: String) throws(CaptureError) {
        let program = UnsafeMutablePointer<bpf_program>.allocate(capacity: 1)
        program.initialize(to: bpf_program())
        guard pcap_compile(handle, program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            program.deallocate()
            throw CaptureError(kind: .invalidFilter, path: path, reason: String(cString: pcap_geterr(handle)))
        }
        if let filterProgram {
            pcap_freecode(filterProgram)
            filterProgram.deallocate()
        }
        filterProgram = program
    }

    struct RawPacket {
        var seconds: Int64
        var nanoseconds: UInt32
        var capturedLength: Int
        var originalLength: Int
        var data: UnsafePointer<UInt8>
        var matchesFilter: Bool
    }

    enum NextResult {
        case packet(RawPacket)
        case end
        case failed(String)
    }

    func next() -> NextResult {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(handle, &header, &data) {
        case 1:
            guard let header, let data else { return .failed("libpcap returned no packet") }
            return .packet(RawPacket(
                seconds: Int64(header.pointee.ts.tv_sec),
                nanoseconds: UInt32(truncatingIfNeeded: header.pointee.ts.tv_usec),
                capturedLength: Int(header.pointee.caplen),
                originalLength: Int(header.pointee.len),
                data: data,
                matchesFilter: matchesFilter(header: UnsafePointer(header), data: data)))
        case -2:
            return .end
        case 0:
            // Only live captures time out; an offline read never does.
            return .failed("read timed out")
        default:
            return .failed(String(cString: pcap_geterr(handle)))
        }
    }

    private func matchesFilter(header: UnsafePointer<pcap_pkthdr>, data: UnsafePointer<UInt8>) -> Bool {
        guard let filterProgram else { return true }
        return pcap_offline_filter(filterProgram, header, data) != 0
    }
}

/// A libpcap dump file being written.
final class PcapWriteHandle {
    private let handle: OpaquePointer
    private let dumper: OpaquePointer
    private var isClosed = false

    init(path: String, linkType: Int32, snapshotLength: Int32) throws(CaptureError) {
        guard let handle = pcap_open_dead_with_tstamp_precision(linkType, snapshotLength, UInt32(PCAP_TSTAMP_PRECISION_NANO)) else {
            throw CaptureError(kind: .writeFailed, path: path, reason: "pcap_open_dead failed")
        }
        guard let dumper = pcap_dump_open(handle, path) else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw CaptureError(kind: .writeFailed, path: path, reason: reason)
        }
        self.handle = handle
        self.dumper = dumper
    }

    func write(_ bytes: UnsafeRawBufferPointer, seconds: Int64, nanoseconds: UInt32, originalLength: Int) {
        var header = pcap_pkthdr()
        header.ts.tv_sec = time_t(seconds)
        // With nanosecond precision libpcap stores nanoseconds in tv_usec.
        header.ts.tv_usec = suseconds_t(nanoseconds)
        header.caplen = bpf_u_int32(bytes.count)
        header.len = bpf_u_int32(originalLength)
        let user = UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self)
        pcap_dump(user, &header, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(user))
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        pcap_dump_close(dumper)
        pcap_close(handle)
    }

    deinit { close() }
}
