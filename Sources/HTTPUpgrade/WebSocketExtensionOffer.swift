public import WireBytes

/// One element of a Sec-WebSocket-Extensions list: an extension name and its parameters, as a
/// client offers it or a server accepts it (RFC 6455 section 9.1, RFC 7692 section 7.1):
///
///     extension-list  = 1#extension
///     extension       = extension-token *( ";" extension-param )
///     extension-param = token [ "=" (token | quoted-string) ]
///
/// A quoted value is unquoted (`client_max_window_bits="10"` has the value `10`) and must then be
/// a token itself.
public struct WebSocketExtensionOffer: Sendable, Hashable, CustomStringConvertible {
    public struct Parameter: Sendable, Hashable {
        public var name: String
        /// nil for a parameter without `=` (e.g. `client_max_window_bits` offered with no value).
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    public var name: String
    public var parameters: [Parameter]

    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// Whether a parameter of that name is present (names compare without regard to case).
    public func hasParameter(_ name: String) -> Bool {
        parameters.contains { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// The value of the first parameter of that name: nil when absent, `.some(nil)` when present without a value.
    public func parameter(_ name: String) -> String?? {
        parameters.first { ASCII.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// In canonical form, e.g. `permessage-deflate; client_max_window_bits=10`.
    public var description: String {
        var text = name
        for parameter in parameters {
            text += "; "
            text += parameter.name
            if let value = parameter.value {
                text += "="
                text += value
            }
        }
        return text
    }

    /// Parses the values of all Sec-WebSocket-Extensions fields of one message, in order; the
    /// list may be spread over repeated fields. Malformed pieces are left out and described in
    /// `findings` (rule `handshake.extension-syntax`, at `streamOffset`); a malformed parameter
    /// drops only that parameter, a malformed extension name the whole element.
    public static func parseList(_ headerValues: [String], findings: inout [Finding],
                                 streamOffset: UInt64? = nil) -> [WebSocketExtensionOffer] {
        var offers: [WebSocketExtensionOffer] = []
        func problem(_ problem: SyntaxProblem) {
            findings.append(Finding(rule: HandshakeRule.extensionSyntax, message: problem.message, streamOffset: streamOffset,
                                    messageKey: problem.messageKey, arguments: problem.arguments))
        }
        for value in headerValues {
            // Header values are ASCII in practice; those are parsed as bytes. Others take the path
            // over Strings, where `=` and `"` are found as Characters (a combining mark after one
            // makes it part of another Character), as they always were.
            let parsedAsBytes = value.withUTF8Bytes { bytes in
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
                parseASCIIList(bytes, into: &offers, problem: problem)
                return true
            }
            if parsedAsBytes { continue }
            for element in HTTPListSyntax.split(value, separator: ",") {
                let pieces = HTTPListSyntax.split(element, separator: ";").map(ASCII.trimmingWhitespace)
                // Empty list elements are allowed and ignored (RFC 9110 section 5.6.1).
                guard pieces.count > 1 || !pieces[0].isEmpty else { continue }
                guard ASCII.isToken(pieces[0]) else {
                    problem(.nameNotToken(pieces[0]))
                    continue
                }
                var offer = WebSocketExtensionOffer(name: pieces[0])
                for piece in pieces.dropFirst() {
                    switch parseParameter(piece) {
                    case .success(let parameter): offer.parameters.append(parameter)
                    case .failure(let failure): problem(failure.in(offer.name))
                    }
                }
                offers.append(offer)
            }
        }
        return offers
    }

    /// `parseList` for one ASCII header value, over its bytes: the same elements, parameters and
    /// problems, without making a String of every piece.
    private static func parseASCIIList(_ value: UnsafeBufferPointer<UInt8>, into offers: inout [WebSocketExtensionOffer],
                                       problem: (SyntaxProblem) -> Void) {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        HTTPListSyntax.forEachPiece(of: value, separator: UInt8(ascii: ",")) { element in
            // The first piece names the extension; it is judged once it is known whether more follow.
            var name: UnsafeBufferPointer<UInt8>?
            var offer: WebSocketExtensionOffer?
            var nameIsBroken = false
            func judgeName(_ name: UnsafeBufferPointer<UInt8>) {
                if ASCII.isToken(name) {
                    offer = WebSocketExtensionOffer(name: text(name))
                } else {
                    nameIsBroken = true
                    problem(.nameNotToken(text(name)))
                }
            }
            HTTPListSyntax.forEachPiece(of: element, separator: UInt8(ascii: ";")) { rawPiece in
                let piece = ASCII.trimmingWhitespace(rawPiece)
                guard let extensionName = name else {
                    name = piece
                    return true
                }
                if offer == nil, !nameIsBroken { judgeName(extensionName) }
                guard var current = offer else { return false }
                switch parseASCIIParameter(piece) {
                case .success(let parameter): current.parameters.append(parameter)
                case .failure(let failure): problem(failure.in(current.name))
                }
                offer = current
                return true
            }
            // Empty list elements are allowed and ignored (RFC 9110 section 5.6.1).
            if offer == nil, !nameIsBroken, let name, !name.isEmpty { judgeName(name) }
            if let offer { offers.append(offer) }
            return true
        }
    }

    /// `parseParameter` for ASCII bytes.
    private static func parseASCIIParameter(_ text: UnsafeBufferPointer<UInt8>) -> Result<Parameter, SyntaxProblem> {
        func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        guard !text.isEmpty else { return .failure(.emptyParameter) }
        // The name is a token, so the first "=" separates it from the value.
        guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else {
            guard ASCII.isToken(text) else { return .failure(.parameterNotToken(string(text))) }
            return .success(Parameter(name: string(text)))
        }
        let name = ASCII.trimmingWhitespace(UnsafeBufferPointer(rebasing: text[..<equals]))
        let rawValue = ASCII.trimmingWhitespace(UnsafeBufferPointer(rebasing: text[(equals + 1)...]))
        guard ASCII.isToken(name) else {
            return .failure(.parameterNameNotToken(string(name)))
        }
        var value = string(rawValue)
        if rawValue.first == ASCII.quote {
            guard let unquoted = HTTPListSyntax.unquote(value) else {
                return .failure(.brokenQuotedValue(string(name), value))
            }
            value = unquoted
        }
        // RFC 6455 section 9.1: quoted or not, the value must be a token.
        guard ASCII.isToken(value) else {
            return .failure(.valueNotToken(string(name), string(rawValue)))
        }
        return .success(Parameter(name: string(name), value: value))
    }

    /// `parseList` when the findings are not wanted.
    public static func parseList(_ headerValues: [String]) -> [WebSocketExtensionOffer] {
        var ignored: [Finding] = []
        return parseList(headerValues, findings: &ignored)
    }

    /// A piece of the list that is left out, in English and as a key of the string catalog
    /// (`finding.handshake.extension-syntax.<kind>`) with its arguments.
    private struct SyntaxProblem: Error {
        var message: String
        var messageKey: String
        var arguments: [MessageArgument]

        init(_ message: String, _ kind: String, _ arguments: [MessageArgument] = []) {
            self.message = message
            messageKey = "finding.handshake.extension-syntax." + kind
            self.arguments = arguments
        }

        static func nameNotToken(_ name: String) -> SyntaxProblem {
            SyntaxProblem("extension name \"\(name)\" is not a token", "nameNotToken", [.text(name)])
        }
        static let emptyParameter = SyntaxProblem("an empty parameter (\";;\" or a trailing \";\")", "emptyParameter")
        static func parameterNotToken(_ parameter: String) -> SyntaxProblem {
            SyntaxProblem("parameter \"\(parameter)\" is not a token", "parameterNotToken", [.text(parameter)])
        }
        static func parameterNameNotToken(_ name: String) -> SyntaxProblem {
            SyntaxProblem("parameter name \"\(name)\" is not a token", "parameterNameNotToken", [.text(name)])
        }
        static func brokenQuotedValue(_ name: String, _ value: String) -> SyntaxProblem {
            SyntaxProblem("the value of \(name) is a broken quoted string: \(value)", "brokenQuotedValue", [.text(name), .text(value)])
        }
        static func valueNotToken(_ name: String, _ value: String) -> SyntaxProblem {
            SyntaxProblem("the value of \(name) is not a token: \(value)", "valueNotToken", [.text(name), .text(value)])
        }

        /// The problem of a parameter, said of its extension ("permessage-deflate: …").
        func `in`(_ extensionName: String) -> SyntaxProblem {
            var said = self
            said.message = "\(extensionName): \(message)"
            said.arguments = [.text(extensionName)] + arguments
            return said
        }
    }

    private static func parseParameter(_ text: String) -> Result<Parameter, SyntaxProblem> {
        guard !text.isEmpty else { return .failure(.emptyParameter) }
        // The name is a token, so the first "=" separates it from the value.
        guard let equals = text.firstIndex(of: "=") else {
            guard ASCII.isToken(text) else { return .failure(.parameterNotToken(text)) }
            return .success(Parameter(name: text))
        }
        let name = ASCII.trimmingWhitespace(text[..<equals])
        let rawValue = ASCII.trimmingWhitespace(text[text.index(after: equals)...])
        guard ASCII.isToken(name) else {
            return .failure(.parameterNameNotToken(name))
        }
        var value = rawValue
        if rawValue.hasPrefix("\"") {
            guard let unquoted = HTTPListSyntax.unquote(rawValue) else {
                return .failure(.brokenQuotedValue(name, rawValue))
            }
            value = unquoted
        }
        // RFC 6455 section 9.1: quoted or not, the value must be a token.
        guard ASCII.isToken(value) else {
            return .failure(.valueNotToken(name, rawValue))
        }
        return .success(Parameter(name: name, value: value))
    }
}
