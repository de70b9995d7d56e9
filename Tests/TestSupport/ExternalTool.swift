import Foundation
import Testing

/// Tools some tests need beyond the Swift toolchain, in named groups.
///
/// A test that needs a tool fails with a clear message when the tool is missing: `make test` (and
/// so CI) installs them. On a machine that cannot have one, `WSLENS_TEST_SKIP=tshark,chromium,netns,hunspell`
/// skips the named groups, and Swift Testing reports those tests as skipped, with the reason.
public enum ExternalTool: String, CaseIterable, Sendable {
    /// tshark and editcap (Wireshark's command-line tools): the independent decoder.
    case tshark
    /// Debian's chromium: a real browser for HTML checks.
    case chromium
    /// Private network namespaces (`unshare -n`): live capture on a loopback of our own.
    case netns
    /// hunspell with Debian's de_DE dictionary (hunspell-de-de): the German spell check.
    case hunspell

    /// The groups `WSLENS_TEST_SKIP` names (comma-separated).
    public static var skipped: Set<ExternalTool> {
        let value = ProcessInfo.processInfo.environment["WSLENS_TEST_SKIP"] ?? ""
        return Set(value.split(separator: ",").compactMap { ExternalTool(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
    }

    /// The programs the group needs on PATH.
    var programs: [String] {
        switch self {
        case .tshark: ["tshark", "editcap"]
        case .chromium: ["chromium"]
        case .netns: ["unshare", "ip", "nsenter"]
        case .hunspell: ["hunspell"]
        }
    }

    /// The full path of a program on PATH, or nil.
    public static func which(_ program: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Fails the calling test (recording why) when a program of the group is missing.
    public func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let missing = programs.filter { Self.which($0) == nil }
        guard !missing.isEmpty else { return }
        let message = "\(missing.joined(separator: ", ")) not installed: `make test` installs it; on a machine that cannot have it, set WSLENS_TEST_SKIP=\(rawValue) to skip these tests"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        throw MissingTool(description: message)
    }

    public struct MissingTool: Error, CustomStringConvertible {
        public let description: String
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test unless `WSLENS_TEST_SKIP` names the group; the test must still call
    /// `ExternalTool.require()` so that a missing tool fails it.
    public static func needs(_ tool: ExternalTool) -> Self {
        .enabled(if: !ExternalTool.skipped.contains(tool), "WSLENS_TEST_SKIP names \(tool.rawValue)")
    }
}
