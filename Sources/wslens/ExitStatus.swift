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

/// An error the command has already explained in one line; `status` is the exit code.
struct CommandFailure: Error {
    var message: String
    var status: Int32
}

/// Buffered writes to stdout (JSON lines can run to millions) and unbuffered lines to stderr.
enum Output {
    private nonisolated(unsafe) static var buffer: [UInt8] = []

    static func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0a)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Text as it is, without a newline added (a page that ends in its own).
    static func text(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    static func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    static func standardError(_ text: String) {
        flush()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
