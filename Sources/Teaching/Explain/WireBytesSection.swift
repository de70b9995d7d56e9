import WebSocketWire
import WireBytes

/// The frame's bytes as the thesis' figures show them: hex, binary (the masking key in
/// parentheses) and the header's fields in one line.
enum WireBytesSection {
    static func render(_ frame: DecodedFrame, showAll: Bool, into out: inout SectionWriter) {
        let style = out.style
        let header = frame.header
        out.heading("On the wire (masking key in parentheses, as in the thesis' figures)")
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
            ? " " + style.ellipsis + " (\(frame.payloadLength - UInt64(wirePayload.count)) more payload bytes)" : ""
        var detail = ["FIN = \(header.fin ? 1 : 0)"]
        detail.append(header.reservedBits == 0 ? "RSV not set"
                      : "RSV1-3 = \(header.rsv1 ? 1 : 0)\(header.rsv2 ? 1 : 0)\(header.rsv3 ? 1 : 0)")
        detail.append("opcode = 0x" + String(header.opcode.rawValue, radix: 16, uppercase: true) + " (\(header.opcode.name))")
        detail.append("MASK = \(header.isMasked ? 1 : 0)")
        detail.append("payload length = \(frame.payloadLength)")
        out.code([
            "bytes   " + hexParts.joined(separator: " ") + more,
            "binary  " + binaryParts.joined(separator: " ") + (more.isEmpty && (showAll || wirePayload.count <= 8) ? "" : " " + style.ellipsis),
            "detail  " + detail.joined(separator: ", "),
        ], hanging: 8)
        out.blank()
    }
}
