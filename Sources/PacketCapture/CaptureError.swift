/// Why a capture could not be read (or written). Every message names the file or interface.
public struct CaptureError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or is not a pcap/pcapng capture.
        case unreadable
        /// The file ends in the middle of a packet; the packets before it were delivered.
        case truncated
        /// libpcap reported an error while reading, or gzip'd data are corrupt.
        case readFailed
        /// The `--filter` expression is not valid BPF.
        case invalidFilter
        /// The capture could not be written.
        case writeFailed
        /// Capturing on an interface needs privileges this process lacks (the reason says which).
        case permissionDenied
        /// There is no interface of that name.
        case noSuchInterface
        /// The interface exists but is down.
        case interfaceDown
        /// libpcap could not open or read the interface for another reason.
        case captureFailed
        /// Files given to be merged into one capture cannot be (different link types, or standard
        /// input among them); `path` is the file that does not fit.
        case incompatibleFiles
    }

    public let kind: Kind
    /// The file (or, for a live capture, the interface) the error is about.
    public let path: String
    /// The libpcap message or our own explanation.
    public let reason: String
    /// The number of the last packet read successfully before the error, if any (in that file).
    public let afterPacket: UInt64?

    public init(kind: Kind, path: String, reason: String, afterPacket: UInt64? = nil) {
        self.kind = kind
        self.path = path
        self.reason = reason
        self.afterPacket = afterPacket
    }

    public var description: String {
        switch kind {
        case .unreadable: "\(path): not a readable pcap or pcapng capture: \(reason)"
        case .truncated: "\(path): capture is cut off after packet \(afterPacket ?? 0): \(reason)"
        case .readFailed: "\(path): read error after packet \(afterPacket ?? 0): \(reason)"
        case .invalidFilter: "\(path): invalid capture filter: \(reason)"
        case .writeFailed: "\(path): cannot write capture: \(reason)"
        case .permissionDenied, .noSuchInterface, .interfaceDown: "interface \(path): \(reason)"
        case .captureFailed: "interface \(path): capture failed\(afterPacket.map { " after packet \($0)" } ?? ""): \(reason)"
        case .incompatibleFiles: "\(path): cannot be merged: \(reason)"
        }
    }
}
