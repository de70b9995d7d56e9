import PacketDecoding
@testable import TCPReassembly
import Testing

/// The hash table behind the reassembler's connection lookup: every packet goes through it, and a
/// capture can hold hundreds of thousands of connections.
@Suite struct ConnectionIndexTests {
    /// Distinct keys: `count` clients (IPv4, or IPv6 when `ipv6`) talking to one server.
    static func keys(_ count: Int, ipv6: Bool = false) -> [ConnectionKey] {
        (0..<count).map { index in
            let client = ipv6
                ? SocketAddress(address: .v6(high: 0x2001_0db8_0000_0000, low: UInt64(index / 50_000)), port: UInt16(10_000 + index % 50_000))
                : SocketAddress(address: .v4(0x0A00_0000 | UInt32(index / 50_000)), port: UInt16(10_000 + index % 50_000))
            let server = ipv6 ? SocketAddress(address: .v6(high: 0x2001_0db8_0000_0001, low: 1), port: 443)
                              : SocketAddress(address: .v4(0xC0A8_0001), port: 443)
            return ConnectionKey(client, server)
        }
    }

    @Test func twoHundredThousandKeysAreAllFoundAfterTheTableGrew() {
        let keys = Self.keys(200_000) + Self.keys(1_000, ipv6: true)
        var index = ConnectionIndex()
        for (position, key) in keys.enumerated() { index.assign(position, to: key) { keys[$0] } }
        #expect(index.count == keys.count)
        for (position, key) in keys.enumerated() where index.find(key, keyAt: { keys[$0] }) != position {
            Issue.record("key \(position) (\(key)) not found at its index")
            break
        }
        let stranger = ConnectionKey(SocketAddress(address: .v4(0x0B00_0001), port: 1), SocketAddress(address: .v4(0x0B00_0002), port: 2))
        #expect(index.find(stranger) { keys[$0] } == nil)
    }

    @Test func eitherDirectionFindsTheSameKey() {
        let client = SocketAddress(address: .v6(high: 0, low: 1), port: 40_000)   // ::1, whose upper half is 0
        let server = SocketAddress(address: .v6(high: 0, low: 1), port: 8080)
        let keys = [ConnectionKey(client, server)]
        var index = ConnectionIndex()
        index.assign(0, to: keys[0]) { keys[$0] }
        #expect(index.find(ConnectionKey(server, client)) { keys[$0] } == 0)
        // Same addresses, other ports: another key.
        #expect(index.find(ConnectionKey(client, SocketAddress(address: .v6(high: 0, low: 1), port: 8081))) { keys[$0] } == nil)
    }

    /// Keys whose hashes share the upper 32 bits (what a slot stores) are told apart by the key.
    @Test func keysWithTheSameStoredHashBitsStayApart() throws {
        let hashing = ConnectionKeyHash(seeds: (0x1234_5678_9ABC_DEF0, 0x0FED_CBA9_8765_4321, 0x5555_AAAA_3333_CCCC))
        let candidates = Self.keys(150_000)
        var seen: [UInt64: Int] = [:]
        var pair: (Int, Int)?
        for (position, key) in candidates.enumerated() {
            if let earlier = seen.updateValue(position, forKey: hashing.hash(key) >> 32) {
                pair = (earlier, position)
                break
            }
        }
        let (first, second) = try #require(pair, "no two of 150,000 keys share 32 hash bits (birthday odds say they should)")
        let keys = [candidates[first], candidates[second]]
        var index = ConnectionIndex(hashing: hashing)
        index.assign(0, to: keys[0]) { keys[$0] }
        #expect(index.find(keys[1]) { keys[$0] } == nil)
        index.assign(1, to: keys[1]) { keys[$0] }
        #expect(index.find(keys[0]) { keys[$0] } == 0)
        #expect(index.find(keys[1]) { keys[$0] } == 1)
        #expect(index.count == 2)
    }

    /// Many keys in a small table share slots: linear probing must find each one past the others.
    @Test func keysSharingSlotsAreFoundByProbing() {
        let keys = Self.keys(7)   // a 16-slot table stays at most half full: 7 keys, many sharing slots
        var index = ConnectionIndex(hashing: ConnectionKeyHash(seeds: (1, 2, 3)))
        for (position, key) in keys.enumerated() { index.assign(position, to: key) { keys[$0] } }
        for (position, key) in keys.enumerated() { #expect(index.find(key) { keys[$0] } == position) }
    }

    @Test func reassigningAKeyPointsItAtTheNewerIndexWithoutANewEntry() {
        var keys = Self.keys(100)
        var index = ConnectionIndex()
        for (position, key) in keys.enumerated() { index.assign(position, to: key) { keys[$0] } }
        // Port reuse: a newer connection (index 100) takes over the key of connection 42.
        keys.append(keys[42])
        index.assign(100, to: keys[42]) { keys[$0] }
        #expect(index.count == 100)
        #expect(index.find(keys[42]) { keys[$0] } == 100)
        #expect(index.find(keys[41]) { keys[$0] } == 41)
    }

    @Test func theTableRemembersTheLastLookupAndForgetsItWhenAKeyIsReopened() {
        let keys = Self.keys(3)
        var table = ConnectionTable()
        for key in keys { _ = table.open(key, firstPacket: 1) }
        #expect(table.lookUp(keys[1]) == 1)
        #expect(table.lookUp(keys[1]) == 1)   // answered from the remembered key
        #expect(table.lookUp(keys[0]) == 0)
        let reopened = table.open(keys[1], firstPacket: 9)
        #expect(reopened == 3)
        #expect(table.lookUp(keys[1]) == 3)
        #expect(table.index(for: keys[1]) == 3)
        #expect(table.connections.count == 4)
        let stranger = ConnectionKey(SocketAddress(address: .v4(9), port: 9), SocketAddress(address: .v4(8), port: 8))
        #expect(table.lookUp(stranger) == nil)
        #expect(table.lookUp(keys[2]) == 2)
    }
}
