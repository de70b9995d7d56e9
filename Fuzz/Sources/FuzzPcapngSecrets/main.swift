// libFuzzer target: the pcapng block walker that finds Decryption Secrets Blocks, over any bytes
// (lengths, byte order and sizes are the input's to choose).
import FuzzSupport
import PacketCapture

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapngSecrets(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = PcapngWalkLimits(maximumBlockLength: 1 << 20, maximumSecretsBytes: 1 << 20)
    _ = PcapngSecrets.scan(bytes: bytes, limits: limits).tlsKeyLog
    return 0
}

@_cdecl("FuzzPcapngSecrets_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzPcapngSecrets)
}
