/// Joins handshake messages split over records, and splits records that carry several messages
/// (RFC 8446 §5.1: handshake messages may be coalesced into one record or fragmented across
/// several), for one direction and one key epoch.
///
/// Only the bodies of the messages wslens parses (the hellos, EncryptedExtensions, KeyUpdate) are
/// kept, and only up to `maximumKeptLength`; every other message (certificates can be large) goes
/// by counted, never buffered, so memory stays bounded whatever a header claims.
public struct TLSHandshakeReassembler: Sendable {
    /// A complete handshake message.
    public struct Message: Sendable, Hashable {
        public let type: TLSHandshakeType
        /// Length of the body (the header's 24-bit length).
        public let length: Int
        /// The body, when its type is kept and it fit; nil otherwise.
        public let body: [UInt8]?
        /// Index of the record (per direction) that carried the message's first byte, and its last.
        public let firstRecordIndex: Int
        public let lastRecordIndex: Int
        /// Whether the body was too long to keep although its type is one that is parsed.
        public var wasTooLong: Bool { body == nil && TLSHandshakeReassembler.keptTypes.contains(type) }
    }

    /// The message types whose bodies are kept for parsing.
    public static let keptTypes: Set<TLSHandshakeType> = [.clientHello, .serverHello, .encryptedExtensions, .keyUpdate]

    /// Longest body kept: 64 KiB holds any real hello (post-quantum key shares included).
    public let maximumKeptLength: Int

    private var header: [UInt8] = []
    private var type = TLSHandshakeType(rawValue: 0)
    private var length = 0
    private var received = 0
    private var body: [UInt8]?
    private var firstRecordIndex = 0

    public init(maximumKeptLength: Int = 1 << 16) {
        self.maximumKeptLength = maximumKeptLength
    }

    /// Whether a message has begun but not ended (a key change must not fall inside one).
    public var hasPartialMessage: Bool { !header.isEmpty }

    /// Takes the handshake bytes of one record and appends the messages they complete.
    public mutating func append(_ fragment: ArraySlice<UInt8>, recordIndex: Int, into messages: inout [Message]) {
        var index = fragment.startIndex
        while index < fragment.endIndex {
            if header.count < 4 {
                if header.isEmpty { firstRecordIndex = recordIndex }
                header.append(fragment[index])
                index += 1
                if header.count == 4 {
                    type = TLSHandshakeType(rawValue: header[0])
                    length = Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
                    received = 0
                    body = Self.keptTypes.contains(type) && length <= maximumKeptLength ? [] : nil
                    body?.reserveCapacity(length)
                    if length == 0 { complete(recordIndex: recordIndex, into: &messages) }
                }
                continue
            }
            let take = min(length - received, fragment.endIndex - index)
            body?.append(contentsOf: fragment[index..<(index + take)])
            received += take
            index += take
            if received == length { complete(recordIndex: recordIndex, into: &messages) }
        }
    }

    /// Forgets a partial message (at a key change, or after bytes went missing).
    public mutating func reset() {
        header = []
        body = nil
        received = 0
        length = 0
    }

    private mutating func complete(recordIndex: Int, into messages: inout [Message]) {
        messages.append(Message(type: type, length: length, body: body, firstRecordIndex: firstRecordIndex,
                                lastRecordIndex: recordIndex))
        reset()
    }
}
