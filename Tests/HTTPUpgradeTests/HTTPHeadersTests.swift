import HTTPUpgrade
import Testing

struct HTTPHeadersTests {
    @Test func namesCompareWithoutCaseAndKeepTheirOrder() {
        let headers: HTTPHeaders = [("Host", "a"), ("X-Thing", "1"), ("x-thing", "2"), ("HOST", "b")]
        #expect(headers["host"] == "a")
        #expect(headers.values(for: "X-THING") == ["1", "2"])
        #expect(headers.values(for: "Host") == ["a", "b"])
        #expect(headers.map(\.name) == ["Host", "X-Thing", "x-thing", "HOST"])
        #expect(!headers.contains("Upgrade"))
    }

    @Test func listElementsSpanRepeatedFieldsAndRespectQuotes() {
        let headers: HTTPHeaders = [("Sec-WebSocket-Protocol", "chat, , superchat"), ("sec-websocket-protocol", "\"a,b\", v2")]
        #expect(headers.listElements(for: "Sec-WebSocket-Protocol") == ["chat", "superchat", "\"a,b\"", "v2"])
    }

    @Test func tokenSetsIgnoreCase() {
        let headers: HTTPHeaders = [("Connection", "keep-alive, Upgrade"), ("Upgrade", "WebSocket")]
        #expect(headers.tokens(for: "connection") == ["keep-alive", "upgrade"])
        #expect(headers.hasToken("upgrade", in: "Connection"))
        #expect(headers.hasToken("websocket", in: "Upgrade"))
        #expect(!headers.hasToken("close", in: "Connection"))
    }

    @Test func quotedStringsUnquote() {
        #expect(HTTPListSyntax.unquote("\"10\"") == "10")
        #expect(HTTPListSyntax.unquote("\"a\\\"b\"") == "a\"b")
        #expect(HTTPListSyntax.unquote("\"open") == nil)
        #expect(HTTPListSyntax.unquote("\"a\"b\"") == nil)
        #expect(HTTPListSyntax.split("a;b=\"x;y\";c", separator: ";") == ["a", "b=\"x;y\"", "c"])
    }
}

struct HTTPListSyntaxTests {
    @Test func tokenCharactersFollowRFC9110() {
        #expect(HTTPListSyntax.isToken("permessage-deflate"))
        #expect(HTTPListSyntax.isToken("!#$%&'*+-.^_`|~09azAZ"))
        for separator in "()<>@,;:\\\"/[]?={} \t".unicodeScalars {
            #expect(!HTTPListSyntax.isToken("a\(separator)b"), "\(separator)")
        }
        #expect(!HTTPListSyntax.isToken(""))
        #expect(!HTTPListSyntax.isToken("é"))
    }
}
