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
    private var next = 0
    /// The last keys, oldest overwritten first; 0 marks an unused place (key 0 is never
    /// remembered: it is reported as "no masking" instead). Held inline: no allocation, and no
    /// copy-on-write check per change.
    private var recent = InlineArray<64, UInt32>(repeating: 0)

    /// Remembers `key`; returns false when it is one of the last `window` keys.
    mutating func insert(_ key: UInt32) -> Bool {
        guard key != 0 else { return true }
        if recent.indices.contains(where: { recent[$0] == key }) { return false }
        recent[next] = key
        next = (next + 1) % Self.window
        return true
    }
}
