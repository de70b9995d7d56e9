/// Up to 16 bytes kept inline, without an allocation: a record's authentication tag or explicit
/// nonce, shown by the teaching views beside the record they end or begin.
public struct TLSInlineBytes: Sendable, Hashable {
    private var high: UInt64 = 0
    private var low: UInt64 = 0
    public private(set) var count = 0

    public static let capacity = 16

    public init() {}

    /// The first `capacity` bytes of `bytes`.
    public init(_ bytes: some Collection<UInt8>) {
        for byte in bytes.prefix(Self.capacity) {
            let shifted = UInt64(byte) << UInt64(56 - 8 * (count % 8))
            if count < 8 { high |= shifted } else { low |= shifted }
            count += 1
        }
    }

    public var isEmpty: Bool { count == 0 }

    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let word = index < 8 ? high : low
            let shift = UInt64(56 - 8 * (index % 8))
            result.append(UInt8(truncatingIfNeeded: word >> shift))
        }
        return result
    }
}
