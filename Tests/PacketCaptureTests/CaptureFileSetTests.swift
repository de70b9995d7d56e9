import Foundation
import PacketCapture
import Testing

/// Ring-buffer and rotation names, as tcpdump 4.99.3 and dumpcap / editcap 4.0.17 wrote them on
/// this machine (recorded in a private network namespace, see the comments at each test).
@Suite struct CaptureFileSetTests {
    private func kinds(_ sets: [CaptureFileSet]) -> [CaptureFileSet.Kind] { sets.map(\.kind) }

    @Test func tcpdumpSplitBySize() {
        // tcpdump -w d.pcap -C 1
        let names = ["d.pcap", "d.pcap1", "d.pcap2", "d.pcap3", "d.pcap4", "d.pcap5"]
        let sets = CaptureFileSet.group(names.reversed())
        #expect(sets.count == 1)
        #expect(sets[0].kind == .tcpdumpSplitBySize)
        #expect(sets[0].paths == names)
        let reason = sets[0].reason ?? ""
        #expect(reason.contains("d.pcap, d.pcap1 ... d.pcap5 (6 files)"))
        #expect(reason.contains("-C"))
        #expect(reason.contains("merged by timestamp"))
    }

    @Test func tcpdumpRingZeroPadded() {
        // tcpdump -w c.pcap -C 1 -W 12, -W 120 and -W 2
        for names in [["c.pcap00", "c.pcap01", "c.pcap02", "c.pcap03"], ["c.pcap000", "c.pcap001", "c.pcap002"], ["c.pcap0", "c.pcap1"]] {
            let sets = CaptureFileSet.group(["/caps/" + names[1], "/caps/" + names[0]] + names.dropFirst(2).map { "/caps/" + $0 })
            #expect(sets.count == 1)
            #expect(sets[0].kind == .tcpdumpRing)
            #expect(sets[0].paths == names.map { "/caps/" + $0 })
            #expect(sets[0].reason?.contains("-W") == true)
        }
    }

    @Test func tcpdumpRotatedByTime() {
        // tcpdump -w 'g-%Y%m%d-%H%M%S.pcap' -G 1
        let names = ["g-20261203-135639.pcap", "g-20261203-135641.pcap", "g-20261203-135642.pcap", "g-20261203-135643.pcap"]
        let sets = CaptureFileSet.group([names[2], names[0], names[3], names[1]])
        #expect(sets.count == 1)
        #expect(sets[0].kind == .tcpdumpRotatedByTime)
        #expect(sets[0].paths == names)
        #expect(sets[0].reason?.contains("-G") == true)
        // strftime with separators, and with -C numbers after the time.
        let dashed = ["t_2026-12-03_13:56:45.pcap", "t_2026-12-03_13:56:45.pcap1", "t_2026-12-03_13:57:45.pcap"]
        let dashedSets = CaptureFileSet.group(dashed.reversed())
        #expect(dashedSets.count == 1)
        #expect(dashedSets[0].kind == .tcpdumpRotatedByTime)
        #expect(dashedSets[0].paths == dashed)
        // %s: seconds since 1970.
        let epoch = CaptureFileSet.group(["e-1764770199.pcap", "e-1764770139.pcap"])
        #expect(epoch.map(\.paths) == [["e-1764770139.pcap", "e-1764770199.pcap"]])
    }

    @Test func dumpcapAndEditcapRingBuffers() {
        // dumpcap -b filesize:1000 -w dc.pcapng, and editcap -c 40 chat-three-clients.pcap split.pcap
        let dumpcap = ["dc_00001_20261203135702.pcapng", "dc_00002_20261203135704.pcapng", "dc_00003_20261203135704.pcapng"]
        let editcap = ["split_00000_20261121052903.pcap", "split_00001_20261121052904.pcap", "split_00002_20261121052905.pcap"]
        let sets = CaptureFileSet.group([dumpcap[1], editcap[2], dumpcap[0], editcap[0], dumpcap[2], editcap[1]])
        #expect(sets.map(\.paths) == [dumpcap, editcap])
        #expect(kinds(sets) == [.dumpcapRingBuffer, .dumpcapRingBuffer])
        #expect(sets[0].reason?.contains("dumpcap") == true)
    }

    @Test func handInsAreNotMerged() {
        // A class's captures: names with numbers that are neither a trailing file number nor a date.
        let names = ["alice.pcap", "bob.pcap", "group01.pcap", "group02.pcap", "lab2-student07.pcap", "lab2-student08.pcap",
                     "s123456.pcap", "s234512.pcap", "lab1-20240501.pcap", "lab2-20240501.pcap", "capture.pcap.gz",
                     "2024-05-01_alice.pcap", "2024-05-01_bob.pcap", "trace-135639.pcap", "trace-135702.pcap"]
        let sets = CaptureFileSet.group(names)
        #expect(sets.map(\.paths) == names.map { [$0] })
        #expect(kinds(sets) == Array(repeating: .single, count: names.count))
        #expect(sets.allSatisfy { $0.reason == nil })
    }

    @Test func setsNeedTheSameFolderAndKeepTheArgumentOrder() {
        let sets = CaptureFileSet.group(["a/x.pcap1", "solo.pcap", "b/x.pcap", "a/x.pcap", "b/x.pcap1", "a/x.pcap1"])
        #expect(sets.map(\.paths) == [["a/x.pcap", "a/x.pcap1"], ["solo.pcap"], ["b/x.pcap", "b/x.pcap1"]])
        // One file alone is no set, even when its name looks like one.
        #expect(CaptureFileSet.group(["d.pcap3"]).map(\.kind) == [.single])
        #expect(CaptureFileSet.group([]).isEmpty)
    }
}
