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
        let style = out.style
        let frameLength = record.frame.endOffset - record.frame.startOffset
        out.heading(spans.count == 1 ? style.tr("explain.tls.headingOne") : style.tr("explain.tls.headingMany", spans.count))
        // Narrow columns (the key and the frame's bytes are said below each record): fits 80 columns.
        func column(_ name: String) -> String { style.tr("explain.tls.column." + name) }
        var table = TextTable(columns: [.init(column("record"), .right), .init(column("header")), .init(column("body"), .right),
                                        .init(column("nonce"), .right), .init(column("data"), .right), .init(column("type"), .right),
                                        .init(column("pad"), .right), .init(column("tag"), .right), .init(column("packets"))])
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
            var words = style.tr("explain.tls.record", record.index, style.tr("peer." + record.from.rawValue), spacedHex(record.header.bytes),
                                 Int(record.header.contentType.rawValue), record.header.contentType.name,
                                 String(record.header.legacyVersion.rawValue, radix: 16), record.header.bodyLength)
            if parts.type == 1 {
                words += "; " + style.tr("explain.tls.innerType", parts.data, parts.innerType.name)
                    + (parts.padding > 0 ? " " + style.tr("explain.tls.padding", parts.padding) : "")
            }
            out.line(words + ".")
            if !record.explicitNonce.isEmpty {
                out.line("    " + style.tr("explain.tls.explicitNonce", spacedHex(record.explicitNonce.bytes)))
            } else if case .decrypted(_, _, let sequence, _, _) = record.protection {
                out.line("    " + style.tr("explain.tls.implicitNonce", String(sequence)))
            }
            if !record.tag.isEmpty {
                out.line("    " + style.tr("explain.tls.tag", spacedHex(record.tag.bytes)))
            }
            if case .decrypted(_, let epoch, let sequence, _, _) = record.protection {
                out.line("    " + style.tr("explain.tls.key", style.tr("peer." + record.from.rawValue), epochWords(epoch, style: style), String(sequence)))
            }
            out.line("    " + style.tr("explain.tls.frameBytes", "\(span.plaintextBytes.lowerBound)-\(span.plaintextBytes.upperBound - 1)",
                                      range(span.frameBytes, of: frameLength, style: style)))
        }
        let overhead = spans.reduce(0) { $0 + TLSRecordHeader.length + $1.record.header.bodyLength - Parts($1.record).data }
        out.line(style.tr("explain.tls.adds", overhead, spans.reduce(0) { $0 + Parts($1.record).data }, Int(frameLength)))
        out.blank()
    }

    private static func range(_ bytes: Range<UInt64>, of length: UInt64, style: Style) -> String {
        let text = "\(bytes.lowerBound)-\(bytes.upperBound - 1)"
        return bytes.lowerBound == 0 && bytes.upperBound == length ? text + " " + style.tr("explain.tls.all") : text
    }

    /// A protected record's body, part by part.
    private struct Parts {
        var nonce: Int
        var data: Int
        var type: Int
        var padding: Int
        var tag: Int
        var innerType: TLSContentType

        init(_ record: TLSRecordInfo) {
            nonce = record.explicitNonce.count
            tag = record.tag.count
            switch record.protection {
            case .decrypted(let contentType, _, _, let length, let padding):
                data = length
                self.padding = padding
                innerType = contentType
                type = max(0, record.header.bodyLength - nonce - length - padding - tag)
            case .plaintext, .notDecrypted:
                data = record.header.bodyLength
                padding = 0
                type = 0
                innerType = record.header.contentType
            }
        }
    }
}

/// "application traffic", "application traffic (after 2 key updates)".
private func epochWords(_ epoch: TLSKeyEpoch, style: Style) -> String {
    switch epoch {
    case .early: style.tr("explain.tls.epoch.early")
    case .handshake: style.tr("explain.tls.epoch.handshake")
    case .application(let generation):
        generation == 0 ? style.tr("explain.tls.epoch.application") : style.tr("explain.tls.epoch.updated", generation)
    }
}

/// "17 03 03 00 2f".
private func spacedHex(_ bytes: [UInt8]) -> String { bytes.map(\.hex2).joined(separator: " ") }
