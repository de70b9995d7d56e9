/// The masking keys of a client's last frames, to find a key used again (RFC 6455 §5.3 wants
/// every key fresh and unpredictable).
///
/// A window rather than every key ever seen, for two reasons. Honest clients draw keys at random
/// from 2^32 values, so over a long connection some key repeats by chance (the birthday bound:
/// about even odds after 77,000 frames); within 64 frames that chance is one in 67 million per
/// frame. And the faults this rule is for (a constant key, a key per message instead of per frame,
/// a short counter) repeat within a few frames. Asked once per client frame, the check must be
/// cheap: 256 bytes compared whole, where a large set cost a cache miss per frame.
struct MaskingKeyMemory: Sendable, Hashable {
    static let window = 64
    /// The last keys, oldest overwritten first; 0 marks an unused place (key 0 is never
    /// remembered: it is reported as "no masking" instead). Allocated at the first key.
    private var recent: [UInt32] = []
    private var next = 0

    /// Remembers `key`; returns false when it is one of the last `window` keys.
    mutating func insert(_ key: UInt32) -> Bool {
        guard key != 0 else { return true }
        if recent.isEmpty { recent = Array(repeating: 0, count: Self.window) }
        let seen = recent.withUnsafeBytes { keys in
            // Eight keys per comparison, no early exit: a handful of vector instructions in all.
            let wanted = SIMD8<UInt32>(repeating: key)
            var matches = SIMDMask<SIMD8<Int32>>(repeating: false)
            for offset in stride(from: 0, to: keys.count, by: MemoryLayout<SIMD8<UInt32>>.size) {
                matches .|= keys.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt32>.self) .== wanted
            }
            return any(matches)
        }
        if seen { return false }
        recent[next] = key
        next = (next + 1) % Self.window
        return true
    }
}
