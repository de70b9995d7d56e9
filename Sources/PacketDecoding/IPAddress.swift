/// An IPv4 or IPv6 address, stored as integers so connection keys hash fast.
public enum IPAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    case v4(UInt32)
    case v6(high: UInt64, low: UInt64)

    public var isIPv6: Bool { if case .v6 = self { true } else { false } }

    // Written out and inlinable (the synthesized ones are calls into this module): connection
    // keys compare addresses on every packet. The order is the synthesized one: IPv4 first.
    @inlinable public static func == (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let left), .v4(let right)): left == right
        case (.v6(let leftHigh, let leftLow), .v6(let rightHigh, let rightLow)): leftHigh == rightHigh && leftLow == rightLow
        default: false
        }
    }

    @inlinable public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let left), .v4(let right)): left < right
        case (.v6(let leftHigh, let leftLow), .v6(let rightHigh, let rightLow)): (leftHigh, leftLow) < (rightHigh, rightLow)
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }

    /// Dotted quad for IPv4; RFC 5952 text (lowercase, longest zero run compressed) for IPv6.
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
        case .v6(let high, let low):
            var groups: [UInt16] = []
            for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift))) }
            for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift))) }
            // Longest run of two or more zero groups, first one on ties.
            var bestStart = -1, bestLength = 0, runStart = -1
            for index in 0...groups.count {
                if index < groups.count, groups[index] == 0 {
                    if runStart < 0 { runStart = index }
                } else if runStart >= 0 {
                    let length = index - runStart
                    if length > bestLength, length >= 2 { bestStart = runStart; bestLength = length }
                    runStart = -1
                }
            }
            func text(_ range: Range<Int>) -> String {
                groups[range].map { String($0, radix: 16) }.joined(separator: ":")
            }
            if bestStart < 0 { return text(0..<8) }
            return text(0..<bestStart) + "::" + text((bestStart + bestLength)..<8)
        }
    }
}

/// An IP address and a TCP port. Printed "ip:port", IPv6 as "[addr]:port" (the JSON contract).
public struct SocketAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    @inlinable public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    @inlinable public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        lhs.port == rhs.port && lhs.address == rhs.address
    }

    public var description: String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    @inlinable public static func < (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        lhs.address == rhs.address ? lhs.port < rhs.port : lhs.address < rhs.address
    }
}
