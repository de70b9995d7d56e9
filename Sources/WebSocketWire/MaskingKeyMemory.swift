/// The masking keys of a client's last frames, to find a key used again (RFC 6455 §5.3 wants
/// every key fresh and unpredictable).
///
/// A window rather than every key ever seen, for two reasons. Honest clients draw keys at random
/// from 2^32 values, so over a long connection some key repeats by chance (the birthday bound:
/// about even odds after 77,000 frames); within 64 frames that chance is one in 67 million per
/// frame. And the faults this rule is for (a constant key, a key per message instead of per frame,
/// a short counter) repeat within a few frames. Asked once per client frame, the check must be
/// cheap: a large set cost a cache miss per frame.
struct MaskingKeyMemory: Sendable {
    /// The number of keys remembered (the size of `recent`).
    static let window = 64
    /// How many of `recent` fall in each of 64 buckets, 4 bits each (a counting filter): a key
    /// whose bucket is empty is new without looking at `recent`, which is what almost every frame
    /// asks. Kept in one cache line, since a capture interleaving many connections finds each
    /// connection's state out of cache. A counter that reaches 15 stays there (it may then answer
    /// "maybe" for nothing, never "no" for a key that is there).
    private var bucketCounts: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var next = 0
    /// The last keys, oldest overwritten first; 0 marks an unused place (key 0 is never
    /// remembered: it is reported as "no masking" instead). Held inline: no allocation, and no
    /// copy-on-write check per change.
    private var recent = InlineArray<64, UInt32>(repeating: 0)

    /// Remembers `key`; returns false when it is one of the last `window` keys.
    mutating func insert(_ key: UInt32) -> Bool {
        guard key != 0 else { return true }
        let bucket = Self.bucket(of: key)
        if count(in: bucket) > 0, recent.indices.contains(where: { recent[$0] == key }) { return false }
        let evicted = recent[next]
        if evicted != 0 { adjust(Self.bucket(of: evicted), by: -1) }
        recent[next] = key
        adjust(bucket, by: 1)
        next = (next + 1) % Self.window
        return true
    }

    private func count(in bucket: Int) -> UInt64 {
        (word(bucket >> 4) >> UInt64((bucket & 15) * 4)) & 0xf
    }

    private mutating func adjust(_ bucket: Int, by change: Int) {
        let shift = UInt64((bucket & 15) * 4)
        let current = (word(bucket >> 4) >> shift) & 0xf
        guard current != 0xf else { return }   // saturated: stays
        let updated = change > 0 ? current + 1 : current - 1
        setWord(bucket >> 4, word(bucket >> 4) & ~(0xf << shift) | updated << shift)
    }

    private func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: bucketCounts.0
        case 1: bucketCounts.1
        case 2: bucketCounts.2
        default: bucketCounts.3
        }
    }

    private mutating func setWord(_ index: Int, _ value: UInt64) {
        switch index {
        case 0: bucketCounts.0 = value
        case 1: bucketCounts.1 = value
        case 2: bucketCounts.2 = value
        default: bucketCounts.3 = value
        }
    }

    /// The top 6 bits of a multiplicative hash: keys a capture chose to share a bucket only cost
    /// the look at `recent` the filter saves otherwise.
    private static func bucket(of key: UInt32) -> Int {
        Int((key &* 0x9e37_79b1) >> 26)
    }
}
