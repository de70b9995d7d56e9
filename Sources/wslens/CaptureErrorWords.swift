import Localization
import PacketCapture

/// A capture error in the command's language: our own words around libpcap's reason (which stays
/// as libpcap says it).
enum CaptureErrorWords {
    static func message(_ error: CaptureError, language: Language) -> String {
        let key: String
        switch error.kind {
        case .unreadable: key = "cli.capture.unreadable"
        case .truncated: key = "cli.capture.truncated"
        case .readFailed: key = "cli.capture.readFailed"
        case .invalidFilter: key = "cli.capture.invalidFilter"
        case .writeFailed: key = "cli.capture.writeFailed"
        case .permissionDenied, .noSuchInterface, .interfaceDown: key = "cli.capture.interface"
        case .captureFailed: key = error.afterPacket == nil ? "cli.capture.captureFailed" : "cli.capture.captureFailedAfter"
        case .incompatibleFiles: key = "cli.capture.incompatible"
        }
        return Catalog.bundled.string(key, language: language,
                                      arguments: [.text(error.path), .text(error.reason), .unsigned(error.afterPacket ?? 0)])
    }
}
