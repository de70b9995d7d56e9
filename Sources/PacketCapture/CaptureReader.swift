import Dispatch
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads packets through libpcap, with nanosecond timestamps, from any source: a pcap or pcapng
/// file (gzip'd or not), standard input or a pipe (streamed: each packet as it arrives), several
/// files merged into one capture by timestamp, a capture held in memory, or a live interface.
///
/// Every source is read the same way, with `next()`. Packets are numbered from 1 as Wireshark
/// numbers them, also when a BPF filter hides some of them (files: the filter runs in user space
/// and skipped packets keep their numbers; interfaces: the kernel filters, and the packets that
/// pass are numbered, as in a Wireshark live capture). The bytes of each packet are borrowed (see
/// `CapturedPacket`).
public final class CaptureReader {
    /// One libpcap handle: a file, a stream, memory or an interface. Nil when merging.
    private let handle: PcapReadHandle?
    /// Several files merged. Nil otherwise.
    private let merger: CaptureMerger?
    // The state `next()` reads for every packet is exempt from run-time exclusivity checks: a
    // reader is used by one thread (only `stop` crosses threads, and it is a `let` of its own),
    // and the checks cost 2.9 % of `summary`'s instructions on the 10 MB small-frame benchmark
    // capture, 2.4 % on mixed (callgrind, 2026-12).
    @exclusivity(unchecked) private var lastNumber: UInt64 = 0
    @exclusivity(unchecked) private var delivered: UInt64 = 0
    /// When a live capture was activated (monotonic seconds), for `CaptureLimits.seconds`.
    private let startedAt: Double
    @exclusivity(unchecked) private var dump: PcapWriteHandle?
    /// An end noticed while a packet was being returned: the next call ends.
    @exclusivity(unchecked) private var pendingEnd: CaptureEnd?
    /// Ends a live capture when `limits.seconds` are up, and the seconds it was set for.
    private var durationTimer: DispatchWorkItem?
    @exclusivity(unchecked) private var durationTimerSeconds: Double?

    /// The link-layer type (of the first file, when merging files of different types).
    public let linkType: LinkType
    /// The path the errors mention: the file, "-" for standard input, the interface's name, or the
    /// merged files joined with " + ".
    public let path: String
    /// The files read, in the order given (one entry unless merging); `CapturedPacket.fileIndex`
    /// indexes it.
    public let paths: [String]
    /// The format of the (first) file; nil for an interface.
    public let format: CaptureFileFormat?
    /// Whether the file was gzip'd (and inflated while read).
    public let isCompressed: Bool
    /// Whether the input can be read again from the start: false for standard input, pipes and
    /// interfaces (so a pcapng's Decryption Secrets Blocks can only be looked for in files).
    public let isRereadable: Bool
    /// Whether this is a live capture from an interface.
    public var isLive: Bool { handle?.isLive ?? false }
    /// What `pcap_activate` warned about (live captures; it captures anyway). For the CLI to print.
    public var activationWarning: String? { handle?.activationWarning }
    /// The snapshot length: the most bytes stored per packet.
    public var snapshotLength: Int { Int(handle?.snapshotLength ?? merger?.snapshotLength ?? 0) }

    /// Stops the capture from another thread or on a signal (`stop.onSignals([SIGINT, SIGTERM])`).
    public let stop: CaptureStop
    /// When the capture stops by itself. Can be changed between packets.
    @exclusivity(unchecked) public var limits: CaptureLimits
    /// Why `next()` returned nil; nil while packets may still come.
    @exclusivity(unchecked) public private(set) var endReason: CaptureEnd?

    /// Packets read so far, including those the filter skipped (the last packet number).
    public var packetsRead: UInt64 { lastNumber }
    /// Errors of merged files that broke in the middle (the first one is also thrown by `next()`
    /// once the other files are merged to their end).
    public var fileErrors: [CaptureError] { merger?.errors ?? [] }
    /// Hand up the packets the filter hides too, flagged (`matchesFilter` false), instead of
    /// skipping them: connections are then numbered over every packet of the file, as without
    /// the filter (and as Wireshark's `tcp.stream`).
    @exclusivity(unchecked) public var handsUpFilteredPackets = false

    private init(handle: PcapReadHandle?, merger: CaptureMerger?, linkType: LinkType, path: String, paths: [String],
                 format: CaptureFileFormat?, isCompressed: Bool, isRereadable: Bool, limits: CaptureLimits) {
        self.handle = handle
        self.merger = merger
        self.linkType = linkType
        self.path = path
        self.paths = paths
        self.format = format
        self.isCompressed = isCompressed
        self.isRereadable = isRereadable
        self.limits = limits
        stop = CaptureStop(handle: handle)
        startedAt = monotonicSeconds()
    }

    private convenience init(fileHandle handle: PcapReadHandle, filter: String?, byPath: Bool) throws(CaptureError) {
        if let filter { try handle.setFilter(filter) }
        let input = handle.input
        self.init(handle: handle, merger: nil, linkType: LinkType(rawValue: handle.linkType), path: handle.path,
                  paths: [handle.path], format: input.flatMap { CaptureFileFormat(magic: $0.magic) },
                  isCompressed: input?.isGzip ?? false,
                  isRereadable: byPath && handle.path != "-" && input?.isSeekable == true,
                  limits: CaptureLimits())
    }

    /// Opens a capture file: pcap or pcapng, gzip'd or not (recognised by its first bytes, not by
    /// its name), or "-" for standard input, which is read as it arrives.
    /// - Parameters:
    ///   - path: a file, or "-".
    ///   - filter: a BPF expression (`tcp port 8080`); packets that do not match are skipped but counted.
    public convenience init(path: String, filter: String? = nil) throws(CaptureError) {
        let input = try CaptureInput.open(path: path)
        try self.init(fileHandle: PcapReadHandle(input: input, name: path), filter: filter, byPath: true)
    }

    /// Reads a capture from an open file descriptor (standard input, a pipe, a socket) as it
    /// arrives, gzip'd or not. The descriptor stays open (it is the caller's).
    public convenience init(fileDescriptor: Int32, name: String, filter: String? = nil) throws(CaptureError) {
        let input = try CaptureInput.open(descriptor: fileDescriptor, ownsDescriptor: false, name: name)
        try self.init(fileHandle: PcapReadHandle(input: input, name: name), filter: filter, byPath: false)
    }

    /// Reads a capture held in memory (tests, fuzzing), gzip'd or not.
    public convenience init(bytes: [UInt8], name: String = "<memory>", filter: String? = nil) throws(CaptureError) {
        if GzipInflater.isGzip(Array(bytes.prefix(2))) {
            let input = try CaptureInput.open(gzipBytes: bytes, name: name)
            try self.init(fileHandle: PcapReadHandle(input: input, name: name), filter: filter, byPath: false)
        } else {
            let handle = try PcapReadHandle(bytes: bytes, name: name)
            if let filter { try handle.setFilter(filter) }
            self.init(handle: handle, merger: nil, linkType: LinkType(rawValue: handle.linkType), path: name, paths: [name],
                      format: CaptureFileFormat(magic: bytes), isCompressed: false, isRereadable: true, limits: CaptureLimits())
        }
    }

    /// Reads several capture files as one capture, merged by timestamp as mergecap merges them.
    ///
    /// Packet numbers run in merged order; each packet says which file it came from and its number
    /// there (`fileIndex`, `filePacketNumber`). A file cut off in the middle is read up to the cut,
    /// the other files to their end, then `next()` throws that file's error.
    /// - Parameters:
    ///   - paths: the files (pcap or pcapng, gzip'd or not); standard input cannot be merged.
    ///   - allowingMixedLinkTypes: by default all files must share one link type (as in one pcap
    ///     file), else the error names the two files that differ. With true, each packet carries its
    ///     own file's link type (as mergecap writes pcapng with one interface per link type), and
    ///     `linkType` is the first file's.
    /// - Throws: `CaptureError` naming the file that cannot be opened or does not fit.
    public convenience init(paths: [String], filter: String? = nil, allowingMixedLinkTypes: Bool = false) throws(CaptureError) {
        guard let first = paths.first else {
            throw CaptureError(kind: .unreadable, path: "", reason: "no capture files given")
        }
        if paths.count == 1 {
            try self.init(path: first, filter: filter)
            return
        }
        let merger = try CaptureMerger(paths: paths, filter: filter, allowingMixedLinkTypes: allowingMixedLinkTypes)
        let probe = try CaptureInput.open(path: first)
        let firstFormat = CaptureFileFormat(magic: probe.magic)
        let compressed = probe.isGzip
        fclose(probe.file)
        probe.release()
        self.init(handle: nil, merger: merger, linkType: LinkType(rawValue: merger.members[0].linkType),
                  path: paths.joined(separator: " + "), paths: paths, format: firstFormat, isCompressed: compressed,
                  isRereadable: true, limits: CaptureLimits())
    }

    /// Captures live from an interface (`pcap_create` ... `pcap_activate`), in immediate mode: each
    /// packet is delivered as soon as it arrives.
    /// - Parameters:
    ///   - interface: a name from `CaptureReader.interfaces()`, e.g. "lo", "eth0", "any".
    ///   - snaplen: the most bytes kept per packet.
    ///   - promiscuous: also capture traffic not addressed to this host (off by default).
    ///   - filter: a BPF expression, compiled for the interface and applied in the kernel.
    ///   - limits: stop after so many packets or seconds; `stop` stops it from outside.
    /// - Throws: `CaptureError` with a kind that says what to do: `.permissionDenied` (run as root or
    ///   give the binary CAP_NET_RAW and CAP_NET_ADMIN with setcap), `.noSuchInterface`,
    ///   `.interfaceDown`, `.invalidFilter`, `.captureFailed`.
    public convenience init(interface: String, snaplen: Int = 262_144, promiscuous: Bool = false, filter: String? = nil,
                            limits: CaptureLimits = CaptureLimits()) throws(CaptureError) {
        let handle = try PcapReadHandle(interface: interface, snapshotLength: Int32(clamping: snaplen), promiscuous: promiscuous,
                                        timeoutMilliseconds: 100)
        if let filter { try handle.setFilter(filter) }
        self.init(handle: handle, merger: nil, linkType: LinkType(rawValue: handle.linkType), path: interface, paths: [interface],
                  format: nil, isCompressed: false, isRereadable: false, limits: limits)
    }

    /// The interfaces a live capture can read from (`pcap_findalldevs`).
    public static func interfaces() throws(CaptureError) -> [CaptureInterface] { try pcapInterfaces() }

    /// libpcap's description of a link type, e.g. "IEEE 802.11" for 105.
    public static func describe(_ linkType: LinkType) -> String {
        PcapReadHandle.linkTypeName(linkType.rawValue) ?? "unknown"
    }

    /// Also writes every packet `next()` delivers to a pcap file (`-w FILE`), with the capture's
    /// link type, snapshot length and timestamp precision. Call before the first `next()`. On a
    /// live capture each packet is flushed to the file as it is written.
    public func saveCopy(to path: String) throws(CaptureError) {
        dump?.close()
        if let handle {
            dump = try handle.openDump(path: path)
        } else if let merger, Set(merger.members.map(\.linkType)).count > 1 {
            throw CaptureError(kind: .writeFailed, path: path,
                               reason: "the merged files have different link types, and a pcap file holds only one")
        } else {
            dump = try PcapWriteHandle(path: path, linkType: linkType.rawValue, snapshotLength: Int32(snapshotLength))
        }
    }

    /// The counters of a live capture (received, dropped); nil for files.
    public func statistics() -> CaptureStatistics? {
        guard let counters = handle?.statistics() else { return nil }
        return CaptureStatistics(delivered: delivered, received: UInt64(counters.received),
                                 droppedByKernel: UInt64(counters.droppedByKernel),
                                 droppedByInterface: UInt64(counters.droppedByInterface))
    }

    /// The next packet; nil at the end of the input, or once the capture was stopped or reached a
    /// limit (`endReason` says which). After nil, every call returns nil.
    /// - Throws: `CaptureError` with kind `.truncated` when a file ends inside a packet (or gzip'd
    ///   data are cut off), `.readFailed` for other read errors (corrupt gzip data; a pcapng whose
    ///   interfaces differ in link type), `.captureFailed` when an interface fails, `.writeFailed`
    ///   when the copy (`saveCopy`) cannot be written. Packets before the error were delivered.
    public func next() throws(CaptureError) -> CapturedPacket? {
        if endReason != nil { return nil }
        if let pendingEnd { return finish(pendingEnd) }
        if stop.isRequested { return finish(.stopped) }
        if let maximum = limits.packets, delivered >= maximum { return finish(.packetLimit) }
        if isLive && limits.seconds != durationTimerSeconds { armDurationTimer() }
        let packet: CapturedPacket
        if let handle {
            guard let read = try next(from: handle) else { return nil }
            packet = read
        } else if let merger {
            guard let read = try next(from: merger) else { return nil }
            packet = read
        } else {
            return finish(.endOfInput)
        }
        delivered += 1
        if let dump {
            dump.write(packet.bytes, seconds: packet.timestamp.seconds, nanoseconds: packet.timestamp.nanoseconds,
                       originalLength: packet.originalLength)
            if isLive, !dump.flush() {
                throw CaptureError(kind: .writeFailed, path: dump.path, reason: String(cString: strerror(errno)),
                                   afterPacket: packet.number)
            }
        }
        return packet
    }

    private func next(from handle: PcapReadHandle) throws(CaptureError) -> CapturedPacket? {
        while true {
            switch handle.next() {
            case .end:
                if stop.isRequested { return finish(.stopped) }
                if stop.hasExpired { return finish(.duration) }
                // On a file the end; on an interface only pcap_breakloop ends a read.
                return finish(handle.isLive ? .stopped : .endOfInput)
            case .timeout:
                if stop.isRequested { return finish(.stopped) }
                if durationPassed() { return finish(.duration) }
            case .failed(let reason):
                if handle.isLive {
                    throw CaptureError(kind: .captureFailed, path: handle.path, reason: reason, afterPacket: lastNumber)
                }
                throw CaptureMerger.readError(path: handle.path, reason: reason, input: handle.input, after: lastNumber)
            case .packet(let raw):
                lastNumber += 1
                guard raw.matchesFilter || handsUpFilteredPackets else { continue }
                if handle.isLive, durationPassed() {
                    // Arrived, but after the time was up: delivered, and the capture ends with the next call.
                    pendingEnd = .duration
                }
                var packet = CapturedPacket(
                    number: lastNumber,
                    timestamp: CaptureTimestamp(seconds: raw.seconds, nanoseconds: raw.nanoseconds),
                    linkType: linkType,
                    capturedLength: raw.capturedLength,
                    originalLength: raw.originalLength,
                    bytes: UnsafeRawBufferPointer(start: UnsafeRawPointer(raw.data), count: raw.capturedLength),
                    fileIndex: 0,
                    filePacketNumber: lastNumber)
                packet.matchesFilter = raw.matchesFilter
                return packet
            }
        }
    }

    private func next(from merger: CaptureMerger) throws(CaptureError) -> CapturedPacket? {
        while true {
            guard let delivery = try merger.next() else { return finish(.endOfInput) }
            lastNumber += 1
            guard delivery.packet.matchesFilter || handsUpFilteredPackets else { continue }
            let raw = delivery.packet
            var packet = CapturedPacket(
                number: lastNumber,
                timestamp: CaptureTimestamp(seconds: raw.seconds, nanoseconds: raw.nanoseconds),
                linkType: LinkType(rawValue: delivery.linkType),
                capturedLength: raw.capturedLength,
                originalLength: raw.originalLength,
                bytes: UnsafeRawBufferPointer(start: UnsafeRawPointer(raw.data), count: raw.capturedLength),
                fileIndex: delivery.member,
                filePacketNumber: delivery.filePacketNumber)
            packet.matchesFilter = raw.matchesFilter
            return packet
        }
    }

    /// A live read on an idle Linux interface waits until a packet comes (the kernel does not end
    /// an empty ring block, so the 100 ms timeout never fires there): a timer breaks the read when
    /// the time is up.
    private func armDurationTimer() {
        durationTimer?.cancel()
        durationTimer = nil
        durationTimerSeconds = limits.seconds
        guard let seconds = limits.seconds else { return }
        let stop = stop
        let timer = DispatchWorkItem { stop.expire() }
        durationTimer = timer
        let remaining = max(0, startedAt + seconds - monotonicSeconds())
        DispatchQueue.global().asyncAfter(deadline: .now() + remaining, execute: timer)
    }

    deinit { durationTimer?.cancel() }

    private func durationPassed() -> Bool {
        guard let seconds = limits.seconds, isLive else { return false }
        return monotonicSeconds() - startedAt >= seconds
    }

    private func finish(_ reason: CaptureEnd) -> CapturedPacket? {
        endReason = reason
        durationTimer?.cancel()
        if let dump {
            _ = dump.flush()
            dump.close()
        }
        return nil
    }
}

/// Seconds on the monotonic clock (not moved by changes of the wall clock).
private func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
