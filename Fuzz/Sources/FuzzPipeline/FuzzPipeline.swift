// libFuzzer target: the whole pipeline (libpcap reading pcap/pcapng from memory, link layers, IP,
// TCP reassembly, HTTP, WebSocket, inflate) through CaptureAnalyzer.analyze(bytes:).
import Analysis
import PacketCapture

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var options = AnalysisOptions()
    options.maxBufferedBytesPerDirection = 1 << 20
    options.maxInflatedMessageSize = 1 << 20
    options.payloadRetentionLimit = 1 << 16
    var events = 0
    _ = try? CaptureAnalyzer(options: options).analyze(bytes: Array(UnsafeBufferPointer(start: data, count: size))) { _ in
        events += 1
    }
    return 0
}

// SwiftPM links executables with main renamed to <module>_main (`--defsym main=FuzzPipeline_main`), so libFuzzer's
// own main is not used: this entry point hands over to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzPipeline_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzPipeline)
}
