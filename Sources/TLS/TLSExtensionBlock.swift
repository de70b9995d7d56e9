/// The extensions of a hello or EncryptedExtensions message, split into (type, data) pairs in
/// wire order (RFC 8446 §4.2). Parsing an extension's body is up to its reader.
struct TLSExtensionBlock {
    struct Entry {
        let type: TLSExtensionType
        let data: ArraySlice<UInt8>
    }

    let entries: [Entry]

    /// Reads the 2-byte length and the extensions it covers. `reader` must be at the length.
    init(reading reader: inout TLSByteReader, context: String) throws(TLSParseError) {
        var block = TLSByteReader(try reader.readVector16("extensions"), context: context)
        var entries: [Entry] = []
        while !block.isAtEnd {
            let type = TLSExtensionType(rawValue: try block.readUInt16("ExtensionType"))
            let data = try block.readVector16("\(type.name) extension_data")
            entries.append(Entry(type: type, data: data))
        }
        self.entries = entries
    }

    /// No extensions (a TLS 1.2 hello may end before the extensions field).
    init() {
        entries = []
    }

    /// The first extension of `type`; RFC 8446 §4.2 forbids a second one.
    func first(_ type: TLSExtensionType) -> ArraySlice<UInt8>? {
        entries.first { $0.type == type }?.data
    }

    var types: [TLSExtensionType] { entries.map(\.type) }

    /// ALPN (RFC 7301 §3.1): a 2-byte list length, then names with a 1-byte length each.
    static func protocolNames(_ data: ArraySlice<UInt8>, context: String) throws(TLSParseError) -> [String] {
        var outer = TLSByteReader(data, context: context)
        var list = TLSByteReader(try outer.readVector16("protocol_name_list"), context: context)
        try outer.expectEnd("protocol_name_list")
        var names: [String] = []
        while !list.isAtEnd {
            names.append(String(decoding: try list.readVector8("ProtocolName"), as: UTF8.self))
        }
        return names
    }
}
