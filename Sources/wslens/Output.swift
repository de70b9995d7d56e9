import Foundation
import Teaching

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

    /// A message of wslens' own to stderr, wrapped to the width (COLUMNS, else the terminal's, else 100).
    static func problem(_ text: String) {
        var size = winsize()
        let terminal = isatty(STDERR_FILENO) != 0 && ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        let width = TextWrap.width(option: nil, columns: ProcessInfo.processInfo.environment["COLUMNS"], terminal: terminal)
        standardError(TextWrap.fit(text: text, width: width))
    }
}
