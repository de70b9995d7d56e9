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
        let what = String(validating: plain, as: UTF8.self).map { style.quoted($0) }
            ?? plain.prefix(16).map(\.hex2).joined(separator: " ") + (plain.count > 16 ? " " + style.ellipsis : "")
        let size = style.tr("unit.bytes", input.count)
        let title = direction == .mask
            ? style.tr("masking.title.mask", what, size, keyText)
            : style.tr("masking.title.unmask", size, keyText)
        // The thesis' caption under its table, where the language has one (German: "Tabelle 1: …").
        let caption = style.tr(direction == .mask ? "masking.caption.mask" : "masking.caption.unmask")
        let resultName = style.tr(direction == .mask ? "masking.result.masked" : "masking.result.unmasked")
        let asText = style.tr("masking.result.asText")
        let noBytes = style.tr("masking.noBytes")
        var lines: [String] = []
        if markdown {
            lines.append("### " + title)
            lines.append("")
            lines.append("`" + MaskingTable.formula(direction, style: style) + "`")
            lines.append("")
            lines.append(input.isEmpty ? noBytes : MaskingTable.render(input, key: key, direction: direction, style: style, markdown: true))
            if !caption.isEmpty, !input.isEmpty {
                lines.append("")
                lines.append("*" + caption + "*")
            }
            lines.append("")
            lines.append("\(resultName): `\(output.map(\.hex2).joined(separator: " "))`")
            if direction == .unmask, let text = String(validating: output, as: UTF8.self) {
                lines.append("")
                lines.append(asText + " " + style.quoted(text).replacingAll("|", with: "\\|"))
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
        lines.append(MaskingTable.formula(direction, style: style))
        lines.append("")
        lines.append(input.isEmpty ? noBytes : MaskingTable.render(input, key: key, direction: direction, style: style,
                                                                   width: style.width))
        if !caption.isEmpty, !input.isEmpty {
            lines.append("")
            lines.append(caption)
        }
        lines.append("")
        let asTextValue = direction == .unmask ? String(validating: output, as: UTF8.self) : nil
        let labelWidth = max(resultName.count + 1, asTextValue == nil ? 0 : asText.count)
        lines.append(TextViews.pad(resultName + ":", labelWidth) + " " + output.map(\.hex2).joined(separator: " "))
        if let asTextValue {
            lines.append(TextViews.pad(asText, labelWidth) + " " + style.quoted(asTextValue))
        }
        if let bits {
            lines.append("")
            lines.append(MaskingTable.bits(input, index: bits, key: key, direction: direction, style: style))
        }
        return style.fit(style.asciiSafe(lines.joined(separator: "\n")))
    }
}
