public import WireBytes

/// The WebSocket opening handshake of one connection, checked against RFC 6455 section 4.
///
/// Built from the request head and, when the capture has it, the response head. The fields are
/// those of the `summary` JSON contract; `findings` lists every broken rule (`HandshakeRule`), the
/// client's first. A refused upgrade (status other than 101) is reported by `HTTPConnectionParser`
/// as `handshake.upgrade-refused`, not here: for it only the request side and `status` are checked.
public struct WebSocketHandshake: Sendable, Hashable {
    public var method: String
    public var target: String
    public var host: String?
    public var origin: String?
    public var userAgent: String?
    /// The Sec-WebSocket-Key value (the first one when there are several).
    public var key: String?
    /// The Sec-WebSocket-Accept value the server sent.
    public var accept: String?
    /// The accept value the key demands, with the steps to it.
    public var expectedAcceptDerivation: WebSocketAccept.Derivation?
    public var expectedAccept: String? { expectedAcceptDerivation?.accept }
    /// Whether the server's accept equals the value derived from the key; nil when that could not
    /// be checked (no 101 response, or a head cut off before the key or the accept).
    public var acceptValid: Bool?
    /// The Sec-WebSocket-Version value(s) the client sent.
    public var version: String?
    public var offeredSubprotocols: [String]
    /// The subprotocol the server chose, if any.
    public var subprotocol: String?
    public var offeredExtensions: [WebSocketExtensionOffer]
    /// The extensions the server accepted, with their parameters.
    public var extensions: [WebSocketExtensionOffer]
    /// The response status; nil when the response is not in the capture.
    public var status: Int?
    /// Headers whose checks could not be made because the capture holds only the beginning of
    /// the head that should carry them (see `HTTPRequestHead.truncation`), in check order.
    public var notChecked: [String]
    /// Whether the extensions the server accepted are known (its response is whole, or its
    /// Sec-WebSocket-Extensions line survived the cut). When not, compression is inferred from RSV1.
    public var extensionsKnown: Bool
    /// Rules the client broke (findings at offsets of the client's stream).
    public var clientFindings: [Finding]
    /// Rules the server broke (findings at offsets of the server's stream).
    public var serverFindings: [Finding]

    public var findings: [Finding] { clientFindings + serverFindings }

    /// Whether the server agreed: a 101 response is present.
    public var isEstablished: Bool { status == 101 }

    public init(request: HTTPRequestHead, response: HTTPResponseHead?) {
        let requestHeaders = request.headers
        method = request.method
        target = request.target
        host = requestHeaders[.host]
        origin = requestHeaders[.origin]
        userAgent = requestHeaders[.userAgent]
        let keyCount = requestHeaders.count(of: .secWebSocketKey)
        key = requestHeaders[.secWebSocketKey]
        expectedAcceptDerivation = keyCount == 1 ? key.map(WebSocketAccept.derive(key:)) : nil
        let versionCount = requestHeaders.count(of: .secWebSocketVersion)
        switch versionCount {
        case 0: version = nil
        case 1: version = requestHeaders[.secWebSocketVersion]
        default: version = requestHeaders.values(for: .secWebSocketVersion).joined(separator: ", ")
        }
        offeredSubprotocols = requestHeaders.listElements(for: .secWebSocketProtocol)
        status = response?.status
        accept = response?.headers[.secWebSocketAccept]
        acceptValid = nil
        subprotocol = nil
        extensions = []
        notChecked = []
        extensionsKnown = response.map { $0.truncation == nil || $0.headers.contains(.secWebSocketExtensions) } ?? false
        clientFindings = []
        serverFindings = []
        offeredExtensions = Self.extensions(in: requestHeaders, findings: &clientFindings, streamOffset: request.startOffset)
        checkRequest(request, keyCount: keyCount, versionCount: versionCount)
        if let response, response.isSwitchingProtocols {
            checkResponse(response, request: request)
        }
    }

    /// The handshake of an upgrade the parser saw; nil when the 101 answers no captured upgrade request.
    public init?(upgrade: UpgradeHandOff) {
        guard let request = upgrade.request else { return nil }
        self.init(request: request, response: upgrade.response)
    }

    // MARK: Request (RFC 6455 section 4.1, items 1-9)

    private mutating func checkRequest(_ request: HTTPRequestHead, keyCount: Int, versionCount: Int) {
        func broken(_ rule: Rule, _ message: String, _ key: String, _ arguments: [MessageArgument] = []) {
            clientFindings.append(Finding(rule: rule, message: message, streamOffset: request.startOffset, messageKey: key, arguments: arguments))
        }
        let headers = request.headers
        // A header missing from a cut head may be in the part the capture lacks: not checked.
        let isCut = request.truncation != nil
        func checkable(_ name: KnownHeaderName, _ shownName: String) -> Bool {
            if headers.contains(name) || !isCut { return true }
            notChecked.append(shownName)
            return false
        }
        if request.method != "GET" {
            broken(HandshakeRule.methodNotGet, "the handshake uses \(request.method), not GET", "finding.handshake.method-not-get", [.text(request.method)])
        }
        if request.version < .http1_1 {
            broken(HandshakeRule.httpVersionTooOld, "the handshake uses \(request.version), not HTTP/1.1", "finding.handshake.http-version-too-old",
                   [.text("\(request.version)")])
        }
        if checkable(.host, "Host"), host == nil {
            broken(HandshakeRule.hostMissing, "the request has no Host header", "finding.handshake.host-missing")
        }
        if checkable(.upgrade, "Upgrade"), !request.upgradeHeaders.upgradeHasWebSocket {
            broken(HandshakeRule.requestUpgradeTokenMissing, "Upgrade is \(shown(headers.values(for: .upgrade))), without websocket",
                   "finding.handshake.upgrade-token-missing", [shownArgument(headers.values(for: .upgrade))])
        }
        if checkable(.connection, "Connection"), !request.upgradeHeaders.connectionHasUpgrade {
            broken(HandshakeRule.requestConnectionTokenMissing,
                   "Connection is \(shown(headers.values(for: .connection))), without upgrade",
                   "finding.handshake.connection-token-missing", [shownArgument(headers.values(for: .connection))])
        }
        if keyCount == 0 {
            if isCut {
                notChecked.append("Sec-WebSocket-Key")
            } else {
                broken(HandshakeRule.keyMissing, "the request has no Sec-WebSocket-Key", "finding.handshake.key-missing")
            }
        } else if keyCount > 1 {
            broken(HandshakeRule.keyInvalid, "Sec-WebSocket-Key appears \(keyCount) times", "finding.handshake.key-invalid.repeated", [.number(keyCount)])
        } else if let key, let decodedCount = Base64.decodedCount(key) {
            if decodedCount != 16 {
                broken(HandshakeRule.keyLength, "Sec-WebSocket-Key \"\(key)\" decodes to \(decodedCount) bytes, not 16", "finding.handshake.key-not-16-bytes",
                       [.text(key), .number(decodedCount)])
            }
        } else {
            broken(HandshakeRule.keyInvalid, "Sec-WebSocket-Key \"\(key ?? "")\" is not base64", "finding.handshake.key-invalid", [.text(key ?? "")])
        }
        if versionCount == 0, isCut {
            notChecked.append("Sec-WebSocket-Version")
        } else if versionCount != 1 || version != "13" {
            broken(HandshakeRule.versionNot13,
                   "Sec-WebSocket-Version is \(shown(headers.values(for: .secWebSocketVersion))), not 13",
                   "finding.handshake.version-not-13", [shownArgument(headers.values(for: .secWebSocketVersion))])
        }
    }

    // MARK: Response (RFC 6455 section 4.2.2 item 5, checked as the client must in 4.1)

    private mutating func checkResponse(_ response: HTTPResponseHead, request: HTTPRequestHead) {
        func broken(_ rule: Rule, _ message: String, _ key: String, _ arguments: [MessageArgument] = []) {
            serverFindings.append(Finding(rule: rule, message: message, streamOffset: response.startOffset, messageKey: key, arguments: arguments))
        }
        let headers = response.headers
        let isCut = response.truncation != nil
        func checkable(_ name: KnownHeaderName, _ shownName: String) -> Bool {
            if headers.contains(name) || !isCut { return true }
            notChecked.append(shownName)
            return false
        }
        if checkable(.upgrade, "Upgrade (response)") {
            if !headers.contains(.upgrade) {
                broken(HandshakeRule.switchingWithoutUpgradeHeader, "the 101 response has no Upgrade header", "finding.handshake.101-without-upgrade-header")
            } else if !response.upgradeHeaders.upgradeHasWebSocket {
                broken(HandshakeRule.responseUpgradeTokenMissing,
                       "Upgrade is \(shown(headers.values(for: .upgrade))), without websocket",
                       "finding.handshake.upgrade-token-missing", [shownArgument(headers.values(for: .upgrade))])
            }
        }
        if checkable(.connection, "Connection (response)"), !response.upgradeHeaders.connectionHasUpgrade {
            broken(HandshakeRule.responseConnectionTokenMissing,
                   "Connection is \(shown(headers.values(for: .connection))), without upgrade",
                   "finding.handshake.connection-token-missing", [shownArgument(headers.values(for: .connection))])
        }

        let acceptCount = headers.count(of: .secWebSocketAccept)
        if checkable(.secWebSocketAccept, "Sec-WebSocket-Accept") {
            if acceptCount == 0 {
                acceptValid = false
                broken(HandshakeRule.acceptMissing, "the 101 response has no Sec-WebSocket-Accept", "finding.handshake.accept-missing")
            } else if let expected = expectedAccept, acceptCount == 1, accept == expected {
                acceptValid = true
            } else if expectedAccept == nil, key == nil, request.truncation != nil {
                // The key went with the cut request: the accept cannot be derived.
                notChecked.append("Sec-WebSocket-Accept (the key is not in the capture)")
            } else {
                acceptValid = false
                let expectation = expectedAccept.map { "the key demands \"\($0)\"" } ?? "there is no single key to derive it from"
                let given = shownArgument(headers.values(for: .secWebSocketAccept))
                broken(HandshakeRule.acceptMismatch,
                       "Sec-WebSocket-Accept is \(shown(headers.values(for: .secWebSocketAccept))); \(expectation)",
                       expectedAccept == nil ? "finding.handshake.accept-mismatch.noKey" : "finding.handshake.accept-mismatch",
                       expectedAccept.map { [given, .text($0)] } ?? [given])
            }
        }

        if checkable(.secWebSocketProtocol, "Sec-WebSocket-Protocol") {
            let chosen = headers.listElements(for: .secWebSocketProtocol)
            subprotocol = chosen.first
            if chosen.count > 1 {
                broken(HandshakeRule.subprotocolNotSingle, "the server chose \(chosen.count) subprotocols: \(chosen.joined(separator: ", "))",
                       "finding.handshake.subprotocol-not-single", [.number(chosen.count), .text(chosen.joined(separator: ", "))])
            }
            // Subprotocol names compare exactly (RFC 6455 section 11.3.4).
            for name in chosen where !offeredSubprotocols.contains(name) {
                let offered = offeredSubprotocols.isEmpty ? "none were offered" : "offered: \(offeredSubprotocols.joined(separator: ", "))"
                broken(HandshakeRule.subprotocolNotOffered, "the server chose subprotocol \"\(name)\"; \(offered)",
                       offeredSubprotocols.isEmpty ? "finding.handshake.subprotocol-not-offered.none" : "finding.handshake.subprotocol-not-offered",
                       [.text(name), .text(offeredSubprotocols.joined(separator: ", "))])
            }
        }

        if checkable(.secWebSocketExtensions, "Sec-WebSocket-Extensions") {
            extensions = Self.extensions(in: headers, findings: &serverFindings, streamOffset: response.startOffset)
            for accepted in extensions
            where !offeredExtensions.contains(where: { ASCII.equalsIgnoringCase($0.name, accepted.name) }) {
                broken(HandshakeRule.extensionNotOffered, "the server accepted extension \(accepted.name), which the client did not offer",
                       "finding.handshake.extension-not-offered", [.text(accepted.name)])
            }
        }
    }

    /// The Sec-WebSocket-Extensions list of one message (most handshakes have none).
    private static func extensions(in headers: HTTPHeaders, findings: inout [Finding],
                                   streamOffset: UInt64) -> [WebSocketExtensionOffer] {
        guard headers.contains(.secWebSocketExtensions) else { return [] }
        return WebSocketExtensionOffer.parseList(headers.values(for: .secWebSocketExtensions), findings: &findings,
                                                 streamOffset: streamOffset)
    }

    private func shown(_ values: [String]) -> String {
        values.isEmpty ? "missing" : "\"" + values.joined(separator: ", ") + "\""
    }

    /// `shown(values)` as a message argument: "missing" is a word the reader's language says.
    private func shownArgument(_ values: [String]) -> MessageArgument {
        values.isEmpty ? .word("word.missing") : .text("\"" + values.joined(separator: ", ") + "\"")
    }
}
