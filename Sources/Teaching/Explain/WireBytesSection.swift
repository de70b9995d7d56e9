import WebSocketWire
import WireBytes

/// The frame's bytes as the thesis' figures show them: hex, binary (the masking key in
/// parentheses) and the header's fields in one line.
enum WireBytesSection {
    static func render(_ frame: DecodedFrame, showAll: Bool, into out: inout SectionWriter) {
        let style = out.style
        let header = frame.header
        out.heading(style.tr("explain.wire.heading"))
        let keyStart = 2 + header.lengthEncoding.extendedByteCount
        let headerBytes = header.bytes
        let wirePayload = Array(frame.maskedPayload.prefix(showAll ? Int.max : 16))
        var hexParts: [String] = []
        var binaryParts: [String] = []
        func group(_ range: Range<Int>, parenthesised: Bool) {
            guard !range.isEmpty else { return }
            let hex = range.map { headerBytes[$0].hex2 }.joined(separator: " ")
            let bits = range.map { MaskingTable.binary(headerBytes[$0]) }.joined(separator: " ")
            hexParts.append(parenthesised ? "(" + hex + ")" : hex)
            binaryParts.append(parenthesised ? "(" + bits + ")" : bits)
        }
        group(0..<min(keyStart, headerBytes.count), parenthesised: false)
        if header.isMasked { group(keyStart..<(keyStart + 4), parenthesised: true) }
        if !wirePayload.isEmpty {
            hexParts.append(wirePayload.map(\.hex2).joined(separator: " "))
            binaryParts.append(wirePayload.prefix(showAll ? Int.max : 8).map { MaskingTable.binary($0) }.joined(separator: " "))
        }
        let more = frame.payload.count > wirePayload.count || frame.isPayloadTruncated
            ? " " + style.ellipsis + " " + style.tr("explain.wire.morePayload", frame.payloadLength - UInt64(wirePayload.count)) : ""
        // The "Detail" row of the thesis' figures 2-4 ("FIN = 1, RSV n. gesetzt").
        var detail = ["FIN = \(header.fin ? 1 : 0)"]
        detail.append(header.reservedBits == 0 ? style.tr("explain.wire.rsvNotSet")
                      : "RSV1-3 = \(header.rsv1 ? 1 : 0)\(header.rsv2 ? 1 : 0)\(header.rsv3 ? 1 : 0)")
        detail.append("opcode = 0x" + String(header.opcode.rawValue, radix: 16, uppercase: true)
                      + " (\(OpcodeWords.name(header.opcode, style: style)))")
        detail.append(style.tr("explain.wire.mask", header.isMasked ? 1 : 0))
        detail.append(style.tr("explain.wire.payloadLength", frame.payloadLength))
        let labels = [style.tr("explain.wire.bytes"), style.tr("explain.wire.binary"), style.tr("explain.wire.detail")]
        let width = labels.map(\.count).max()! + 2
        out.code([
            TextViews.pad(labels[0], width) + hexParts.joined(separator: " ") + more,
            TextViews.pad(labels[1], width) + binaryParts.joined(separator: " ")
                + (more.isEmpty && (showAll || wirePayload.count <= 8) ? "" : " " + style.ellipsis),
            TextViews.pad(labels[2], width) + detail.joined(separator: ", "),
        ], hanging: width)
        out.blank()
    }
}
