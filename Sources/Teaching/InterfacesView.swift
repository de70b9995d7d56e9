public import PacketCapture
import WireBytes

/// `wslens interfaces`: the interfaces a live capture (`-i`) can read from, as libpcap lists them.
public enum InterfacesView {
    public static func render(_ interfaces: [CaptureInterface], style: Style, markdown: Bool = false) -> String {
        guard !interfaces.isEmpty else {
            return style.fit(style.tr("interfaces.none"), hanging: 0)
        }
        var table = TextTable(columns: [.init(style.tr("interfaces.column.interface")), .init(style.tr("interfaces.column.state")),
                                        .init(style.tr("interfaces.column.addresses")),
                                        .init(style.tr("interfaces.column.description"), optional: true, prose: true)])
        for interface in interfaces {
            table.append([TerminalSafe.escape(interface.name), state(interface, style),
                          interface.addresses.map(TerminalSafe.escape).joined(separator: " "),
                          interface.description.map(TerminalSafe.escape) ?? ""])
        }
        let note = style.tr("interfaces.note")
        return markdown ? table.renderMarkdown() + "\n\n" + note : table.render(style: style) + "\n\n" + style.fit(note, hanging: 0)
    }

    /// "up, running, loopback": what the flags say, in words.
    static func state(_ interface: CaptureInterface, _ style: Style) -> String {
        var words: [String] = [style.tr(interface.isUp ? "interfaces.state.up" : "interfaces.state.down")]
        if interface.isRunning { words.append(style.tr("interfaces.state.running")) }
        if interface.isLoopback { words.append(style.tr("interfaces.state.loopback")) }
        if interface.isWireless { words.append(style.tr("interfaces.state.wireless")) }
        switch interface.connectionStatus {
        case .connected: words.append(style.tr("interfaces.state.connected"))
        case .disconnected: words.append(style.tr("interfaces.state.disconnected"))
        case .unknown, .notApplicable: break
        }
        return words.joined(separator: ", ")
    }

    public static func json(_ interface: CaptureInterface) -> JSONValue {
        let status: String = switch interface.connectionStatus {
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .notApplicable: "notApplicable"
        case .unknown: "unknown"
        }
        return .object([
            ("type", .string("interface")),
            ("name", .string(interface.name)),
            ("description", .optional(interface.description)),
            ("addresses", .array(interface.addresses.map(JSONValue.string))),
            ("up", .bool(interface.isUp)),
            ("running", .bool(interface.isRunning)),
            ("loopback", .bool(interface.isLoopback)),
            ("wireless", .bool(interface.isWireless)),
            ("connection", .string(status)),
        ])
    }
}
