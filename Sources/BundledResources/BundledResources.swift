import Foundation

/// The files compiled into the binary: the lessons (`Lessons/…`), the captures they run on
/// (`Captures/…`) and text resources (`Resources/…`), by their path in the repository.
public enum BundledResources {
    /// Every embedded path, sorted.
    public static let paths: [String] = EmbeddedFiles.all.map(\.path)

    /// The bytes of an embedded file, or nil when no file has that path.
    public static func contents(of path: String) -> [UInt8]? {
        guard let entry = EmbeddedFiles.all.first(where: { $0.path == path }),
              let data = Data(base64Encoded: entry.base64) else { return nil }
        return [UInt8](data)
    }

    /// The paths directly inside a folder (`"Lessons"`), not in its subfolders.
    public static func paths(in folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return paths.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
    }
}
