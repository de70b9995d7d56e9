public import WebSocketWire
import WireBytes

/// The whole `mask` / `unmask` output: what is masked with which key, the formula, the table,
/// optionally one byte bit by bit, and the result as one hex line.
public enum MaskingView {
    public static func render(_ input: [UInt8], key: WebSocketMaskingKey, direction: MaskingTable.Direction,
                              bits: Int? = nil, style: Style = .plain, markdown: Bool = false) -> String {
        let output = key.apply(to: input)
        let keyText = (0..<4).map { key[$0].hex2 }.joined(separator: " ")
        let plain = direction == .mask ? input : output
        let what = String(validating: plain, as: UTF8.self).map { TerminalSafe.quoted($0) }
            ?? plain.prefix(16).map(\.hex2).joined(separator: " ") + (plain.count > 16 ? " " + style.ellipsis : "")
        let title = direction == .mask
            ? "Masking \(what) (\(input.count) byte\(input.count == 1 ? "" : "s")) with the key \(keyText)"
            : "Unmasking \(input.count) byte\(input.count == 1 ? "" : "s") with the key \(keyText)"
        let resultName = direction == .mask ? "masked" : "unmasked"
        var lines: [String] = []
        if markdown {
            lines.append("### " + title)
            lines.append("")
            lines.append("`" + MaskingTable.formula(direction) + "`")
            lines.append("")
            lines.append(input.isEmpty ? "(no bytes)" : MaskingTable.render(input, key: key, direction: direction, style: style, markdown: true))
            lines.append("")
            lines.append("\(resultName): `\(output.map(\.hex2).joined(separator: " "))`")
            if direction == .unmask, let text = String(validating: output, as: UTF8.self) {
                lines.append("")
                lines.append("as text: " + TerminalSafe.quoted(text).replacingAll("|", with: "\\|"))
            }
            if let bits {
                lines.append("")
                lines.append("```")
                lines.append(MaskingTable.bits(input, index: bits, key: key, direction: direction, style: style))
                lines.append("```")
            }
            return lines.joined(separator: "\n")
        }
        lines.append(style.heading(title))
        lines.append(MaskingTable.formula(direction))
        lines.append("")
        lines.append(input.isEmpty ? "(no bytes)" : MaskingTable.render(input, key: key, direction: direction, style: style,
                                                                                  width: style.width))
        lines.append("")
        lines.append("\(resultName): \(output.map(\.hex2).joined(separator: " "))")
        if direction == .unmask, let text = String(validating: output, as: UTF8.self) {
            lines.append("as text:  " + TerminalSafe.quoted(text))
        }
        if let bits {
            lines.append("")
            lines.append(MaskingTable.bits(input, index: bits, key: key, direction: direction, style: style))
        }
        return style.fit(style.asciiSafe(lines.joined(separator: "\n")))
    }
}
