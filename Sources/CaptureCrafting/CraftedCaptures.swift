import PacketDecoding
import WireBytes

/// The crafted captures bundled in Captures/, each built from documented known answers.
/// `craft-captures` writes them; a test checks the committed files still match.
public enum CraftedCaptures {
    public static var all: [(name: String, conversation: WebSocketConversation)] {
        [("seed-examples.pcap", seedExamples()), ("rfc6455-examples.pcap", rfc6455Examples()),
         ("buggy-student-client.pcap", buggyStudentClient()), ("tcp-underneath.pcap", tcpUnderneath())]
    }

    /// The examples of the two seed documents on one connection: the MSDN article's handshake
    /// (key E4WSEcseoWr4csPLS2QJHA==, accept 7eQChgCtQMnVILefJAO6dK5JwPc=) to host cs.hm.edu, the
    /// thesis' table 1 ("cs.hm.edu" masked with 3c 2e 3f 4a), figure 2 (server ping 89 00, client
    /// pong 8a 80 85 e1 ef 27), figure 3 (client close 88 82 2a 1f fc f2 29 f7) and figure 4 (the
    /// server's close reply 88 02 03 e8).
    public static func seedExamples() -> WebSocketConversation {
        var ws = WebSocketConversation(client: .ipv4("192.168.0.10", 50_123), server: .ipv4("129.187.244.22", 80))
        ws.upgrade(target: "/chat", host: "cs.hm.edu", key: "E4WSEcseoWr4csPLS2QJHA==", accept: "7eQChgCtQMnVILefJAO6dK5JwPc=",
                   requestHeaders: ["Origin: http://cs.hm.edu"])
        sendSeedFrames(&ws)
        return ws
    }

    /// The frames of the seed examples after the handshake: table 1's text, the ping and pong of
    /// figure 2, the close frames of figures 3 and 4; then the server closes TCP.
    public static func sendSeedFrames(_ ws: inout WebSocketConversation) {
        ws.send(.text("cs.hm.edu", maskingKey: [0x3c, 0x2e, 0x3f, 0x4a]), from: .client)
        ws.send(WebSocketFrameBuilder(opcode: 9, payload: []), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 10, payload: [], maskingKey: [0x85, 0xe1, 0xef, 0x27]), from: .client)
        ws.send(.close(code: 1000, maskingKey: [0x2a, 0x1f, 0xfc, 0xf2]), from: .client)
        ws.send(.close(code: 1000), from: .server)
        ws.tcp.close(first: .server)
    }

    /// RFC 6455 section 5.7's examples as a server-to-client and client-to-server exchange after the
    /// section 1.3 handshake: unmasked and masked "Hello", a fragmented "Hello", ping and pong, and
    /// 256-byte and 64 KiB binary messages (the two extended length encodings).
    public static func rfc6455Examples() -> WebSocketConversation {
        var ws = WebSocketConversation(client: .ipv6(0, 1, 50_200), server: .ipv6(0, 1, 80), framing: .linuxSLL2)
        ws.upgrade(target: "/chat", host: "server.example.com", key: "dGhlIHNhbXBsZSBub25jZQ==",
                   accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", requestHeaders: ["Origin: http://example.com"])
        let hello = Array("Hello".utf8)
        let key: [UInt8] = [0x37, 0xfa, 0x21, 0x3d]
        ws.send(.text("Hello", maskingKey: key), from: .client)
        ws.send(.text("Hello"), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 1, payload: Array(hello[0..<3]), fin: false), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array(hello[3...])), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 9, payload: hello), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 10, payload: hello, maskingKey: key), from: .client)
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: (0..<256).map { UInt8($0) }), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) }), from: .server)
        ws.send(.close(code: 1000, maskingKey: [1, 2, 3, 4]), from: .client)
        ws.send(.close(code: 1000), from: .server)
        ws.tcp.close(first: .server)
        return ws
    }
}
