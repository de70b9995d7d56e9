import CaptureCrafting
import HTTPUpgrade
import Testing
import WireBytes

struct WebSocketExtensionOfferTests {
    typealias Offer = WebSocketExtensionOffer
    typealias Parameter = WebSocketExtensionOffer.Parameter

    @Test func chromiumOffer() {
        var findings: [Finding] = []
        let offers = Offer.parseList(["permessage-deflate; client_max_window_bits"], findings: &findings)
        #expect(offers == [Offer(name: "permessage-deflate", parameters: [Parameter(name: "client_max_window_bits")])])
        #expect(offers.first?.parameter("client_max_window_bits") == .some(nil))
        #expect(offers.first?.parameter("server_no_context_takeover") == nil)
        #expect(findings.isEmpty)
    }

    @Test func quotedValuesCommaListsAndRepeatedHeaders() {
        var findings: [Finding] = []
        let offers = Offer.parseList([
            "permessage-deflate; client_max_window_bits=\"10\"; server_no_context_takeover, permessage-deflate",
            "x-webkit-deflate-frame ;  max_window_bits = 12 ",
        ], findings: &findings)
        #expect(findings.isEmpty)
        #expect(offers == [
            Offer(name: "permessage-deflate", parameters: [
                Parameter(name: "client_max_window_bits", value: "10"),
                Parameter(name: "server_no_context_takeover"),
            ]),
            Offer(name: "permessage-deflate"),
            Offer(name: "x-webkit-deflate-frame", parameters: [Parameter(name: "max_window_bits", value: "12")]),
        ])
        #expect(offers[0].description == "permessage-deflate; client_max_window_bits=10; server_no_context_takeover")
    }

    @Test(arguments: [
        ("permessage-deflate; client_max_window_bits=\"10", "broken quoted string"),
        ("permessage-deflate; a=\"1 0\"", "not a token"),
        ("permessage-deflate;; a", "empty parameter"),
        ("perm{}essage", "not a token"),
        ("permessage-deflate; =5", "not a token"),
        ("permessage-deflate; a=", "not a token"),
        ("\"quoted-name\"", "not a token"),
    ])
    func malformedInputBecomesFindings(_ value: String, _ expectedWords: String) {
        var findings: [Finding] = []
        _ = Offer.parseList([value], findings: &findings, streamOffset: 7)
        #expect(findings.count == 1)
        #expect(findings.first?.rule == HandshakeRule.extensionSyntax)
        #expect(findings.first?.streamOffset == 7)
        #expect(findings.first?.message.contains(expectedWords) == true, "\(findings.first?.message ?? "")")
    }

    @Test func aMalformedParameterDropsOnlyThatParameter() {
        var findings: [Finding] = []
        let offers = Offer.parseList(["permessage-deflate; bad=\"x y\"; server_no_context_takeover"], findings: &findings)
        #expect(offers == [Offer(name: "permessage-deflate", parameters: [Parameter(name: "server_no_context_takeover")])])
        #expect(findings.count == 1)
    }

    @Test func emptyElementsAreIgnored() {
        var findings: [Finding] = []
        #expect(Offer.parseList([" , ,", ""], findings: &findings).isEmpty)
        #expect(findings.isEmpty)
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("ab=;,\" \\\t\u{7f}é-_09xyz".unicodeScalars)
        for _ in 0..<2000 {
            let length = Int.random(in: 0...30, using: &generator)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement(using: &generator)!) }
            var findings: [Finding] = []
            let offers = Offer.parseList([String(text)], findings: &findings)
            for offer in offers {
                #expect(HTTPListSyntax.isToken(offer.name))
            }
        }
    }
}
