import ArgumentParser
import PacketCapture

/// `-i IFACE` and what goes with it: a live capture through libpcap (immediate mode: each packet
/// as it arrives).
struct LiveCaptureOptions: ParsableArguments {
    @Option(name: [.customShort("i"), .customLong("interface")],
            help: ArgumentHelp("Capture live from this interface instead of reading files (`wslens interfaces` lists them; needs root or CAP_NET_RAW). Ctrl-C ends the capture; what was seen is still reported.",
                               valueName: "iface"))
    var interface: String?

    @Option(help: ArgumentHelp("Live: keep at most this many bytes of each packet (default 262144, all of it).", valueName: "n"))
    var snaplen: Int?

    @Flag(help: "Live: also capture traffic not addressed to this machine (off by default).")
    var promiscuous = false

    @Option(help: ArgumentHelp("Live: stop after this many seconds.", valueName: "seconds"))
    var duration: Double?

    @Option(help: ArgumentHelp("Stop after this many packets (those the filter lets through).", valueName: "packets"))
    var count: UInt64?

    @Option(name: .customShort("w"),
            help: ArgumentHelp("Also save the packets read to this pcap file (live: each as it arrives).", valueName: "file"))
    var write: String?

    static let defaultSnaplen = 262_144

    func validate(interface isLive: Bool) throws {
        if !isLive {
            if snaplen != nil { throw ValidationError("--snaplen applies to a live capture: add -i INTERFACE.") }
            if promiscuous { throw ValidationError("--promiscuous applies to a live capture: add -i INTERFACE.") }
            if duration != nil { throw ValidationError("--duration applies to a live capture: add -i INTERFACE (a file's time is in its timestamps).") }
        }
        if let snaplen, snaplen < 1 { throw ValidationError("--snaplen must be at least 1 byte.") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be more than 0 seconds.") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1 packet.") }
    }

    var limits: CaptureLimits { CaptureLimits(packets: count, seconds: duration) }
}
