/// Big-endian reads from a borrowed byte buffer; every read is bounds-checked by the caller's
/// `count` guard, so a header that claims more bytes than were captured never reads past the end.
extension UnsafeRawBufferPointer {
    @inlinable func u8(_ offset: Int) -> UInt8 { self[offset] }
    // One unaligned load each: assembled byte by byte, the compiler did not always merge the loads.
    @inlinable func u16(_ offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
    @inlinable func u32(_ offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    @inlinable func u64(_ offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    /// Little-endian 32-bit read (BSD NULL's address family in a little-endian capturing host's order).
    @inline(__always) func u32LittleEndian(_ offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
    /// A sub-buffer; `range` must lie within the buffer.
    @inlinable func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[range])
    }
}
