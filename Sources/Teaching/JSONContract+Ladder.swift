import Analysis
import PacketCapture
import PacketDecoding
import WireBytes

extension JSONContract {
    /// `ladder`: one object per row of a connection's ladder (docs/json-output.md lists the fields).
    public static func ladderRow(_ row: LadderRow, index: Int, of ladder: ConnectionLadder) -> JSONValue {
        let start = ladder.start
        let packets: JSONValue = row.firstPacket.map { .array([.unsigned($0), .unsigned(row.lastPacket ?? $0)]) } ?? .null
        let time: JSONValue = row.time.map { .double($0.epochSeconds) } ?? .null
        var relative = JSONValue.null
        if let time = row.time, let start { relative = .double(time - start) }
        let fields: [(String, JSONValue)] = [
            ("type", .string("ladder")),
            ("connection", .number(ladder.identity.number)),
            ("client", .string(ladder.identity.client.description)),
            ("server", .string(ladder.identity.server.description)),
            ("row", .number(index)),
            ("phase", .string(row.phase.rawValue)),
            ("kind", .string(row.kind.rawValue)),
            ("from", .optional(row.from?.rawValue)),
            ("packets", packets),
            ("time", time),
            ("relativeTime", relative),
            ("label", .string(row.label)),
            ("detail", .string(row.detail)),
            ("findings", .array(row.findings.map(JSONValue.string))),
            ("frame", .optional(row.frame)),
            ("opcodeName", .optional(row.opcodeName)),
            ("foldedFrames", .optional(row.foldedFrames)),
            ("foldedBytes", .optional(row.foldedBytes)),
        ]
        return .object(fields)
    }
}
