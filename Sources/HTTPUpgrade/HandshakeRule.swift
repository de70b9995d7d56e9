public import WireBytes

/// The rules of the HTTP exchange and the WebSocket opening handshake (RFC 6455 section 4,
/// RFC 9110/9112). Ids are part of the public output: never rename one.
public enum HandshakeRule {
    // MARK: Request (client)

    public static let methodNotGet = Rule(
        id: "handshake.method-not-get", rfcSection: "6455 4.1", severity: .error,
        summary: "The opening handshake must be a GET request.")
    public static let httpVersionTooOld = Rule(
        id: "handshake.http-version-too-old", rfcSection: "6455 4.1", severity: .error,
        summary: "The opening handshake must use HTTP/1.1 or later.")
    public static let hostMissing = Rule(
        id: "handshake.host-missing", rfcSection: "6455 4.1", severity: .error,
        summary: "The request must carry a Host header.")
    public static let requestUpgradeTokenMissing = Rule(
        id: "handshake.request-upgrade-token-missing", rfcSection: "6455 4.1", severity: .error,
        summary: "The request's Upgrade header must name websocket.")
    public static let requestConnectionTokenMissing = Rule(
        id: "handshake.request-connection-token-missing", rfcSection: "6455 4.1", severity: .error,
        summary: "The request's Connection header must hold the token upgrade.")
    public static let keyMissing = Rule(
        id: "handshake.key-missing", rfcSection: "6455 4.1", severity: .error,
        summary: "The request must carry a Sec-WebSocket-Key header.")
    public static let keyInvalid = Rule(
        id: "handshake.key-invalid", rfcSection: "6455 4.1", severity: .error,
        summary: "Sec-WebSocket-Key must appear once and be base64.")
    public static let keyLength = Rule(
        id: "handshake.key-not-16-bytes", rfcSection: "6455 4.1", severity: .error,
        summary: "Sec-WebSocket-Key must decode to 16 random bytes.")
    public static let versionNot13 = Rule(
        id: "handshake.version-not-13", rfcSection: "6455 4.1", severity: .error,
        summary: "Sec-WebSocket-Version must be 13.")
    public static let clientDataBeforeResponse = Rule(
        id: "handshake.client-data-before-response", rfcSection: "6455 4.1", severity: .error,
        summary: "The client must wait for the server's response before sending further data.")

    // MARK: Response (server)

    public static let upgradeRefused = Rule(
        id: "handshake.upgrade-refused", rfcSection: "6455 4.2.2", severity: .info,
        summary: "The server answered the upgrade request with a status other than 101; the connection stays HTTP.")
    public static let switchingWithoutUpgradeHeader = Rule(
        id: "handshake.101-without-upgrade-header", rfcSection: "9110 15.2.2", severity: .error,
        summary: "A 101 response must say which protocol it switches to in an Upgrade header.")
    public static let responseUpgradeTokenMissing = Rule(
        id: "handshake.response-upgrade-token-missing", rfcSection: "6455 4.2.2", severity: .error,
        summary: "The response's Upgrade header must name websocket.")
    public static let responseConnectionTokenMissing = Rule(
        id: "handshake.response-connection-token-missing", rfcSection: "6455 4.2.2", severity: .error,
        summary: "The response's Connection header must hold the token upgrade.")
    public static let acceptMissing = Rule(
        id: "handshake.accept-missing", rfcSection: "6455 4.2.2", severity: .error,
        summary: "A 101 response must carry Sec-WebSocket-Accept.")
    public static let acceptMismatch = Rule(
        id: "handshake.accept-mismatch", rfcSection: "6455 4.2.2", severity: .error,
        summary: "Sec-WebSocket-Accept must be base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11)).")
    public static let subprotocolNotOffered = Rule(
        id: "handshake.subprotocol-not-offered", rfcSection: "6455 4.1", severity: .error,
        summary: "The server may only choose a subprotocol the client offered.")
    public static let subprotocolNotSingle = Rule(
        id: "handshake.subprotocol-not-single", rfcSection: "6455 4.2.2", severity: .error,
        summary: "The server must choose at most one subprotocol.")
    public static let extensionNotOffered = Rule(
        id: "handshake.extension-not-offered", rfcSection: "6455 4.1", severity: .error,
        summary: "The server may only accept extensions the client offered.")

    // MARK: Either side

    public static let extensionSyntax = Rule(
        id: "handshake.extension-syntax", rfcSection: "6455 9.1", severity: .error,
        summary: "Sec-WebSocket-Extensions must follow the extension-list grammar.")
    public static let malformedHTTP = Rule(
        id: "handshake.malformed-http", rfcSection: "9112 2", severity: .error,
        summary: "The bytes do not follow the HTTP/1.1 message syntax.")
    public static let headTooLarge = Rule(
        id: "handshake.head-too-large", rfcSection: nil, severity: .warning,
        summary: "A message head is longer than the parser's limit; the rest of this direction is not parsed.")
    public static let heldBytesLimit = Rule(
        id: "handshake.held-bytes-limit", rfcSection: nil, severity: .warning,
        summary: "More client bytes arrived before the upgrade answer than the parser holds; the excess is dropped.")
    public static let bareLineFeed = Rule(
        id: "handshake.bare-line-feed", rfcSection: "9112 2.2", severity: .warning,
        summary: "HTTP lines end with CR LF; a bare LF is tolerated but not conforming.")
    public static let obsoleteLineFolding = Rule(
        id: "handshake.obsolete-line-folding", rfcSection: "9112 5.2", severity: .warning,
        summary: "A header value continued on the next line (obs-fold) is deprecated.")
    public static let truncatedHead = Rule(
        id: "handshake.head-truncated", rfcSection: nil, severity: .warning,
        summary: "Only the beginning of an HTTP head is in the capture (snapshot length or lost segments); checks that need the missing lines were not made.")
    public static let incompleteMessage = Rule(
        id: "handshake.incomplete-message", rfcSection: nil, severity: .info,
        summary: "The stream ended in the middle of an HTTP message.")

    /// Every rule, for documentation and for tests that check each one fires.
    public static let all: [Rule] = [
        methodNotGet, httpVersionTooOld, hostMissing, requestUpgradeTokenMissing, requestConnectionTokenMissing,
        keyMissing, keyInvalid, keyLength, versionNot13, clientDataBeforeResponse,
        upgradeRefused, switchingWithoutUpgradeHeader, responseUpgradeTokenMissing, responseConnectionTokenMissing,
        acceptMissing, acceptMismatch, subprotocolNotOffered, subprotocolNotSingle, extensionNotOffered,
        extensionSyntax, malformedHTTP, headTooLarge, heldBytesLimit, bareLineFeed, obsoleteLineFolding,
        incompleteMessage, truncatedHead,
    ]
}
