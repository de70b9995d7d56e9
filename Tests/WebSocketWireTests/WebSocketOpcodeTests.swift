import Testing
import WebSocketWire

@Suite struct WebSocketOpcodeTests {
    @Test func namesAndClassesOfAllSixteen() {
        #expect(WebSocketOpcode.allCases.count == 16)
        #expect(WebSocketOpcode.text.name == "text")
        #expect(WebSocketOpcode.connectionClose.name == "close")
        #expect(WebSocketOpcode(rawValue: 3).name == "reserved non-control 0x3")
        #expect(WebSocketOpcode(rawValue: 0xb).name == "reserved control 0xb")
        let reserved = WebSocketOpcode.allCases.filter(\.isReserved).map(\.rawValue)
        #expect(reserved == [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf])
        let control = WebSocketOpcode.allCases.filter(\.isControl).map(\.rawValue)
        #expect(control == Array(8...15))
        #expect(!WebSocketOpcode.continuation.isControl && WebSocketOpcode.pong.isControl)
    }

    @Test func keepsOnlyTheLowFourBits() {
        #expect(WebSocketOpcode(rawValue: 0x81) == .text)
    }
}
