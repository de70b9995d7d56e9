import Foundation
import PacketCapture

/// One capture a command analyses: a file (gzip'd or not), several files merged into one,
/// standard input, or a live interface.
struct CaptureSource: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case file(String)
        /// Read as one capture, merged by timestamp; `reason` says why when wslens decided it (a ring buffer).
        case merged([String], reason: String?)
        case standardInput
        case interface(String)
    }

    var kind: Kind

    /// What messages and headings call it: the path, "a.pcap + a.pcap1", "standard input", "interface lo".
    var name: String {
        switch kind {
        case .file(let path): path
        case .merged(let paths, _): paths.joined(separator: " + ")
        case .standardInput: "standard input"
        case .interface(let name): "interface \(name)"
        }
    }

    /// The JSON `file` of objects that belong to the capture as a whole (verdicts, summaries).
    var jsonName: String {
        switch kind {
        case .file(let path): path
        case .merged(let paths, _): paths.joined(separator: " + ")
        case .standardInput: "-"
        case .interface(let name): name
        }
    }

    /// Packets arrive while the analysis runs: output is written line by line, and Ctrl-C ends the
    /// capture (not wslens) so that what was seen is still reported.
    var isStreaming: Bool {
        switch kind {
        case .standardInput, .interface: true
        case .file, .merged: false
        }
    }

    var isLive: Bool { if case .interface = kind { true } else { false } }

    /// The files of a merged capture, in the order given (`file` in JSON rows indexes them).
    var files: [String] {
        switch kind {
        case .file(let path): [path]
        case .merged(let paths, _): paths
        case .standardInput: ["-"]
        case .interface(let name): [name]
        }
    }

    var isMerged: Bool { if case .merged = kind { true } else { false } }
}

/// Turns the command line's inputs into the captures to analyse: folders expanded (sorted, capture
/// files only), ring-buffer sets merged (said on stderr), everything merged with `--merge`.
enum CaptureInputs {
    struct Expanded: Sendable {
        var sources: [CaptureSource]
        /// Whether the input is a batch (several captures, or a folder): `check` ends with a table.
        var isBatch: Bool
        /// Notes for stderr (sets merged, files in folders that are not captures).
        var notes: [String]
    }

    static func expand(_ arguments: [String], merge: Bool) throws -> Expanded {
        var paths: [String] = []
        var notes: [String] = []
        var sawFolder = false
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if argument != "-", FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                sawFolder = true
                let listing = CaptureFolder.list(argument)
                if listing.captures.isEmpty {
                    notes.append("\(argument): no capture files in this folder" + CaptureFolder.skippedNote(listing.skipped))
                } else if !listing.skipped.isEmpty {
                    notes.append("\(argument): \(listing.captures.count) capture file\(listing.captures.count == 1 ? "" : "s")"
                                 + CaptureFolder.skippedNote(listing.skipped))
                }
                paths.append(contentsOf: listing.captures)
            } else {
                paths.append(argument)
            }
        }
        if paths.contains("-"), paths.count > 1 {
            throw CommandFailure(message: "standard input (-) is read on its own: it cannot be given with other files or merged with them.",
                                 status: ExitStatus.usage)
        }
        if paths == ["-"] { return Expanded(sources: [CaptureSource(kind: .standardInput)], isBatch: false, notes: notes) }
        if merge, paths.count > 1 {
            return Expanded(sources: [CaptureSource(kind: .merged(paths, reason: nil))], isBatch: false, notes: notes)
        }
        var sources: [CaptureSource] = []
        for set in CaptureFileSet.group(paths) {
            if set.paths.count > 1 {
                sources.append(CaptureSource(kind: .merged(set.paths, reason: set.reason)))
                if let reason = set.reason { notes.append(reason + " (--merge reads all files as one; name them one by one to read them apart)") }
            } else {
                sources.append(CaptureSource(kind: .file(set.paths[0])))
            }
        }
        return Expanded(sources: sources, isBatch: sources.count > 1 || sawFolder, notes: notes)
    }
}

/// The capture files in a folder and its subfolders, sorted by path; hidden files are left out,
/// and so are files that are not captures (recognised by their first bytes, not their names).
enum CaptureFolder {
    static func list(_ folder: String) -> (captures: [String], skipped: [String]) {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return ([], []) }
        var relative: [String] = []
        while let next = enumerator.nextObject() as? String {
            let name = (next as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            relative.append(next)
        }
        var captures: [String] = []
        var skipped: [String] = []
        // Byte order, so the order is the same on every machine and locale.
        for name in relative.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let path = base + "/" + name
            if isCapture(path) { captures.append(path) } else { skipped.append(name) }
        }
        return (captures, skipped)
    }

    /// pcap (either byte order, micro- or nanosecond), pcapng, or gzip'd data that inflate to one of those.
    static func isCapture(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }   // unreadable: let the analysis say why
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        if CaptureFileFormat(magic: head) != nil { return true }
        guard head.count >= 2, head[0] == 0x1f, head[1] == 0x8b else { return false }
        do {
            let reader = try CaptureReader(path: path)
            return reader.format != nil
        } catch {
            // A gzip'd capture that is cut off or corrupt is still a capture (reported as unreadable).
            return error.kind != .unreadable
        }
    }

    static func skippedNote(_ skipped: [String]) -> String {
        guard !skipped.isEmpty else { return "" }
        let shown = skipped.prefix(3).joined(separator: ", ") + (skipped.count > 3 ? ", …" : "")
        return "; left out \(skipped.count) file\(skipped.count == 1 ? "" : "s") that \(skipped.count == 1 ? "is" : "are") not a capture (\(shown))"
    }
}
