/// What a ClientHello offers (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), parsed from the message body
/// (the bytes after the 4-byte handshake header).
///
/// Strings (SNI, ALPN) are decoded leniently from capture bytes: escape them before printing.
public struct TLSClientHello: Sendable, Hashable {
    public var legacyVersion: TLSVersion
    /// 32 bytes; also the key under which a key log files this session's secrets.
    public var random: [UInt8]
    public var sessionID: [UInt8]
    public var cipherSuites: [TLSCipherSuite]
    public var compressionMethods: [UInt8]
    /// Extension types in the order sent (GREASE included).
    public var extensionTypes: [TLSExtensionType]
    /// The host_name of server_name (SNI), if any.
    public var serverName: String?
    /// ALPN protocol names offered, e.g. ["h2", "http/1.1"].
    public var alpnProtocols: [String]
    /// supported_versions (TLS 1.3 clients); empty when the extension is absent.
    public var supportedVersions: [TLSVersion]
    public var supportedGroups: [TLSNamedGroup]
    /// Groups of the key_share entries sent (TLS 1.3).
    public var keyShareGroups: [TLSNamedGroup]
    /// early_data: the client sends 0-RTT data after this ClientHello (RFC 8446 §4.2.10).
    public var offersEarlyData: Bool
    /// pre_shared_key: the client tries to resume a session (RFC 8446 §4.2.11).
    public var offersPreSharedKey: Bool
    /// extended_master_secret (RFC 7627).
    public var offersExtendedMasterSecret: Bool
    /// The message was cut short in the capture (`init(cutShort:)`): what follows the last field
    /// read is unknown, not absent (no SNI or ALPN can be told).
    public var isCutShort = false

    /// Whether TLS 1.3 is among the versions offered.
    public var offersTLS13: Bool { supportedVersions.contains(.tls1_3) }

    /// The highest version offered, GREASE ignored: from supported_versions when present, else
    /// the legacy_version field.
    public var highestVersion: TLSVersion {
        supportedVersions.filter { !$0.isGREASE }.max() ?? legacyVersion
    }

    /// What the captured start of a ClientHello record's body (handshake header included) tells:
    /// the random and, when they are whole, the session id and the offered suites; nil when even
    /// the random is not there. Extensions are not read: they may be cut anywhere.
    public init?(cutShort handshakeMessage: ArraySlice<UInt8>) {
        var reader = TLSByteReader(handshakeMessage, context: "ClientHello")
        guard (try? reader.readUInt8("msg_type")) == 1, (try? reader.readBytes(3, "length")) != nil,
              let version = try? reader.readUInt16("legacy_version"), let random = try? reader.readBytes(32, "random")
        else { return nil }
        legacyVersion = TLSVersion(rawValue: version)
        self.random = Array(random)
        sessionID = []
        cipherSuites = []
        if let id = try? reader.readVector8("legacy_session_id") {
            sessionID = Array(id)
            if let suites = try? reader.readVector16("cipher_suites"), suites.count % 2 == 0 {
                cipherSuites = stride(from: suites.startIndex, to: suites.endIndex, by: 2).map {
                    TLSCipherSuite(rawValue: UInt16(suites[$0]) << 8 | UInt16(suites[$0 + 1]))
                }
            }
        }
        compressionMethods = []
        extensionTypes = []
        serverName = nil
        alpnProtocols = []
        supportedVersions = []
        supportedGroups = []
        keyShareGroups = []
        offersEarlyData = false
        offersPreSharedKey = false
        offersExtendedMasterSecret = false
        isCutShort = true
    }

    public init(parsing body: ArraySlice<UInt8>) throws(TLSParseError) {
        var reader = TLSByteReader(body, context: "ClientHello")
        legacyVersion = TLSVersion(rawValue: try reader.readUInt16("legacy_version"))
        random = Array(try reader.readBytes(32, "random"))
        sessionID = Array(try reader.readVector8("legacy_session_id"))
        let suites = try reader.readVector16("cipher_suites")
        guard suites.count % 2 == 0 else { throw TLSParseError(.oddLength(field: "cipher_suites"), in: "ClientHello") }
        cipherSuites = stride(from: suites.startIndex, to: suites.endIndex, by: 2).map {
            TLSCipherSuite(rawValue: UInt16(suites[$0]) << 8 | UInt16(suites[$0 + 1]))
        }
        compressionMethods = Array(try reader.readVector8("legacy_compression_methods"))
        let extensions = reader.isAtEnd ? TLSExtensionBlock() : try TLSExtensionBlock(reading: &reader, context: "ClientHello")
        try reader.expectEnd("extensions")
        extensionTypes = extensions.types

        serverName = nil
        if let data = extensions.first(.serverName) {
            var outer = TLSByteReader(data, context: "server_name extension")
            var list = TLSByteReader(try outer.readVector16("server_name_list"), context: "server_name extension")
            while !list.isAtEnd {
                let nameType = try list.readUInt8("name_type")
                let name = try list.readVector16("HostName")
                if nameType == 0, serverName == nil { serverName = String(decoding: name, as: UTF8.self) }
            }
        }
        alpnProtocols = try extensions.first(.applicationLayerProtocolNegotiation)
            .map { data throws(TLSParseError) in try TLSExtensionBlock.protocolNames(data, context: "application_layer_protocol_negotiation extension") } ?? []
        supportedVersions = []
        if let data = extensions.first(.supportedVersions) {
            var outer = TLSByteReader(data, context: "supported_versions extension")
            var list = TLSByteReader(try outer.readVector8("versions"), context: "supported_versions extension")
            while !list.isAtEnd { supportedVersions.append(TLSVersion(rawValue: try list.readUInt16("ProtocolVersion"))) }
        }
        supportedGroups = []
        if let data = extensions.first(.supportedGroups) {
            var outer = TLSByteReader(data, context: "supported_groups extension")
            var list = TLSByteReader(try outer.readVector16("named_group_list"), context: "supported_groups extension")
            while !list.isAtEnd { supportedGroups.append(TLSNamedGroup(rawValue: try list.readUInt16("NamedGroup"))) }
        }
        keyShareGroups = []
        if let data = extensions.first(.keyShare) {
            var outer = TLSByteReader(data, context: "key_share extension")
            var list = TLSByteReader(try outer.readVector16("client_shares"), context: "key_share extension")
            while !list.isAtEnd {
                keyShareGroups.append(TLSNamedGroup(rawValue: try list.readUInt16("KeyShareEntry.group")))
                _ = try list.readVector16("key_exchange")
            }
        }
        offersEarlyData = extensions.first(.earlyData) != nil
        offersPreSharedKey = extensions.first(.preSharedKey) != nil
        offersExtendedMasterSecret = extensions.first(.extendedMasterSecret) != nil
    }
}
