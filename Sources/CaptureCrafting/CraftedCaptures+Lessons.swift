import PacketDecoding
import WireBytes

/// Crafted captures for the lessons in Lessons/: what no real, conforming peer would put on the
/// wire (a buggy student implementation), or what loopback never shows (lost and retransmitted
/// segments). Each is described in Captures/README.md.
extension CraftedCaptures {
    /// Lesson 9: a seminar chat written by a student, client and server, with the bugs `wslens check`
    /// is meant to catch. Handshake key "c2VtaW5hciBjaGF0IDAwNw==" (base64 of "seminar chat 007"); the
    /// student's server appends the GUID in lower case, so its Sec-WebSocket-Accept
    /// 7FsKl98WyO+38CXKVp8T6oHT4PU= is wrong (correct: 1c7VVqWjXZsZ5KIrURErS436I9g=), and the
    /// student's client does not notice. Then, in order: a correct masked text; the server's
    /// answer; a second client text with the same masking key (12 34 56 78); an unmasked client
    /// text; a server text that is masked; a client text in ISO-8859-1 instead of UTF-8
    /// ("Grüße aus München" with bytes fc and df); a client ping with a 130-byte payload (control
    /// frames carry at most 125); the server fails the connection with 1002 "ping too long"; the
    /// client answers with 1005, a code that must never be sent.
    public static func buggyStudentClient() -> WebSocketConversation {
        var ws = WebSocketConversation(client: .ipv4("192.168.0.23", 52_007), server: .ipv4("192.168.0.10", 8080),
                                       clientISN: 3_000_000, serverISN: 7_000_000)
        ws.upgrade(target: "/chat", host: "192.168.0.10:8080", key: "c2VtaW5hciBjaGF0IDAwNw==",
                   accept: "7FsKl98WyO+38CXKVp8T6oHT4PU=", requestHeaders: ["Origin: http://192.168.0.10:8080"])
        let fixedKey: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        ws.send(.text("hello from the student chat", maskingKey: fixedKey), from: .client)
        ws.send(.text("welcome to the seminar chat, student"), from: .server)
        ws.send(.text("second message, same key", maskingKey: fixedKey), from: .client)
        ws.send(.text("this one is not masked at all"), from: .client)
        ws.send(.text("server: message received", maskingKey: [0x0f, 0x1e, 0x2d, 0x3c]), from: .server)
        // "Grüße aus München" as ISO-8859-1: ü = fc, ß = df, not the two-byte UTF-8 sequences.
        let latin1: [UInt8] = Array("Gr".utf8) + [0xfc, 0xdf] + Array("e aus M".utf8) + [0xfc] + Array("nchen".utf8)
        ws.send(WebSocketFrameBuilder(opcode: 1, payload: latin1, maskingKey: [0x9a, 0xbc, 0xde, 0xf0]), from: .client)
        let longPing = Array(String(repeating: "are you still there? ", count: 7).utf8.prefix(130))
        ws.send(WebSocketFrameBuilder(opcode: 9, payload: longPing, maskingKey: [0x5e, 0x6d, 0x7c, 0x8b]), from: .client)
        ws.send(.close(code: 1002, reason: "ping too long"), from: .server)
        ws.send(.close(code: 1005, maskingKey: [0x21, 0x43, 0x65, 0x87]), from: .client)
        ws.tcp.close(first: .server)
        return ws
    }

    /// Lesson 8: the TCP underneath one WebSocket connection, on a link that loses and repeats
    /// segments. The 101 response and the server's first frame share one segment; three server
    /// texts ("one", "two", "three") travel in one segment; a client text is cut into segments of
    /// 1, 5 and 20 bytes (its header split in the middle); a 4000-byte binary frame spans three
    /// segments; a text segment is retransmitted (the same bytes twice); and a 3000-byte binary
    /// frame's middle segment (1448 bytes) is missing from the capture although the client
    /// acknowledges it (capture loss, not network loss). Then a close handshake with 1000.
    public static func tcpUnderneath() -> WebSocketConversation {
        var ws = WebSocketConversation(client: .ipv4("192.168.0.23", 52_100), server: .ipv4("192.168.0.10", 8765),
                                       clientISN: 100_000, serverISN: 900_000)
        let request = ["GET /underneath HTTP/1.1", "Host: 192.168.0.10:8765", "Upgrade: websocket", "Connection: Upgrade",
                       "Sec-WebSocket-Key: dGNwIHVuZGVybmVhdGghIQ==", "Sec-WebSocket-Version: 13"]
        let response = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Accept: IH1+Pcqb6P9yTN3wTjzueyyWOTw="]
        ws.tcp.send(Array((request.joined(separator: "\r\n") + "\r\n\r\n").utf8), from: .client)
        // The response and the first frame in one segment: the server wrote both at once.
        ws.tcp.send(Array((response.joined(separator: "\r\n") + "\r\n\r\n").utf8)
                    + WebSocketFrameBuilder.text("welcome, same segment as the 101").bytes, from: .server)

        // Three frames in one segment (as Nagle's algorithm or one write() of three frames makes them).
        ws.sendRaw(WebSocketFrameBuilder.text("one").bytes + WebSocketFrameBuilder.text("two").bytes
                   + WebSocketFrameBuilder.text("three").bytes, from: .server)

        // One client frame in three segments: 1 byte, 5 bytes (the rest of the header), 20 bytes.
        ws.send(.text("split into segments!", maskingKey: [0xa1, 0xb2, 0xc3, 0xd4]), from: .client, pieces: [1, 5, 20])

        // One frame over three full-size segments.
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: (0..<4000).map { UInt8(truncatingIfNeeded: $0) }), from: .server)

        // A retransmission: the segment is captured on its way out but never arrives; the client's
        // duplicate ACK still asks for its first byte, and 200 ms later the server sends the same
        // bytes again with the same sequence number. (`consumesSequence` rewinds the crafting
        // sequence so the second copy reuses it.)
        let repeated = WebSocketFrameBuilder.text("this segment was sent twice").bytes
        ws.tcp.emit(from: .server, flags: [.ack, .psh], payload: repeated, consumesSequence: 0 &- UInt32(repeated.count))
        let spacing = ws.tcp.packetSpacing
        ws.tcp.packetSpacing = 200_000_000
        ws.tcp.emit(from: .client, flags: .ack, payload: [])
        ws.tcp.packetSpacing = spacing
        ws.tcp.emit(from: .server, flags: [.ack, .psh], payload: repeated)
        ws.tcp.emit(from: .client, flags: .ack, payload: [])

        // Capture loss: the middle segment of a 3000-byte frame never reached the capture, but the
        // client received it (its ACK covers every byte).
        let lossy = WebSocketFrameBuilder(opcode: 2, payload: (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).bytes
        ws.tcp.emit(from: .server, flags: [.ack, .psh], payload: Array(lossy[0..<1448]), consumesSequence: 1448)
        ws.tcp.emit(from: .server, flags: [.ack, .psh], payload: Array(lossy[2896...]))
        ws.tcp.emit(from: .client, flags: .ack, payload: [])

        ws.send(.text("after the gap"), from: .server)
        ws.send(.close(code: 1000, maskingKey: [0x0a, 0x0b, 0x0c, 0x0d]), from: .client)
        ws.send(.close(code: 1000), from: .server)
        ws.tcp.close(first: .server)
        return ws
    }
}
