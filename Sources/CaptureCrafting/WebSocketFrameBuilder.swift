internal import CZlib

/// Encodes WebSocket frames byte by byte, so crafted captures can hold exactly the frames a test or
/// lesson needs, including ones no conforming peer would send (non-minimal lengths, reserved opcodes).
public struct WebSocketFrameBuilder: Sendable {
    public var fin = true
    public var rsv1 = false
    public var rsv2 = false
    public var rsv3 = false
    public var opcode: UInt8
    /// nil = unmasked.
    public var maskingKey: [UInt8]?
    public var payload: [UInt8]
    /// Force a longer length encoding than needed (7, 16 or 64 bits); nil = minimal.
    public var lengthBits: Int?

    public init(opcode: UInt8, payload: [UInt8], maskingKey: [UInt8]? = nil, fin: Bool = true) {
        self.opcode = opcode
        self.payload = payload
        self.maskingKey = maskingKey
        self.fin = fin
    }

    public static func text(_ text: String, maskingKey: [UInt8]? = nil, fin: Bool = true) -> WebSocketFrameBuilder {
        WebSocketFrameBuilder(opcode: 1, payload: Array(text.utf8), maskingKey: maskingKey, fin: fin)
    }

    public static func close(code: UInt16?, reason: String = "", maskingKey: [UInt8]? = nil) -> WebSocketFrameBuilder {
        let payload = code.map { [UInt8($0 >> 8), UInt8($0 & 0xff)] + Array(reason.utf8) } ?? []
        return WebSocketFrameBuilder(opcode: 8, payload: payload, maskingKey: maskingKey)
    }

    /// The frame on the wire.
    public var bytes: [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | (opcode & 0x0f)]
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        let length = UInt64(payload.count)
        let bits = lengthBits ?? (length <= 125 ? 7 : length <= 0xffff ? 16 : 64)
        switch bits {
        case 7: out.append(maskBit | UInt8(length))
        case 16: out += [maskBit | 126, UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
        default: out.append(maskBit | 127); out += be64(length)
        }
        if let key = maskingKey {
            out += key
            out += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        } else {
            out += payload
        }
        return out
    }
}

/// Raw DEFLATE as permessage-deflate sends it: a sync flush with the trailing 00 00 ff ff removed
/// (RFC 7692 7.2.1). One compressor per direction keeps its window across messages unless told not to.
public final class MessageDeflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let contextTakeover: Bool

    public init(windowBits: Int = 15, contextTakeover: Bool = true) {
        self.contextTakeover = contextTakeover
        stream.initialize(to: z_stream())
        let status = CZlib_deflateInit2(stream, Z_DEFAULT_COMPRESSION, -Int32(windowBits), 8)
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    public func compress(_ message: [UInt8]) -> [UInt8] {
        var input = message
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.pointee.next_out = chunkBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(chunkBuffer.count)
                    deflate(stream, Z_SYNC_FLUSH)
                    output += chunkBuffer[0..<(chunkBuffer.count - Int(stream.pointee.avail_out))]
                }
            } while stream.pointee.avail_out == 0
        }
        if !contextTakeover { deflateReset(stream) }
        if output.suffix(4) == [0, 0, 0xff, 0xff] { output.removeLast(4) }
        return output
    }
}
