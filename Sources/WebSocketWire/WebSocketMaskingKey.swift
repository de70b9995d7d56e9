import WireBytes

/// The 4-byte key a client XORs over every payload byte (RFC 6455 §5.3).
///
/// Masking and unmasking are the same operation: byte i is XORed with key[(i + phase) % 4].
/// The phase lets a payload split over several chunks be unmasked piece by piece.
public struct WebSocketMaskingKey: Sendable, Hashable, CustomStringConvertible {
    /// The key bytes in wire order.
    public let bytes: (UInt8, UInt8, UInt8, UInt8)

    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        bytes = (b0, b1, b2, b3)
    }

    /// A key from exactly four bytes; nil otherwise.
    public init?(_ array: some Collection<UInt8>) {
        guard array.count == 4 else { return nil }
        let values = Array(array)
        self.init(values[0], values[1], values[2], values[3])
    }

    /// The key as one big-endian number (wire order), handy as a Set element.
    public var networkValue: UInt32 {
        UInt32(bytes.0) << 24 | UInt32(bytes.1) << 16 | UInt32(bytes.2) << 8 | UInt32(bytes.3)
    }

    public init(networkValue: UInt32) {
        self.init(UInt8(networkValue >> 24), UInt8(truncatingIfNeeded: networkValue >> 16),
                  UInt8(truncatingIfNeeded: networkValue >> 8), UInt8(truncatingIfNeeded: networkValue))
    }

    /// Key byte `index % 4`.
    public subscript(index: Int) -> UInt8 {
        switch index & 3 {
        case 0: return bytes.0
        case 1: return bytes.1
        case 2: return bytes.2
        default: return bytes.3
        }
    }

    /// 8 lowercase hex digits, e.g. "3c2e3f4a".
    public var description: String {
        [bytes.0, bytes.1, bytes.2, bytes.3].hexString
    }

    public static func == (lhs: WebSocketMaskingKey, rhs: WebSocketMaskingKey) -> Bool {
        lhs.networkValue == rhs.networkValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(networkValue)
    }

    /// XORs the key over `buffer` in place, starting at key byte `startingPhase % 4`.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, startingPhase: Int = 0) {
        apply(from: UnsafeRawBufferPointer(buffer), to: buffer, startingPhase: startingPhase)
    }

    /// Writes `source` XORed with the key into `target` (at least as long), starting at key byte
    /// `startingPhase % 4`: unmasking while copying, in one pass over the bytes.
    ///
    /// Works eight bytes at a time with the key repeated and rotated to the phase; since 8 is a
    /// multiple of 4, the phase is the same at the start of every word.
    public func apply(from source: UnsafeRawBufferPointer, to target: UnsafeMutableRawBufferPointer, startingPhase: Int = 0) {
        precondition(target.count >= source.count, "the target is shorter than the source")
        guard let input = source.baseAddress, let output = target.baseAddress, source.count > 0 else { return }
        let phase = startingPhase & 3
        var pattern: UInt64 = 0
        for shift in 0..<8 {
            pattern |= UInt64(self[phase + shift]) << (8 * UInt64(shift))
        }
        // `pattern` holds byte i at bits 8i..8i+7; this makes its in-memory order match the payload's.
        let word = UInt64(littleEndian: pattern)
        var offset = 0
        let wordEnd = source.count & ~7
        while offset < wordEnd {
            let value = input.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            output.storeBytes(of: value ^ word, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < source.count {
            let byte = input.load(fromByteOffset: offset, as: UInt8.self)
            output.storeBytes(of: byte ^ self[phase + offset], toByteOffset: offset, as: UInt8.self)
            offset += 1
        }
    }

    /// Returns `bytes` XORed with the key from `startingPhase` (masks plain bytes, unmasks masked ones).
    public func apply(to bytes: [UInt8], startingPhase: Int = 0) -> [UInt8] {
        var result = bytes
        result.withUnsafeMutableBytes { apply(to: $0, startingPhase: startingPhase) }
        return result
    }
}
