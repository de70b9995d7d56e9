/// Files that are pieces of one recording, recognised by their names: tcpdump's and dumpcap's ring
/// buffers and rotations. The CLI merges such a set into one capture without being asked, and says
/// so with `reason`.
///
/// The names, as tcpdump 4.99.3 and dumpcap 4.0.17 write them (checked by running them):
/// - `tcpdump -w NAME -C MB`: NAME, NAME1, NAME2, ... (the number appended to the whole name,
///   extension included: `c.pcap`, `c.pcap1`).
/// - `tcpdump -w NAME -C MB -W N`: NAME0, NAME1, ... zero-padded to the width of N
///   (`-W 12`: `c.pcap00` ... `c.pcap11`), reused in a ring.
/// - `tcpdump -w 'NAME-%Y%m%d-%H%M%S.pcap' -G SECONDS`: the strftime time in each name; with -C
///   as well, each time's file gets the -C numbers (`h-135645.pcap`, `h-135645.pcap1`). Only
///   names with a date (or `%s`) are recognised, see `timeSpan`.
/// - `dumpcap -b filesize:KB -w NAME.pcapng` (also Wireshark, tshark): `NAME_00001_20261203135702.pcapng`,
///   a 5-digit file number and the time.
///
/// A set needs two files or more that differ only in that number or time, in the same folder.
/// Names that merely contain a number (`group01.pcap`, `group02.pcap`, hand-ins) are not a set: a
/// number must end the name (tcpdump -C/-W) or be a date (tcpdump -G).
public struct CaptureFileSet: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A file on its own.
        case single
        /// `tcpdump -C`: NAME, NAME1, NAME2, ...
        case tcpdumpSplitBySize
        /// `tcpdump -C ... -W N`: NAME0, NAME1, ... zero-padded, a ring.
        case tcpdumpRing
        /// `tcpdump -G`: a time in each name (with or without -C numbers).
        case tcpdumpRotatedByTime
        /// `dumpcap -b` (Wireshark, tshark): NAME_NNNNN_YYYYMMDDhhmmss.EXT.
        case dumpcapRingBuffer
    }

    /// The files, in recording order as far as the names tell (for a ring that wrapped, the merge by
    /// timestamp puts the packets in order anyway).
    public var paths: [String]
    public var kind: Kind
    /// Why these files are read as one capture, for the user; nil for a single file.
    public var reason: String?

    public init(paths: [String], kind: Kind, reason: String?) {
        self.paths = paths
        self.kind = kind
        self.reason = reason
    }

    /// Groups paths into sets, in the order their first file was given; files that belong to no set
    /// come back alone (`.single`).
    public static func group(_ paths: [String]) -> [CaptureFileSet] {
        var keys: [String?] = []
        var named: [Key: [(path: String, order: [Int], counter: String?)]] = [:]
        for path in paths {
            let (folder, name) = split(path)
            guard let parsed = parse(name) else { keys.append(nil); continue }
            let key = Key(folder: folder, stem: parsed.stem, kind: parsed.kind)
            named[key, default: []].append((path, parsed.order, parsed.counter))
            keys.append(key.description)
        }
        var sets: [CaptureFileSet] = []
        var emitted: Set<String> = []
        for (index, path) in paths.enumerated() {
            guard let keyText = keys[index], let key = named.keys.first(where: { $0.description == keyText }),
                  let members = named[key], Set(members.map(\.path)).count >= 2 else {
                sets.append(CaptureFileSet(paths: [path], kind: .single, reason: nil))
                continue
            }
            guard emitted.insert(keyText).inserted else { continue }
            let ordered = members.sorted { $0.order.lexicographicallyPrecedes($1.order) }
            var seen: Set<String> = []
            let unique = ordered.map(\.path).filter { seen.insert($0).inserted }
            let kind = resolvedKind(key.kind, counters: ordered.map(\.counter))
            sets.append(CaptureFileSet(paths: unique, kind: kind, reason: reason(kind, unique)))
        }
        return sets
    }

    // MARK: Names

    private struct Key: Hashable, CustomStringConvertible {
        var folder: String
        var stem: String
        var kind: Kind
        var description: String { "\(kind)|\(folder)|\(stem)" }
    }

    private struct Parsed {
        var stem: String
        var kind: Kind
        /// Sort key: time digits, then file number.
        var order: [Int]
        var counter: String?
    }

    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    private static func parse(_ name: String) -> Parsed? {
        let characters = Array(name)
        let runs = digitRuns(characters)
        if let dumpcap = parseDumpcap(characters, runs) { return dumpcap }
        if let time = timeSpan(characters, runs) {
            // tcpdump -G: the time, then possibly a -C number at the very end.
            var stemCharacters = Array(characters[..<time.start]) + Array("<time>") + Array(characters[time.end...])
            var counter: String?
            if let last = runs.last, last.end == characters.count, last.start >= time.end {
                counter = String(characters[last.start..<last.end])
                stemCharacters = Array(characters[..<time.start]) + Array("<time>") + Array(characters[time.end..<last.start])
            }
            return Parsed(stem: String(stemCharacters), kind: .tcpdumpRotatedByTime,
                          order: time.value + [counter.flatMap { Int($0) } ?? 0], counter: counter)
        }
        // tcpdump -C / -W: a number at the end of the name (after any extension).
        if let last = runs.last, last.end == characters.count {
            guard last.start > 0, last.end - last.start <= 9 else { return nil }
            let digits = String(characters[last.start..<last.end])
            return Parsed(stem: String(characters[..<last.start]), kind: .tcpdumpSplitBySize, order: [Int(digits) ?? 0], counter: digits)
        }
        // The first file of `tcpdump -C` has no number.
        return Parsed(stem: name, kind: .tcpdumpSplitBySize, order: [0], counter: nil)
    }

    private struct Run { var start: Int; var end: Int }

    private static func digitRuns(_ characters: [Character]) -> [Run] {
        var runs: [Run] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else { index += 1; continue }
            let start = index
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            runs.append(Run(start: start, end: index))
        }
        return runs
    }

    /// PREFIX_NNNNN_YYYYMMDDhhmmss[.EXT]
    private static func parseDumpcap(_ characters: [Character], _ runs: [Run]) -> Parsed? {
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard run.end - run.start >= 5, next.end - next.start == 14, next.start == run.end + 1,
                  run.start > 0, characters[run.start - 1] == "_", characters[run.end] == "_",
                  next.end == characters.count || characters[next.end] == ".",
                  let time = dateTime(String(characters[next.start..<next.end]), pattern: [4, 2, 2, 2, 2, 2]) else { continue }
            let stem = String(characters[..<run.start]) + "<n>_<time>" + String(characters[next.end...])
            let number = Int(String(characters[run.start..<run.end])) ?? 0
            return Parsed(stem: stem, kind: .dumpcapRingBuffer, order: [number] + time, counter: nil)
        }
        return nil
    }

    /// The longest date/time in the name: digit runs that read as a date (`%Y%m%d`, `%Y-%m-%d`),
    /// with or without a time of day after it, or seconds since 1970 (`%s`). A time of day alone
    /// (`%H%M%S`) is not taken: six digits are as likely a student number, and merging hand-ins
    /// by mistake is worse than leaving a rotation unmerged (`--merge` merges it).
    private static func timeSpan(_ characters: [Character], _ runs: [Run]) -> (start: Int, end: Int, value: [Int])? {
        // Run widths that make a time, as one run or as runs joined by one separator each.
        let shapes: [[Int]: [Int]] = [
            [14]: [4, 2, 2, 2, 2, 2], [12]: [4, 2, 2, 2, 2], [8, 6]: [4, 2, 2, 2, 2, 2], [8, 4]: [4, 2, 2, 2, 2],
            [8]: [4, 2, 2],
            [4, 2, 2, 2, 2, 2]: [4, 2, 2, 2, 2, 2], [4, 2, 2, 2, 2]: [4, 2, 2, 2, 2], [4, 2, 2]: [4, 2, 2],
            [4, 2, 2, 6]: [4, 2, 2, 2, 2, 2], [8, 2, 2, 2]: [4, 2, 2, 2, 2, 2],
        ]
        var best: (start: Int, end: Int, value: [Int])?
        for first in runs.indices {
            var widths: [Int] = []
            var digits = ""
            for last in first..<runs.count {
                let run = runs[last]
                if last > first {
                    // Joined by exactly one separator character.
                    guard run.start == runs[last - 1].end + 1, "-_:.T ".contains(characters[run.start - 1]) else { break }
                }
                widths.append(run.end - run.start)
                digits += String(characters[run.start..<run.end])
                let span = (start: runs[first].start, end: run.end)
                var value: [Int]?
                if let pattern = shapes[widths] {
                    value = dateTime(digits, pattern: pattern)
                } else if widths == [10], let seconds = Int(digits), (1_000_000_000..<4_000_000_000).contains(seconds) {
                    value = [seconds]
                }
                if let value, span.end - span.start > (best.map { $0.end - $0.start } ?? 0) {
                    best = (span.start, span.end, value)
                }
            }
        }
        return best
    }

    /// Splits digits by field widths and checks each field's range; the fields, or nil.
    private static func dateTime(_ digits: String, pattern: [Int]) -> [Int]? {
        let characters = Array(digits)
        guard characters.count == pattern.reduce(0, +) else { return nil }
        var fields: [Int] = []
        var index = 0
        for width in pattern {
            guard let field = Int(String(characters[index..<(index + width)])) else { return nil }
            fields.append(field)
            index += width
        }
        let ranges: [ClosedRange<Int>] = [1970...2099, 1...12, 1...31, 0...23, 0...59, 0...60]
        for (field, range) in zip(fields, ranges) where !range.contains(field) { return nil }
        return fields
    }

    private static func resolvedKind(_ kind: Kind, counters: [String?]) -> Kind {
        guard kind == .tcpdumpSplitBySize else { return kind }
        // -W pads every number to one width and starts at 0; -C alone starts with the bare name.
        let numbers = counters.compactMap { $0 }
        let padded = numbers.contains { $0.count > 1 && $0.hasPrefix("0") } || numbers.contains("0")
        return padded && !counters.contains(where: { $0 == nil }) ? .tcpdumpRing : .tcpdumpSplitBySize
    }

    private static func reason(_ kind: Kind, _ paths: [String]) -> String {
        let names = paths.map { split($0).name }
        let listed = names.count <= 4
            ? names.dropLast().joined(separator: ", ") + " and " + names.last!
            : "\(names[0]), \(names[1]) ... \(names[names.count - 1]) (\(names.count) files)"
        let what = switch kind {
        case .single: "one capture"
        case .tcpdumpSplitBySize: "one tcpdump recording split by size (-C: NAME, NAME1, NAME2, ...)"
        case .tcpdumpRing: "one tcpdump ring buffer (-C with -W: NAME0, NAME1, ... zero-padded)"
        case .tcpdumpRotatedByTime: "one tcpdump recording rotated by time (-G: the time in each name)"
        case .dumpcapRingBuffer: "one dumpcap/Wireshark ring buffer (-b: NAME_NNNNN_TIME)"
        }
        return "\(listed) are \(what): read as one capture, merged by timestamp"
    }
}
