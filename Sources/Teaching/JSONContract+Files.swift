public import Analysis

extension JSONContract {
    /// With several captures in one run: the object names its capture (`file`): the path as given,
    /// the merged files joined with " + ", "-" for standard input.
    public static func file(_ value: JSONValue, _ name: String) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        return .object(fields.filter { $0.0 != "file" } + [("file", .string(name))])
    }

    /// In a merged capture: the file that holds the row's (first) packet, and that packet's number
    /// there (`file`, `filePacket`), so it can be found with Wireshark; null when the row has no packet.
    public static func origin(_ value: JSONValue, _ origin: PacketOrigin?, files: [String]) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        let file: JSONValue = origin.flatMap { files.indices.contains($0.fileIndex) ? .string(files[$0.fileIndex]) : nil } ?? .null
        let number: JSONValue = origin.map { .unsigned($0.filePacket) } ?? .null
        return .object(fields.filter { $0.0 != "file" && $0.0 != "filePacket" } + [("file", file), ("filePacket", number)])
    }
}
