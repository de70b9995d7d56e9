// libFuzzer target: the whole pipeline (libpcap reading pcap/pcapng from memory, link layers, IP,
// TCP reassembly, HTTP, WebSocket, inflate) through CaptureAnalyzer.analyze(bytes:).
import Analysis
import FuzzSupport
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

@_cdecl("FuzzPipeline_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzPipeline)
}
