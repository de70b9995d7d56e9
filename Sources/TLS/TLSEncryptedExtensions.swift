/// The server's EncryptedExtensions (RFC 8446 §4.3.1): in TLS 1.3 the chosen ALPN protocol and
/// the acceptance of 0-RTT travel here, readable only with the handshake traffic secrets.
public struct TLSEncryptedExtensions: Sendable, Hashable {
    public var extensionTypes: [TLSExtensionType]
    public var alpnProtocol: String?
    /// early_data: the server accepted the client's 0-RTT data.
    public var acceptsEarlyData: Bool

    public init(parsing body: ArraySlice<UInt8>) throws(TLSParseError) {
        var reader = TLSByteReader(body, context: "EncryptedExtensions")
        let extensions = try TLSExtensionBlock(reading: &reader, context: "EncryptedExtensions")
        try reader.expectEnd("extensions")
        extensionTypes = extensions.types
        alpnProtocol = try extensions.first(.applicationLayerProtocolNegotiation)
            .map { data throws(TLSParseError) in try TLSExtensionBlock.protocolNames(data, context: "application_layer_protocol_negotiation extension") }?.first
        acceptsEarlyData = extensions.first(.earlyData) != nil
    }
}
