import Analysis
import TLS
import WireBytes

extension JSONContract {
    /// A wss frame's `tlsRecords`: the records that carried it, in order.
    static func tlsRecords(_ spans: [TLSRecordSpan]) -> JSONValue {
        .array(spans.map { span in
            let record = span.record
            var fields: [(String, JSONValue)] = [
                ("record", .number(record.index)),
                ("header", .string(record.header.bytes.hexString)),
                ("contentType", .string(record.effectiveContentType.name)),
                ("length", .number(record.header.bodyLength)),
            ]
            if case .decrypted(_, let epoch, let sequence, let length, let padding) = record.protection {
                fields += [("epoch", .string(epochName(epoch))), ("sequenceNumber", .unsigned(sequence)),
                           ("plaintextLength", .number(length)), ("paddingLength", .number(padding))]
            }
            fields += [
                ("explicitNonce", .optional(record.explicitNonce.isEmpty ? nil : record.explicitNonce.bytes.hexString)),
                ("tag", .optional(record.tag.isEmpty ? nil : record.tag.bytes.hexString)),
                ("frameBytes", .array([.unsigned(span.frameBytes.lowerBound), .unsigned(span.frameBytes.upperBound - 1)])),
                ("packets", .array(span.packets.map(JSONValue.unsigned))),
            ]
            return .object(fields)
        })
    }

    /// Stable names of the key epochs: `early`, `handshake`, `application`, `application-N` after N key updates.
    static func epochName(_ epoch: TLSKeyEpoch) -> String {
        switch epoch {
        case .early: "early"
        case .handshake: "handshake"
        case .application(let generation): generation == 0 ? "application" : "application-\(generation)"
        }
    }
}
