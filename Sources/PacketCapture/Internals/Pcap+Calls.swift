// The only file that calls libpcap. Everything else sees CaptureReader / CaptureWriter.
internal import CPcap
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// libpcap's NUL-terminated error buffer as a String.
private func message(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// An open libpcap handle for reading (a capture file, a stream, or a live interface), with an
/// optional compiled BPF filter.
///
/// On a file the filter is applied with `pcap_offline_filter` rather than `pcap_setfilter`, so
/// packets that do not match are still counted: packet numbers stay the ones Wireshark shows for
/// the whole file. On an interface it goes to the kernel (`pcap_setfilter`), as for tcpdump: a live
/// capture numbers the packets that passed the capture filter, as Wireshark does.
final class PcapReadHandle {
    private let handle: OpaquePointer
    /// The compiled filter, nil without one. Kept behind a pointer: reading a stored struct for the
    /// C call would be an exclusivity-checked access on every packet.
    private var filterProgram: UnsafeMutablePointer<bpf_program>?
    let path: String
    let isLive: Bool
    /// 1 when libpcap gives nanoseconds, 1000 when it gives microseconds (a live capture on a
    /// system without nanosecond timestamps).
    private let nanosecondsPerTick: UInt32
    /// The stream under a file handle (for its problems, and to free its buffer after closing).
    let input: CaptureInput?
    /// Memory `fmemopen` reads from, freed after `pcap_close` has closed the FILE.
    private var memoryStorage: UnsafeMutableRawPointer?

    /// Reads a capture from an opened stream.
    init(input: CaptureInput, name: String) throws(CaptureError) {
        path = name
        isLive = false
        nanosecondsPerTick = 1
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_fopen_offline_with_tstamp_precision(input.file, UInt32(PCAP_TSTAMP_PRECISION_NANO),
                                                                    &errorBuffer) else {
            fclose(input.file)
            input.release()
            let reason = input.problem?.message ?? message(errorBuffer)
            throw CaptureError(kind: .unreadable, path: name, reason: reason)
        }
        self.handle = handle
        self.input = input
    }

    /// Reads a capture held in memory (tests and fuzzing).
    init(bytes: [UInt8], name: String) throws(CaptureError) {
        path = name
        isLive = false
        nanosecondsPerTick = 1
        input = nil
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
        memoryStorage = storage
    }

    /// Opens an interface for a live capture: `pcap_create`, the settings, `pcap_activate`.
    /// - Returns: the handle and libpcap's warning, if `pcap_activate` gave one.
    init(interface: String, snapshotLength: Int32, promiscuous: Bool, timeoutMilliseconds: Int32) throws(CaptureError) {
        path = interface
        isLive = true
        input = nil
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw CaptureError(kind: .captureFailed, path: interface, reason: message(errorBuffer))
        }
        pcap_set_snaplen(handle, snapshotLength)
        pcap_set_promisc(handle, promiscuous ? 1 : 0)
        // The timeout bounds how long a read waits, so limits and stops are noticed even on an
        // idle interface (pcap_breakloop wakes a blocked read on Linux only).
        pcap_set_timeout(handle, timeoutMilliseconds)
        // Each packet as soon as it arrives, not in batches: a frame shows up while it is typed.
        pcap_set_immediate_mode(handle, 1)
        // Nanoseconds where the system has them (Linux); microseconds otherwise.
        _ = pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(handle)
        if status < 0 {
            let text = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw Self.activationError(status: status, interface: interface, libpcapMessage: text)
        }
        activationWarning = status > 0 ? Self.activationWarning(status: status, libpcapMessage: String(cString: pcap_geterr(handle))) : nil
        nanosecondsPerTick = pcap_get_tstamp_precision(handle) == Int32(PCAP_TSTAMP_PRECISION_NANO) ? 1 : 1000
        self.handle = handle
    }

    /// What `pcap_activate` warned about (it still captures), for the CLI to print.
    private(set) var activationWarning: String?

    deinit {
        if let filterProgram {
            pcap_freecode(filterProgram)
            filterProgram.deallocate()
        }
        pcap_close(handle)
        input?.release()
        memoryStorage?.deallocate()
    }

    var linkType: Int32 { pcap_datalink(handle) }
    var snapshotLength: Int32 { pcap_snapshot(handle) }
    var hasNanosecondTimestamps: Bool { nanosecondsPerTick == 1 }

    static func linkTypeName(_ value: Int32) -> String? {
        guard let description = pcap_datalink_val_to_description(value) else { return nil }
        return String(cString: description)
    }

    func setFilter(_ expression: String) throws(CaptureError) {
        let program = UnsafeMutablePointer<bpf_program>.allocate(capacity: 1)
        program.initialize(to: bpf_program())
        var netmask = PCAP_NETMASK_UNKNOWN
        if isLive {
            // The interface's netmask, for filters that say `broadcast`; unknown is fine otherwise.
            var network: bpf_u_int32 = 0
            var mask: bpf_u_int32 = 0
            var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
            if pcap_lookupnet(path, &network, &mask, &errorBuffer) == 0 { netmask = mask }
        }
        guard pcap_compile(handle, program, expression, 1, netmask) == 0 else {
            program.deallocate()
            throw CaptureError(kind: .invalidFilter, path: path, reason: String(cString: pcap_geterr(handle)))
        }
        if isLive {
            defer {
                pcap_freecode(program)
                program.deallocate()
            }
            guard pcap_setfilter(handle, program) == 0 else {
                throw CaptureError(kind: .captureFailed, path: path, reason: "cannot set the capture filter: \(String(cString: pcap_geterr(handle)))")
            }
            return
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
        /// End of the file, or (live) `pcap_breakloop` was called.
        case end
        /// A live read waited for the timeout without a packet.
        case timeout
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
                nanoseconds: UInt32(truncatingIfNeeded: header.pointee.ts.tv_usec) &* nanosecondsPerTick,
                capturedLength: Int(header.pointee.caplen),
                originalLength: Int(header.pointee.len),
                data: data,
                matchesFilter: matchesFilter(header: UnsafePointer(header), data: data)))
        case PCAP_ERROR_BREAK:
            return .end
        case 0:
            return .timeout
        default:
            return .failed(String(cString: pcap_geterr(handle)))
        }
    }

    private func matchesFilter(header: UnsafePointer<pcap_pkthdr>, data: UnsafePointer<UInt8>) -> Bool {
        guard let filterProgram else { return true }
        return pcap_offline_filter(filterProgram, header, data) != 0
    }

    /// Makes a blocked or the next `next()` return `.end`. libpcap documents this as safe from a
    /// signal handler and from another thread (it sets a flag; on Linux it also wakes the poll).
    func breakLoop() { pcap_breakloop(handle) }

    /// Counters of a live capture (`pcap_stats`); nil for files, which have none.
    func statistics() -> (received: UInt32, droppedByKernel: UInt32, droppedByInterface: UInt32)? {
        guard isLive else { return nil }
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return nil }
        return (stats.ps_recv, stats.ps_drop, stats.ps_ifdrop)
    }

    /// A dump file with this handle's link type, snapshot length and timestamp precision.
    func openDump(path dumpPath: String) throws(CaptureError) -> PcapWriteHandle {
        guard let dumper = pcap_dump_open(handle, dumpPath) else {
            throw CaptureError(kind: .writeFailed, path: dumpPath, reason: String(cString: pcap_geterr(handle)))
        }
        return PcapWriteHandle(dumper: dumper, ownedHandle: nil, path: dumpPath, nanosecondsPerTick: nanosecondsPerTick)
    }

    // MARK: pcap_activate's results in words

    static func activationError(status: Int32, interface: String, libpcapMessage: String) -> CaptureError {
        switch status {
        case PCAP_ERROR_PERM_DENIED:
            CaptureError(kind: .permissionDenied, path: interface,
                         reason: "no permission to capture (\(libpcapMessage)); run as root, or give the binary the capture capabilities once: sudo setcap cap_net_raw,cap_net_admin=eip \(executablePath())")
        case PCAP_ERROR_PROMISC_PERM_DENIED:
            CaptureError(kind: .permissionDenied, path: interface,
                         reason: "no permission for promiscuous mode (\(libpcapMessage)); run as root, or capture without promiscuous mode")
        case PCAP_ERROR_NO_SUCH_DEVICE:
            CaptureError(kind: .noSuchInterface, path: interface,
                         reason: "no such interface (\(libpcapMessage)); `wslens interfaces` lists the ones there are")
        case PCAP_ERROR_IFACE_NOT_UP:
            CaptureError(kind: .interfaceDown, path: interface, reason: "the interface is down (\(libpcapMessage)); bring it up first, e.g. ip link set \(interface) up")
        case PCAP_ERROR_RFMON_NOTSUP:
            CaptureError(kind: .captureFailed, path: interface, reason: "monitor mode is not supported (\(libpcapMessage))")
        default:
            CaptureError(kind: .captureFailed, path: interface, reason: libpcapMessage.isEmpty ? "pcap_activate failed (\(status))" : libpcapMessage)
        }
    }

    static func activationWarning(status: Int32, libpcapMessage: String) -> String {
        switch status {
        case PCAP_WARNING_PROMISC_NOTSUP: "promiscuous mode is not supported here, capturing without it (\(libpcapMessage))"
        case PCAP_WARNING_TSTAMP_TYPE_NOTSUP: "the requested timestamp type is not supported (\(libpcapMessage))"
        default: libpcapMessage.isEmpty ? "libpcap warning \(status)" : libpcapMessage
        }
    }

    /// The running binary, for the `setcap` advice (the real file: setcap does not follow links).
    private static func executablePath() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return CommandLine.arguments.first ?? "wslens"
    }
}

/// A flag set by `CaptureStop` from any thread (or a signal handler) and read by the capture loop.
final class StopFlag: @unchecked Sendable {
    private let storage = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    init() { storage.initialize(to: 0) }
    deinit { storage.deallocate() }
    func set() { CPcap_flagSet(storage) }
    var isSet: Bool { CPcap_flagIsSet(storage) != 0 }
}

// MARK: - Interfaces

/// `pcap_findalldevs`, as plain values.
func pcapInterfaces() throws(CaptureError) -> [CaptureInterface] {
    var first: UnsafeMutablePointer<pcap_if_t>?
    var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
    guard pcap_findalldevs(&first, &errorBuffer) == 0 else {
        throw CaptureError(kind: .captureFailed, path: "interfaces", reason: message(errorBuffer))
    }
    defer { if let first { pcap_freealldevs(first) } }
    var interfaces: [CaptureInterface] = []
    var current = first
    while let device = current {
        let name = String(cString: device.pointee.name)
        var addresses: [String] = []
        var address = device.pointee.addresses
        while let entry = address {
            if let text = numericAddress(entry.pointee.addr, interface: name) { addresses.append(text) }
            address = entry.pointee.next
        }
        interfaces.append(CaptureInterface(
            name: name,
            description: device.pointee.description.map { String(cString: $0) },
            addresses: addresses,
            flags: CaptureInterface.Flags(rawValue: device.pointee.flags)))
        current = device.pointee.next
    }
    return interfaces
}

/// An IPv4 or IPv6 socket address as text ("127.0.0.1", "fe80::1%eth0"); nil for other families.
private func numericAddress(_ address: UnsafeMutablePointer<sockaddr>?, interface: String) -> String? {
    guard let address else { return nil }
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    switch Int32(address.pointee.sa_family) {
    case AF_INET:
        return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
            var raw = ipv4.pointee.sin_addr
            guard inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil else { return nil }
            return message(text)
        }
    case AF_INET6:
        return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
            var raw = ipv6.pointee.sin6_addr
            guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else { return nil }
            return message(text) + (ipv6.pointee.sin6_scope_id != 0 ? "%\(interface)" : "")
        }
    default:
        return nil
    }
}

// MARK: - Writing

/// A libpcap dump file being written: a new file (`pcap_open_dead` + `pcap_dump_open`) or a copy
/// of what a read handle delivers (`pcap_dump_open` on it, `-w`).
final class PcapWriteHandle {
    /// The dead handle this writer opened; nil when it dumps through a reader's handle.
    private let ownedHandle: OpaquePointer?
    private let dumper: OpaquePointer
    let path: String
    private let nanosecondsPerTick: UInt32
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
        self.ownedHandle = handle
        self.dumper = dumper
        self.path = path
        self.nanosecondsPerTick = 1
    }

    fileprivate init(dumper: OpaquePointer, ownedHandle: OpaquePointer?, path: String, nanosecondsPerTick: UInt32) {
        self.dumper = dumper
        self.ownedHandle = ownedHandle
        self.path = path
        self.nanosecondsPerTick = nanosecondsPerTick
    }

    func write(_ bytes: UnsafeRawBufferPointer, seconds: Int64, nanoseconds: UInt32, originalLength: Int) {
        var header = pcap_pkthdr()
        header.ts.tv_sec = time_t(seconds)
        // With nanosecond precision libpcap stores nanoseconds in tv_usec.
        header.ts.tv_usec = suseconds_t(nanoseconds / nanosecondsPerTick)
        header.caplen = bpf_u_int32(bytes.count)
        header.len = bpf_u_int32(originalLength)
        let user = UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self)
        pcap_dump(user, &header, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(user))
    }

    /// Pushes buffered packets to the file; false when writing failed (disk full, ...).
    func flush() -> Bool { !isClosed && pcap_dump_flush(dumper) == 0 }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        pcap_dump_close(dumper)
        if let ownedHandle { pcap_close(ownedHandle) }
    }

    deinit { close() }
}
