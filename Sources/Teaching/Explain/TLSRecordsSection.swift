import Analysis
import TLS
import WebSocketWire
import WireBytes

/// wss: the TLS records that carried the frame, as the capture shows them: each record's 5-byte
/// header in the clear, its body split into what was encrypted (the frame's bytes among them), the
/// inner content type and padding (TLS 1.3), the explicit nonce (TLS 1.2 AES-GCM) and the
/// authentication tag, the key it was decrypted with, and the packets that carried it.
enum TLSRecordsSection {
    static func render(_ record: FrameRecord, into out: inout SectionWriter) {
        let spans = record.tlsRecords
        guard !spans.isEmpty else { return }
        let frameLength = record.frame.endOffset - record.frame.startOffset
        out.heading(spans.count == 1 ? "The TLS record that carried this frame" : "The \(spans.count) TLS records that carried this frame")
        // Narrow columns (the key and the frame's bytes are said below each record): fits 80 columns.
        var table = TextTable(columns: [.init("record", .right), .init("header (clear)"), .init("body", .right),
                                        .init("nonce", .right), .init("data", .right), .init("type", .right),
                                        .init("pad", .right), .init("tag", .right), .init("packets")])
        for span in spans {
            let parts = Parts(span.record)
            table.append(["\(span.record.index)", spacedHex(span.record.header.bytes), "\(span.record.header.bodyLength)",
                          "\(parts.nonce)", "\(parts.data)", "\(parts.type)", "\(parts.padding)", "\(parts.tag)",
                          ProvenanceSection.runs(span.packets)])
        }
        out.table(table)
        for span in spans {
            let record = span.record
            let parts = Parts(record)
            var words = "record \(record.index) from the \(record.from.rawValue): header \(spacedHex(record.header.bytes)) = "
                + "type \(record.header.contentType.rawValue) (\(record.header.contentType.name)), version 0x"
                + String(record.header.legacyVersion.rawValue, radix: 16) + ", body length \(record.header.bodyLength)"
            if parts.type == 1 {
                words += "; inside, after the \(parts.data) encrypted data bytes, the real content type \(parts.innerType.name) (one byte, encrypted too)"
                    + (parts.padding > 0 ? " and \(parts.padding) zero bytes of padding" : "")
            }
            out.line(words + ".")
            if !record.explicitNonce.isEmpty {
                out.line("    explicit nonce \(spacedHex(record.explicitNonce.bytes)): sent in the clear; the AES-GCM nonce is the key block's 4-byte salt followed by it")
            } else if case .decrypted(_, _, let sequence, _, _) = record.protection {
                out.line("    nonce: the key's 12-byte IV XOR the sequence number \(sequence) (never sent)")
            }
            if !record.tag.isEmpty {
                out.line("    tag \(spacedHex(record.tag.bytes)): the record decrypted only because this tag verified")
            }
            if parts.key != "-" { out.line("    decrypted with the \(parts.key)") }
            out.line("    the record's data bytes \(span.plaintextBytes.lowerBound)-\(span.plaintextBytes.upperBound - 1) are the frame's bytes "
                     + range(span.frameBytes, of: frameLength))
        }
        let overhead = spans.reduce(0) { $0 + TLSRecordHeader.length + $1.record.header.bodyLength - Parts($1.record).data }
        out.line("TLS adds \(overhead) bytes (headers, nonces, types, padding, tags) around the records' "
                 + "\(spans.reduce(0) { $0 + Parts($1.record).data }) data bytes, of which this frame's \(frameLength) bytes are part.")
        out.blank()
    }

    private static func range(_ bytes: Range<UInt64>, of length: UInt64) -> String {
        let text = "\(bytes.lowerBound)-\(bytes.upperBound - 1)"
        return bytes.lowerBound == 0 && bytes.upperBound == length ? text + " (all)" : text
    }

    /// A protected record's body, part by part.
    private struct Parts {
        var nonce: Int
        var data: Int
        var type: Int
        var padding: Int
        var tag: Int
        var innerType: TLSContentType
        var key: String

        init(_ record: TLSRecordInfo) {
            nonce = record.explicitNonce.count
            tag = record.tag.count
            switch record.protection {
            case .decrypted(let contentType, let epoch, let sequence, let length, let padding):
                data = length
                self.padding = padding
                innerType = contentType
                type = max(0, record.header.bodyLength - nonce - length - padding - tag)
                key = "\(record.from.rawValue)'s \(epochWords(epoch)) key, record sequence number \(sequence)"
            case .plaintext, .notDecrypted:
                data = record.header.bodyLength
                padding = 0
                type = 0
                innerType = record.header.contentType
                key = "-"
            }
        }
    }
}

/// "application traffic", "application traffic (after 2 key updates)".
private func epochWords(_ epoch: TLSKeyEpoch) -> String {
    switch epoch {
    case .early: "early data"
    case .handshake: "handshake traffic"
    case .application(let generation):
        generation == 0 ? "application traffic" : "application traffic (after \(generation) key update\(generation == 1 ? "" : "s"))"
    }
}

/// "17 03 03 00 2f".
private func spacedHex(_ bytes: [UInt8]) -> String { bytes.map(\.hex2).joined(separator: " ") }
