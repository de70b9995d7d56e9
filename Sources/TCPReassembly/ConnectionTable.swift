import PacketDecoding

/// Every connection seen so far, numbered 1, 2, 3... in order of its first packet.
///
/// The key maps to the newest connection between two endpoints; when a new SYN reuses the ports
/// of a finished connection, the old one keeps its number and statistics and a new one begins.
///
/// Every packet looks its key up, so the index is a hash table of its own rather than a
/// `Dictionary` (SipHash costs more than the rest of a packet's bookkeeping), and the last key
/// looked up is remembered: consecutive packets often belong to one connection (a burst, a
/// segment and its ACK), and comparing one key is cheaper still than hashing it.
struct ConnectionTable {
    /// Index = number - 1.
    var connections: [Connection] = []
    private var indexByKey = ConnectionIndex()
    private var recent: (key: ConnectionKey, index: Int)?

    /// The index of the newest connection for `key`.
    func index(for key: ConnectionKey) -> Int? {
        if let recent, recent.key == key { return recent.index }
        return indexByKey.find(key) { connections[$0].key }
    }

    /// `index(for:)`, remembering the answer for the next packet.
    @inline(__always)
    mutating func lookUp(_ key: ConnectionKey) -> Int? {
        if let recent, recent.key == key { return recent.index }
        guard let found = indexByKey.find(key, keyAt: { connections[$0].key }) else { return nil }
        recent = (key, found)
        return found
    }

    /// Starts a new connection for `key` (the newest one for it from now on) and returns its index.
    mutating func open(_ key: ConnectionKey, firstPacket: UInt64) -> Int {
        let index = connections.count
        connections.append(Connection(number: index + 1, key: key, firstPacket: firstPacket))
        let connections = connections   // read by the index while it is being changed
        indexByKey.assign(index, to: key) { connections[$0].key }
        recent = (key, index)
        return index
    }
}

/// An open-addressing hash table from connection keys to indices of an array kept by its owner
/// (linear probing, at most half full, no removal: a key is only ever pointed at a newer index).
///
/// The hash is seeded at random per table, so a capture crafted to make keys collide cannot do it
/// for a seed it does not know; a probe compares the stored part of the hash before the key.
struct ConnectionIndex {
    /// Per slot: the hash's upper 32 bits, then the array index + 1 (0 = empty).
    private var slots: [UInt64] = Array(repeating: 0, count: 16)
    private(set) var count = 0
    private let hashing: ConnectionKeyHash

    init(hashing: ConnectionKeyHash = ConnectionKeyHash()) { self.hashing = hashing }

    /// The index stored for `key`; `keyAt` gives the key of a stored index, to tell collisions apart.
    @inline(__always)
    func find(_ key: ConnectionKey, keyAt: (Int) -> ConnectionKey) -> Int? {
        let hash = hashing.hash(key)
        let mask = slots.count - 1
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let stored = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if keyAt(stored) == key { return stored }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Points `key` at `index`, replacing what it pointed at before.
    mutating func assign(_ index: Int, to key: ConnectionKey, keyAt: (Int) -> ConnectionKey) {
        precondition(index < Int(UInt32.max), "more connections than a table slot can number")
        if (count + 1) * 2 > slots.count { grow(keyAt: keyAt) }
        let hash = hashing.hash(key)
        let entry = (hash >> 32) << 32 | UInt64(index + 1)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let stored = Int(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) - 1
            if slots[slot] >> 32 == hash >> 32, keyAt(stored) == key {
                slots[slot] = entry
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = entry
        count += 1
    }

    /// Doubles the slots and places every entry again (the lower hash bits pick the slot, so they
    /// are recomputed from the keys).
    private mutating func grow(keyAt: (Int) -> ConnectionKey) {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            let hash = hashing.hash(keyAt(Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}

/// A fast seeded hash of a connection key: both endpoints folded into 64-bit words, each pair
/// mixed by a full-width multiplication (as wyhash does). Not a cryptographic hash, but without
/// the seed the collisions it has cannot be aimed at.
struct ConnectionKeyHash {
    private let seeds: (UInt64, UInt64, UInt64)

    init() {
        var generator = SystemRandomNumberGenerator()
        seeds = (generator.next(), generator.next(), generator.next())
    }

    /// A fixed seed, for tests that need the same hashes every run.
    init(seeds: (UInt64, UInt64, UInt64)) { self.seeds = seeds }

    @inline(__always) func hash(_ key: ConnectionKey) -> UInt64 {
        let lower = Self.words(key.lower), higher = Self.words(key.higher)
        var state = Self.mix(lower.low ^ seeds.0, higher.low ^ seeds.1)
        if lower.extra | higher.extra != 0 {   // IPv6: the rest of the addresses, and the ports
            state = Self.mix(state ^ lower.high ^ seeds.2, higher.high ^ seeds.1)
            state = Self.mix(state ^ lower.extra ^ seeds.0, higher.extra ^ seeds.2)
        }
        return Self.mix(state ^ seeds.2, seeds.0 ^ 0xA076_1D64_78BD_642F)
    }

    /// One endpoint as words: IPv4 fits in `low` (address and port); IPv6 uses all three, `extra`
    /// holding the port and a bit that IPv4 never sets.
    @inline(__always) private static func words(_ address: SocketAddress) -> (low: UInt64, high: UInt64, extra: UInt64) {
        switch address.address {
        case .v4(let value):
            return (UInt64(value) << 16 | UInt64(address.port), 0, 0)
        case .v6(let high, let low):
            return (low, high, UInt64(address.port) | 1 << 16)
        }
    }

    @inline(__always) private static func mix(_ first: UInt64, _ second: UInt64) -> UInt64 {
        let product = first.multipliedFullWidth(by: second)
        return product.high ^ product.low
    }
}
