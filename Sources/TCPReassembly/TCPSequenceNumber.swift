/// A 32-bit TCP sequence number with wrap-safe arithmetic (RFC 793 §3.3, "modulo 2^32").
///
/// Sequence numbers are not totally ordered: after 2^32 bytes they wrap around, so `a < b` only
/// makes sense for numbers less than 2^31 apart. Like gopacket's `Sequence.Difference`, the
/// comparison here takes the shorter way around the circle.
public struct TCPSequenceNumber: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// The signed distance from `self` to `other`, taking the shorter way around (-2^31 ..< 2^31).
    public func distance(to other: TCPSequenceNumber) -> Int64 {
        Int64(Int32(bitPattern: other.rawValue &- rawValue))
    }

    /// `self` moved forward (or backward, for negative `count`) by `count`, wrapping modulo 2^32.
    public func advanced(by count: Int64) -> TCPSequenceNumber {
        TCPSequenceNumber(rawValue &+ UInt32(truncatingIfNeeded: count))
    }

    /// Whether `self` comes before `other` on the shorter way around the circle.
    public func isBefore(_ other: TCPSequenceNumber) -> Bool { distance(to: other) > 0 }

    public var description: String { String(rawValue) }
}

/// One direction's 64-bit relative sequence space, as Zeek's `ToRelativeSeqSpace`: offset 0 is the
/// first payload byte after the SYN (or the first byte seen, when the SYN is not in the capture),
/// and offsets keep growing past 2^32 where the 32-bit numbers wrap.
///
/// A raw number is placed relative to a reference offset the caller knows to be current (the next
/// byte to deliver). The window is lopsided on purpose: up to 3·2^30 bytes ahead of the reference
/// counts as ahead, so a jump of 2^31 bytes (a huge loss) still moves forward, while anything up to
/// 2^30 behind counts as behind: the largest TCP window (RFC 7323 §2.3), so older bytes cannot be
/// legitimately in flight.
public struct RelativeSequenceSpace: Sendable, Hashable {
    /// The sequence number of offset 0.
    public let base: TCPSequenceNumber

    /// Largest distance ahead of the reference that is still read as ahead.
    public static let forwardReach: Int64 = 3 << 30

    public init(base: TCPSequenceNumber) { self.base = base }

    /// The relative offset of `number`, chosen nearest to `reference` in the lopsided window.
    /// May be negative: bytes before the start of the captured stream.
    public func offset(of number: TCPSequenceNumber, near reference: Int64) -> Int64 {
        let referenceNumber = base.advanced(by: reference)
        let ahead = Int64(number.rawValue &- referenceNumber.rawValue)
        return ahead < Self.forwardReach ? reference + ahead : reference + ahead - (1 << 32)
    }

    /// The 32-bit sequence number at a relative offset.
    public func sequenceNumber(at offset: Int64) -> TCPSequenceNumber { base.advanced(by: offset) }
}
