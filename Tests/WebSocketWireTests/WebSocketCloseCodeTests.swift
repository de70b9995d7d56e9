import Testing
import WebSocketWire

@Suite struct WebSocketCloseCodeTests {
    @Test func everyVectorCodeHasItsNameAndWireStatus() throws {
        let vectors = try WireVectors.load()
        for vector in vectors.closeCodes {
            let code = WebSocketCloseCode(rawValue: vector.code)
            #expect(code.name == vector.name, "code \(vector.code)")
            #expect(code.isAllowedOnWire == vector.onWire, "code \(vector.code)")
            #expect(code.isReservedNotOnWire == !vector.onWire, "code \(vector.code)")
        }
    }

    @Test func staticMembersMatchTheirNumbers() {
        #expect(WebSocketCloseCode.normalClosure.rawValue == 1000)
        #expect(WebSocketCloseCode.unsupportedData.rawValue == 1003)
        #expect(WebSocketCloseCode.abnormalClosure.rawValue == 1006)
        #expect(WebSocketCloseCode.serviceRestart.rawValue == 1012)
        #expect(WebSocketCloseCode.badGateway.rawValue == 1014)
        #expect(WebSocketCloseCode.tlsHandshake.rawValue == 1015)
    }

    @Test(arguments: [
        (UInt16(0), WebSocketCloseCode.Range.invalidBelow1000, false),
        (999, .invalidBelow1000, false),
        (1000, .defined, true),
        (1004, .reservedForProtocol, false),
        (1005, .reservedNotOnWire, false),
        (1006, .reservedNotOnWire, false),
        (1011, .defined, true),
        (1014, .defined, true),
        (1015, .reservedNotOnWire, false),
        (1016, .reservedForProtocol, false),
        (2999, .reservedForProtocol, false),
        (3000, .registered, true),
        (3999, .registered, true),
        (4000, .applicationPrivate, true),
        (4999, .applicationPrivate, true),
        (5000, .invalidAbove4999, false),
        (65535, .invalidAbove4999, false),
    ])
    func rangeClassification(raw: UInt16, range: WebSocketCloseCode.Range, allowed: Bool) {
        let code = WebSocketCloseCode(rawValue: raw)
        #expect(code.range == range)
        #expect(code.isAllowedOnWire == allowed)
        #expect(!code.meaning.isEmpty)
    }

    @Test func descriptionNamesTheCode() {
        #expect(WebSocketCloseCode.normalClosure.description == "1000 Normal Closure")
        #expect(WebSocketCloseCode(rawValue: 4321).description == "4321")
    }
}
