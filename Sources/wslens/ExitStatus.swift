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
}
