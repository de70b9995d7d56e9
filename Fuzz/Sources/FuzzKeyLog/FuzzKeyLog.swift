// libFuzzer target: the NSS key log parser (KeyLog). Input: the file's bytes.
// Invariants: every line is counted once (blank, comment, secret, unknown, malformed or
// conflicting), and every kept client random is 32 bytes with secrets of 1 to 64 bytes.
import FuzzSupport
import TLS

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeyLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let log = KeyLog(parsing: bytes)
    let problems = (log.unknownLabelLines?.count ?? 0) + (log.malformedLines?.count ?? 0) + (log.conflictingLines?.count ?? 0)
    precondition(log.secretLineCount + problems <= log.lineCount)
    precondition(log.sessionCount <= log.secretLineCount)
    for problem in [log.unknownLabelLines, log.malformedLines, log.conflictingLines] {
        if let problem { precondition(problem.firstLine >= 1 && problem.firstLine <= log.lineCount && problem.count >= 1) }
    }
    // Look up the first line's random, if it has one.
    if size >= 64 + 15 {
        var random: [UInt8] = []
        for index in stride(from: 15, to: 79, by: 2) where index + 1 < size {
            random.append(UInt8(truncatingIfNeeded: Int(bytes[index]) &* 16 &+ Int(bytes[index + 1])))
        }
        if let secrets = log.secrets(forClientRandom: random) {
            precondition(secrets.values.values.allSatisfy { (1...KeyLog.maximumSecretLength).contains($0.count) })
        }
    }
    return 0
}

@_cdecl("FuzzKeyLog_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzKeyLog)
}
