import CaptureCrafting
import Foundation
import PacketCapture
import PacketDecoding
import Testing
import WireBytes

/// Issue 12, item 8: one rule per message for hex versus text in the payload column (also for
/// fragments), `[compressed]` on every frame of a compressed message, quotes escaped inside
/// quoted text, and `explain` without a character row for binary or compressed bytes and with
/// one hex dump of a compressed frame.
@Suite(.serialized) struct PayloadColumnTests {
    /// A crafted conversation (permessage-deflate negotiated): a binary message in three fragments
    /// whose bytes happen to be printable ASCII, a text message in three fragments with quotes and
    /// a "ü" split between two of them, and a compressed text message in three fragments.
    static func capture() throws -> String {
        var ws = WebSocketConversation(client: .ipv4("10.0.0.2", 51_000), server: .ipv4("10.0.0.1", 8765))
        ws.upgrade(host: "x", key: "dGhlIHNhbXBsZSBub25jZQ==", accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                   requestHeaders: ["Sec-WebSocket-Extensions: permessage-deflate"],
                   responseHeaders: ["Sec-WebSocket-Extensions: permessage-deflate"])
        func key(_ seed: UInt8) -> [UInt8] { [seed, 0x11, 0x22, seed &+ 0x33] }
        // Binary, printable bytes: "ABCD" "EFGH" "IJKL".
        ws.send(WebSocketFrameBuilder(opcode: 2, payload: Array("ABCD".utf8), maskingKey: key(1), fin: false), from: .client)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array("EFGH".utf8), maskingKey: key(2), fin: false), from: .client)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array("IJKL".utf8), maskingKey: key(3)), from: .client)
        // Text: `say "who"` + "gr" + ü split (c3 | bc) + "ße".
        let text = Array("say \"who\" grüße".utf8)
        let split = text.firstIndex(of: 0xc3)! + 1
        ws.send(WebSocketFrameBuilder(opcode: 1, payload: Array(text[..<10]), fin: false), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array(text[10..<split]), fin: false), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array(text[split...])), from: .server)
        // Compressed text in three fragments.
        let compressed = MessageDeflater().compress(Array(String(repeating: "compressed and fragmented ", count: 4).utf8))
        let third = compressed.count / 3
        var first = WebSocketFrameBuilder(opcode: 1, payload: Array(compressed[..<third]), fin: false)
        first.rsv1 = true
        ws.send(first, from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array(compressed[third..<(2 * third)]), fin: false), from: .server)
        ws.send(WebSocketFrameBuilder(opcode: 0, payload: Array(compressed[(2 * third)...])), from: .server)
        ws.send(.close(code: 1000, reason: "say \"bye\"", maskingKey: key(4)), from: .client)
        ws.send(.close(code: 1000), from: .server)
        ws.tcp.close()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wslens-payload-\(UUID().uuidString).pcap").path
        try ws.tcp.write(to: path)
        return path
    }

    /// The payload cell of each row of `frames` (the text after the masking key column).
    static func payloadCells(_ output: String) -> [String] {
        output.split(separator: "\n").dropFirst(2).map { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count > 10 else { return String(line) }
            // #, conn, packets, time, dir, FIN, RSV, opcode, MASK, length, key (1 or 4 cells), payload...
            let keyCells = columns[10] == "-" ? 1 : 4
            return columns.dropFirst(10 + keyCells).joined(separator: " ")
        }
    }

    @Test func everyFrameOfAMessageIsShownByTheMessagesRule() throws {
        let path = try Self.capture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLI.run(["frames", path, "--width", "160"])
        #expect(result.status == 0)
        let cells = Self.payloadCells(result.stdout)
        #expect(cells.count == 11, "\(result.stdout)")
        // Binary: hex for the first frame and for its continuations.
        #expect(Array(cells[0..<3]) == ["41424344", "45464748", "494a4b4c"])
        // Text: quoted, the quotes inside escaped, the split "ü" shown as the bytes each fragment has.
        #expect(cells[3] == #""say \"who\" ""#)
        #expect(cells[4] == #""gr\xc3""#)
        #expect(cells[5] == #""\xbcße""#)
        // Compressed: every frame tagged, shown as hex.
        for cell in cells[6..<9] {
            #expect(cell.hasSuffix("[compressed]"), "\(cell)")
            #expect(!cell.contains("\""), "compressed bytes are not text: \(cell)")
        }
        #expect(cells[9] == #"1000 Normal Closure "say \"bye\"""#)
        let messages = try CLI.run(["messages", path]).stdout
        #expect(messages.contains(#""say \"who\" grüße""#))
    }

    @Test func explainShowsNoCharacterRowForBinaryOrCompressedBytesAndOneHexDump() throws {
        let path = try Self.capture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let binaryContinuation = try CLI.run(["explain", path, "--frame", "1"]).stdout
        #expect(!binaryContinuation.contains("   character "), "\(binaryContinuation)")
        #expect(binaryContinuation.contains("no character row: the payload is binary data"))
        #expect(!binaryContinuation.contains("as text:"))
        let compressedFirst = try CLI.run(["explain", path, "--frame", "6"]).stdout
        #expect(compressedFirst.contains("compressed: these bytes are DEFLATE data"))
        #expect(compressedFirst.contains("compressed bytes ("))
        #expect(compressedFirst.contains("inflated (104 bytes)"))
        let textFragment = try CLI.run(["explain", path, "--frame", "3"]).stdout
        #expect(textFragment.contains(#"as text: "say \"who\" ""#))
        // A one-frame compressed message: its bytes are dumped once.
        let deflate = try CLI.run(["explain", "Captures/chromium-deflate.pcap", "--frame", "4", "--connection", "4"]).stdout
        #expect(deflate.components(separatedBy: "0000  1a 4d 78 a3 09 6f 40 12 1e 00").count == 2, "one hex dump: \(deflate)")
        #expect(deflate.contains("compressed bytes (10): this frame's payload, dumped above"))
        #expect(!deflate.contains("   character "))
    }
}
