import Foundation
import Localization
import Teaching

/// Buffered writes to stdout (JSON lines can run to millions) and unbuffered lines to stderr.
///
/// A live capture or standard input turns on `flushesEachLine`: every line is written the moment
/// it is complete, also into a pipe (as tcpdump's `-l`), so `wslens frames -i lo | grep text`
/// shows each frame as it happens.
enum Output {
    private nonisolated(unsafe) static var buffer: [UInt8] = []
    /// Write each line at once instead of in 64 KiB blocks (set once, before the analysis starts).
    nonisolated(unsafe) static var flushesEachLine = false

    static func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0a)
        if flushesEachLine || buffer.count >= 1 << 16 { flush() }
    }

    /// Text as it is, without a newline added (a page that ends in its own).
    static func text(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if flushesEachLine || buffer.count >= 1 << 16 { flush() }
    }

    static func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if written < 0, errno == EINTR { continue }
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
        let width = TextWrap.width(option: nil, columns: ProcessEnvironment().value(of: "COLUMNS"), terminal: terminal)
        standardError(TextWrap.fit(text: text, width: width))
    }
}
