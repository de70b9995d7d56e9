public import PacketCapture
import WireBytes

/// `wslens interfaces`: the interfaces a live capture (`-i`) can read from, as libpcap lists them.
public enum InterfacesView {
    public static func render(_ interfaces: [CaptureInterface], style: Style, markdown: Bool = false) -> String {
        guard !interfaces.isEmpty else {
            return style.fit("libpcap lists no interface: capturing needs root or CAP_NET_RAW (and CAP_NET_ADMIN) on the binary.", hanging: 0)
        }
        var table = TextTable(columns: [.init("interface"), .init("state"), .init("addresses"), .init("description", optional: true, prose: true)])
        for interface in interfaces {
            table.append([TerminalSafe.escape(interface.name), state(interface),
                          interface.addresses.map(TerminalSafe.escape).joined(separator: " "),
                          interface.description.map(TerminalSafe.escape) ?? ""])
        }
        let note = "Capture from one with `wslens frames -i NAME` (needs root, or CAP_NET_RAW and CAP_NET_ADMIN on the binary); "
            + "`any` captures from all of them at once."
        return markdown ? table.renderMarkdown() + "\n\n" + note : table.render(style: style) + "\n\n" + style.fit(note, hanging: 0)
    }

    /// "up, running, loopback": what the flags say, in words.
    static func state(_ interface: CaptureInterface) -> String {
        var words: [String] = [interface.isUp ? "up" : "down"]
        if interface.isRunning { words.append("running") }
        if interface.isLoopback { words.append("loopback") }
        if interface.isWireless { words.append("wireless") }
        switch interface.connectionStatus {
        case .connected: words.append("connected")
        case .disconnected: words.append("disconnected")
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
