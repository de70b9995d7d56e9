/// Bytes for the pcapng block walker, read front to back: a file, gzip'd data, or memory.
///
/// The walker reads block headers and secrets and skips everything else, so a file source can seek
/// over packet blocks without reading them.
public protocol PcapngByteSource {
    /// The next `count` bytes; fewer only at the end of the data or on a read error.
    mutating func read(_ count: Int) -> [UInt8]
    /// Skips `count` bytes; returns how many were skipped (fewer only at the end or on an error).
    mutating func skip(_ count: Int) -> Int
    /// A read error's description, once one happened.
    var failure: String? { get }
}

/// Bytes held in memory (tests, fuzzing).
public struct PcapngArraySource: PcapngByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(_ count: Int) -> [UInt8] {
        let end = offset + min(max(count, 0), bytes.count - offset)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    public mutating func skip(_ count: Int) -> Int {
        let skipped = min(max(count, 0), bytes.count - offset)
        offset += skipped
        return skipped
    }

    public var failure: String? { nil }
}
