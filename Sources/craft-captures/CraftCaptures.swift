import CaptureCrafting
import PacketCapture
import PacketDecoding
import WireBytes

/// Writes the crafted captures of Captures/ with the project's own capture writer.
/// Usage: craft-captures OUTPUT-DIRECTORY
@main
struct CraftCaptures {
    static func main() throws {
        let arguments = CommandLine.arguments
        let directory = arguments.count > 1 ? arguments[1] : "Captures"
        for (name, conversation) in CraftedCaptures.all {
            try conversation.tcp.write(to: directory + "/" + name)
            print("wrote \(directory)/\(name) (\(conversation.tcp.packets.count) packets)")
        }
    }
}
