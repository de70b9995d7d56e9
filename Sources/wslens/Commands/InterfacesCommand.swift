import ArgumentParser
import PacketCapture
import Teaching

/// `wslens interfaces`: what `-i` can capture from.
struct InterfacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interfaces",
        abstract: "The interfaces -i can capture from, with their state and addresses.",
        discussion: """
            libpcap's list (pcap_findalldevs). Capturing from one needs root, or CAP_NET_RAW and \
            CAP_NET_ADMIN on the binary (setcap cap_net_raw,cap_net_admin=eip $(which wslens)).

            Examples:
              wslens interfaces
              sudo wslens frames -i lo --filter 'tcp port 8080'
              sudo wslens explain -i lo --follow
            """)

    @OptionGroup var output: OutputOptions

    func run() throws {
        let interfaces = try CaptureReader.interfaces()
        switch output.format {
        case .json:
            for interface in interfaces { Output.line(InterfacesView.json(interface).serialized()) }
        case .text, .markdown:
            Output.line(InterfacesView.render(interfaces, style: output.style, markdown: output.format == .markdown))
        }
        Output.flush()
    }
}
