import Foundation
import PacketCapture
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Live capture from `lo` with real peers, each test in a private network namespace (see
/// `Namespaced`): in the parent the test re-runs itself there; the body runs in the child.
@Suite(.serialized, .enabled(if: !TestSkip.contains("netns")))
struct LiveCaptureTests {
    private static let suite = "LiveCaptureTests"

    /// In the parent: runs the test in a namespace and returns true (the caller returns).
    private func delegated(_ test: String = #function, withoutCaptureCapabilities: Bool = false) throws -> Bool {
        guard Namespaced.role == nil else { return false }
        let name = test.split(separator: "(").first.map(String.init) ?? test
        try Namespaced.runChild(suite: Self.suite, test: name, withoutCaptureCapabilities: withoutCaptureCapabilities)
        return true
    }

    private func now() -> Double { Date().timeIntervalSince1970 }

    @Test func packetsArriveWhileThePeerStillRuns() throws {
        if try delegated() { return }
        let peer = try LivePeer.start(port: 8765, messages: 3)
        defer { peer.finish() }
        let reader = try CaptureReader(interface: "lo", filter: "tcp port 8765", limits: CaptureLimits(seconds: 20))
        #expect(reader.isLive)
        #expect(reader.linkType == .ethernet)
        #expect(reader.format == nil && !reader.isRereadable)
        #expect(reader.snapshotLength == 262_144)
        peer.send("go")
        var packets: [PacketRecord] = []
        var latencies: [Double] = []
        // The server's echo of the last message is unmasked on the wire.
        let lastEcho = Array("live message 2".utf8)
        while let packet = try reader.next() {
            latencies.append(now() - packet.timestamp.epochSeconds)
            packets.append(PacketRecord(packet))
            if packets.last!.bytes.contains(lastEcho) && packets.last!.bytes.contains([0x81, UInt8(lastEcho.count)]) { break }
        }
        #expect(packets.last?.bytes.contains(lastEcho) == true, "the echo never came: \(packets.count) packets")
        // The connection is still open: the peer waits for the test before it closes.
        #expect(peer.isRunning)
        #expect(!peer.stdout.lines.contains("closed"))
        #expect(packets.map(\.number) == (1...UInt64(packets.count)).map { $0 })
        #expect(packets.allSatisfy { $0.fileIndex == 0 && $0.filePacketNumber == $0.number })
        // Delivered as they came (immediate mode), not in batches at the end.
        #expect(latencies.max() ?? 99 < 1.0, "latencies \(latencies)")
        #expect(packets.first?.bytes.count ?? 0 >= 54)

        peer.send("close")
        #expect(peer.stdout.waitFor(line: "closed", seconds: 10))
        // The closing handshake arrives too; then the capture is stopped from another thread.
        let stop = reader.stop
        Thread { usleep(700_000); stop.request() }.start()
        var rest: [PacketRecord] = []
        while let packet = try reader.next() { rest.append(PacketRecord(packet)) }
        #expect(reader.endReason == .stopped)
        #expect(rest.contains { $0.bytes.contains([0x88, 0x02, 0x03, 0xE8]) }, "no server close frame (1000) among \(rest.count) packets")
        #expect(rest.first?.number == UInt64(packets.count + 1))
        let statistics = try #require(reader.statistics())
        #expect(statistics.delivered == UInt64(packets.count + rest.count))
        #expect(statistics.received >= statistics.delivered)
        #expect(statistics.droppedByKernel == 0)
        #expect(try reader.next() == nil)
    }

    @Test func packetLimitStopsTheReader() throws {
        if try delegated() { return }
        let peer = try LivePeer.start(port: 8766, messages: 3)
        defer { peer.finish() }
        let reader = try CaptureReader(interface: "lo", filter: "tcp port 8766", limits: CaptureLimits(packets: 5, seconds: 20))
        peer.send("go")
        var numbers: [UInt64] = []
        while let packet = try reader.next() { numbers.append(packet.number) }
        #expect(numbers == [1, 2, 3, 4, 5])
        #expect(reader.endReason == .packetLimit)
        #expect(try reader.next() == nil)
    }

    @Test func durationStopsAnIdleCapture() throws {
        if try delegated() { return }
        let reader = try CaptureReader(interface: "lo", limits: CaptureLimits(seconds: 0.5))
        let start = now()
        #expect(try reader.next() == nil)
        let took = now() - start
        #expect(reader.endReason == .duration)
        #expect(took >= 0.4 && took < 1.5, "took \(took) s")
    }

    @Test func interruptStopsABlockedReadWithinASecond() throws {
        if try delegated() { return }
        // This child process is the test's own: a real SIGINT, as Ctrl-C sends it.
        let reader = try CaptureReader(interface: "lo", limits: CaptureLimits(seconds: 10))
        let watch = reader.stop.onSignals([SIGINT, SIGTERM])
        defer { watch.cancel() }
        let sentAt = SentAt()
        Thread {
            usleep(400_000)
            sentAt.mark()
            kill(getpid(), SIGINT)
        }.start()
        #expect(try reader.next() == nil)
        let after = now() - sentAt.time
        #expect(reader.endReason == .stopped)
        #expect(watch.hasFired)
        #expect(sentAt.time > 0 && after < 1.0, "next() returned \(after) s after SIGINT")
        #expect(try reader.next() == nil)
    }

    @Test func stopFromAnotherThreadEndsNext() throws {
        if try delegated() { return }
        let reader = try CaptureReader(interface: "lo", limits: CaptureLimits(seconds: 10))
        let stop = reader.stop
        let sentAt = SentAt()
        Thread {
            usleep(300_000)
            sentAt.mark()
            stop.request()
        }.start()
        #expect(try reader.next() == nil)
        #expect(reader.endReason == .stopped)
        #expect(stop.isRequested)
        #expect(now() - sentAt.time < 1.0)
    }

    @Test func saveCopyWritesEveryPacketAsItIsRead() throws {
        if try delegated() { return }
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let peer = try LivePeer.start(port: 8767, messages: 2)
        defer { peer.finish() }
        let reader = try CaptureReader(interface: "lo", filter: "tcp port 8767", limits: CaptureLimits(packets: 8, seconds: 20))
        let copy = folder + "/live.pcap"
        try reader.saveCopy(to: copy)
        peer.send("go")
        var delivered: [PacketRecord] = []
        while let packet = try reader.next() {
            delivered.append(PacketRecord(packet))
            // Flushed as it is read: the copy already holds this packet.
            let sofar = readAll(try CaptureReader(path: copy)).packets
            #expect(sofar.count == delivered.count)
        }
        #expect(delivered.count == 8)
        let saved = try readAll(path: copy)
        #expect(mismatch(saved.map(\.bytes), delivered.map(\.bytes)) == nil)
        #expect(mismatch(saved.map(\.seconds), delivered.map(\.seconds)) == nil)
        #expect(mismatch(saved.map(\.nanoseconds), delivered.map(\.nanoseconds)) == nil)
        #expect(mismatch(saved.map(\.originalLength), delivered.map(\.originalLength)) == nil)
        if let tshark = Tool.path("tshark") {
            let lines = String(decoding: try Tool.run(tshark, ["-r", copy, "-T", "fields", "-e", "frame.number"]), as: UTF8.self)
            #expect(lines.split(separator: "\n").count == 8)
        } else if !TestSkip.contains("tshark") {
            Issue.record("tshark is not installed (apt-get install tshark); set WSLENS_TEST_SKIP=tshark to skip this check")
        }
    }

    @Test func interfaceErrorsSayWhatToDo() throws {
        if try delegated() { return }
        do {
            _ = try CaptureReader(interface: "wslens-none0")
            Issue.record("a missing interface must not open")
        } catch {
            #expect(error.kind == .noSuchInterface)
            #expect(error.description.hasPrefix("interface wslens-none0: no such interface"))
            #expect(error.description.contains("wslens interfaces"))
        }
        do {
            _ = try CaptureReader(interface: "lo", filter: "tcp port nonsense(")
            Issue.record("a bad filter must not open")
        } catch {
            #expect(error.kind == .invalidFilter)
        }
    }

    @Test func missingPermissionNamesTheRemedy() throws {
        if try delegated(withoutCaptureCapabilities: true) { return }
        #expect(Namespaced.role == "nocap")
        do {
            _ = try CaptureReader(interface: "lo")
            Issue.record("without CAP_NET_RAW the capture must not open")
        } catch {
            #expect(error.kind == .permissionDenied)
            #expect(error.description.contains("interface lo: no permission to capture"))
            #expect(error.description.contains("run as root"))
            #expect(error.description.contains("setcap cap_net_raw,cap_net_admin=eip \(Namespaced.executablePath())"))
        }
    }

    @Test func interfacesAreThoseIpShows() throws {
        if try delegated() { return }
        let ip = try Tool.require("ip", group: "netns", install: "apt-get install iproute2")
        // A second interface in this namespace only: down, with an address (no traffic ever).
        try Tool.run(ip, ["link", "add", "wsl0", "type", "bridge"])
        try Tool.run(ip, ["addr", "add", "10.99.0.1/24", "dev", "wsl0"])
        let listed = try CaptureReader.interfaces()
        let json = try JSONSerialization.jsonObject(with: Data(try Tool.run(ip, ["-j", "addr", "show"]))) as? [[String: Any]] ?? []
        #expect(json.count == 2)
        for entry in json {
            let name = entry["ifname"] as? String ?? ""
            let flags = entry["flags"] as? [String] ?? []
            let addresses = (entry["addr_info"] as? [[String: Any]] ?? []).compactMap { $0["local"] as? String }
            let interface = try #require(listed.first { $0.name == name }, "\(name) is not listed")
            #expect(interface.isLoopback == flags.contains("LOOPBACK"), "\(name)")
            #expect(interface.isUp == flags.contains("UP"), "\(name)")
            #expect(Set(addresses).isSubset(of: Set(interface.addresses)), "\(name): \(addresses) vs \(interface.addresses)")
        }
        let loopback = try #require(listed.first { $0.name == "lo" })
        #expect(loopback.isLoopback && loopback.isUp && loopback.isRunning)
        #expect(loopback.addresses.contains("127.0.0.1") && loopback.addresses.contains("::1"))
        #expect(listed.first { $0.name == "wsl0" }?.isUp == false)
    }
}

/// When the test sent its signal or stop.
private final class SentAt: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double = 0
    func mark() { lock.lock(); value = Date().timeIntervalSince1970; lock.unlock() }
    var time: Double { lock.lock(); defer { lock.unlock() }; return value }
}
