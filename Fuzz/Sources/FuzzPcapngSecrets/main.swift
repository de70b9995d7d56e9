// libFuzzer target: the pcapng block walker that finds Decryption Secrets Blocks, over the bytes as
// given and drip-fed in chunks whose sizes come from the input (the result must not depend on them).
import FuzzSupport
import PacketCapture

/// Hands the walker at most `chunk` bytes per read.
struct ChunkedSource: PcapngByteSource {
    var inner: PcapngArraySource
    var chunk: Int
    mutating func read(_ count: Int) -> [UInt8] {
        var result: [UInt8] = []
        while result.count < count {
            let piece = inner.read(min(chunk, count - result.count))
            if piece.isEmpty { break }
            result += piece
        }
        return result
    }
    mutating func skip(_ count: Int) -> Int { inner.skip(count) }
    var failure: String? { nil }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapngSecrets(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = PcapngWalkLimits(maximumBlockLength: 1 << 20, maximumSecretsBytes: 1 << 20)
    let whole = PcapngSecrets.scan(bytes: bytes, limits: limits)
    let chunk = 1 + (bytes.last.map(Int.init) ?? 0) % 17
    let chunked = PcapngSecrets.scan(ChunkedSource(inner: PcapngArraySource(bytes), chunk: chunk), limits: limits)
    precondition(whole == chunked, "the walk depends on how the bytes are read")
    _ = whole.tlsKeyLog
    return 0
}

@_cdecl("FuzzPcapngSecrets_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzPcapngSecrets)
}
