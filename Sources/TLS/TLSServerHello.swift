/// What a ServerHello chose (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3), parsed from the message body.
/// A HelloRetryRequest is a ServerHello with a special random; `isHelloRetryRequest` tells.
public struct TLSServerHello: Sendable, Hashable {
    public var legacyVersion: TLSVersion
    public var random: [UInt8]
    public var sessionID: [UInt8]
    public var cipherSuite: TLSCipherSuite
    public var compressionMethod: UInt8
    public var extensionTypes: [TLSExtensionType]
    /// The version from supported_versions (TLS 1.3), nil when the extension is absent.
    public var selectedVersion: TLSVersion?
    /// The key_share group chosen (for a HelloRetryRequest: the group the server asks for).
    public var keyShareGroup: TLSNamedGroup?
    /// The ALPN protocol chosen; TLS 1.3 servers send it in EncryptedExtensions instead.
    public var alpnProtocol: String?
    /// extended_master_secret (RFC 7627) was agreed.
    public var usesExtendedMasterSecret: Bool
    /// pre_shared_key: the server accepted a resumption (TLS 1.3).
    public var acceptsPreSharedKey: Bool

    /// SHA-256 of "HelloRetryRequest" (RFC 8446 §4.1.3): the random that marks a HelloRetryRequest.
    public static let helloRetryRequestRandom: [UInt8] = [
        0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
        0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
    ]

    public var isHelloRetryRequest: Bool { random == Self.helloRetryRequestRandom }

    /// The negotiated version: supported_versions when present, else legacy_version.
    public var version: TLSVersion { selectedVersion ?? legacyVersion }

    public init(parsing body: ArraySlice<UInt8>) throws(TLSParseError) {
        var reader = TLSByteReader(body, context: "ServerHello")
        legacyVersion = TLSVersion(rawValue: try reader.readUInt16("legacy_version"))
        random = Array(try reader.readBytes(32, "random"))
        sessionID = Array(try reader.readVector8("legacy_session_id_echo"))
        cipherSuite = TLSCipherSuite(rawValue: try reader.readUInt16("cipher_suite"))
        compressionMethod = try reader.readUInt8("legacy_compression_method")
        let extensions = reader.isAtEnd ? TLSExtensionBlock() : try TLSExtensionBlock(reading: &reader, context: "ServerHello")
        try reader.expectEnd("extensions")
        extensionTypes = extensions.types
        let retry = random == Self.helloRetryRequestRandom

        selectedVersion = nil
        if let data = extensions.first(.supportedVersions) {
            var version = TLSByteReader(data, context: "supported_versions extension")
            selectedVersion = TLSVersion(rawValue: try version.readUInt16("selected_version"))
            try version.expectEnd("selected_version")
        }
        keyShareGroup = nil
        if let data = extensions.first(.keyShare) {
            var share = TLSByteReader(data, context: "key_share extension")
            keyShareGroup = TLSNamedGroup(rawValue: try share.readUInt16("KeyShareEntry.group"))
            // A HelloRetryRequest names only the group (RFC 8446 §4.2.8); a ServerHello adds its share.
            if !retry { _ = try share.readVector16("key_exchange") }
            try share.expectEnd("KeyShareEntry")
        }
        alpnProtocol = try extensions.first(.applicationLayerProtocolNegotiation)
            .map { data throws(TLSParseError) in try TLSExtensionBlock.protocolNames(data, context: "application_layer_protocol_negotiation extension") }?.first
        usesExtendedMasterSecret = extensions.first(.extendedMasterSecret) != nil
        acceptsPreSharedKey = extensions.first(.preSharedKey) != nil
    }
}
