import WebSocketWire

/// Builds frames for tests, masked or not, with any header quirk the rules must catch.
enum FrameBuilder {
    static func frame(_ opcode: UInt8, _ payload: [UInt8] = [], fin: Bool = true, rsv: UInt8 = 0,
                      key: [UInt8]? = nil, forceLengthEncoding: Int? = nil) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0x0f)]
        let maskBit: UInt8 = key == nil ? 0 : 0x80
        let count = payload.count
        let encoding = forceLengthEncoding ?? (count < 126 ? 7 : count <= 0xffff ? 16 : 64)
        switch encoding {
        case 7:
            bytes.append(maskBit | UInt8(count))
        case 16:
            bytes.append(maskBit | 126)
            bytes += [UInt8(count >> 8), UInt8(count & 0xff)]
        default:
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: UInt64(count) >> UInt64(shift))) }
        }
        if let key, let maskingKey = WebSocketMaskingKey(key) {
            bytes += key
            bytes += maskingKey.apply(to: payload)
        } else {
            bytes += payload
        }
        return bytes
    }

    /// A client frame, masked with a key derived from `seed` (distinct per seed, never zero).
    static func client(_ opcode: UInt8, _ payload: [UInt8] = [], fin: Bool = true, rsv: UInt8 = 0, seed: UInt32) -> [UInt8] {
        let value = seed &* 0x9e37_79b1 | 1
        let key = [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
                   UInt8(truncatingIfNeeded: value)]
        return frame(opcode, payload, fin: fin, rsv: rsv, key: key)
    }

    static func server(_ opcode: UInt8, _ payload: [UInt8] = [], fin: Bool = true, rsv: UInt8 = 0) -> [UInt8] {
        frame(opcode, payload, fin: fin, rsv: rsv)
    }

    static func close(_ code: UInt16, _ reason: String = "") -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reason.utf8)
    }
}
