import Foundation

/// The exit codes wslens promises (documented in `wslens --help`).
enum ExitStatus {
    static let success: Int32 = 0
    /// `check` found a rule of error severity broken.
    static let findings: Int32 = 1
    /// Bad arguments or options.
    static let usage: Int32 = 2
    /// The capture cannot be read, is cut off, or has a link type wslens does not decode.
    static let unreadableCapture: Int32 = 3
    /// `check` found no WebSocket connection: nothing was checked (never a pass).
    static let nothingChecked: Int32 = 4
    /// A live capture cannot start: no permission to capture, no such interface, or it is down.
    static let captureNotPossible: Int32 = 5

    /// Several captures end with the worst of their codes: 5 > 3 (unreadable) > 2 (usage, e.g. a
    /// `--connection` one capture lacks) > 1 (errors) > 4 (nothing checked) > 0.
    static func worst(_ codes: [Int32]) -> Int32 {
        let order: [Int32] = [captureNotPossible, unreadableCapture, usage, findings, nothingChecked, success]
        return order.first { codes.contains($0) } ?? codes.max() ?? success
    }
}
