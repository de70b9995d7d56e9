public import WireBytes

extension WebSocketSession {
    /// What the handshake negotiated, and how much of each payload to keep.
    public struct Configuration: Sendable, Hashable {
        /// permessage-deflate parameters; nil when it was not negotiated.
        public var deflate: PerMessageDeflateParameters?
        /// Every extension the server accepted (RSV bits are allowed only when one was).
        public var negotiatedExtensionNames: [String]
        /// False when the capture lacks the handshake: nothing is known about extensions, so RSV1
        /// messages are tried with a raw inflater and RSV bits are not judged.
        public var handshakeSeen: Bool
        /// Inflation of one message stops at this many bytes, with a finding (zip bombs).
        public var maxInflatedMessageSize: Int
        /// Keep payload and message bytes (false: only lengths, validation and findings, for speed).
        public var retainPayloads: Bool
        /// Bytes kept per frame payload and per message (the rest is counted, and `truncated` set).
        public var payloadRetentionLimit: Int
        /// Stream offsets of each direction's first WebSocket byte (just after the HTTP handshake).
        public var clientStartOffset: UInt64
        public var serverStartOffset: UInt64
        /// Per direction: the start offset is where the capture resumes after a handshake head cut
        /// short, not the head's known end; frames are searched for from there.
        public var startIsAssumed = PerPeer(repeating: false)

        public init(deflate: PerMessageDeflateParameters? = nil, negotiatedExtensionNames: [String] = [],
                    handshakeSeen: Bool = true, maxInflatedMessageSize: Int = 64 << 20,
                    retainPayloads: Bool = true, payloadRetentionLimit: Int = 64 << 20,
                    clientStartOffset: UInt64 = 0, serverStartOffset: UInt64 = 0) {
            self.deflate = deflate
            self.negotiatedExtensionNames = negotiatedExtensionNames
            self.handshakeSeen = handshakeSeen
            self.maxInflatedMessageSize = maxInflatedMessageSize
            self.retainPayloads = retainPayloads
            self.payloadRetentionLimit = payloadRetentionLimit
            self.clientStartOffset = clientStartOffset
            self.serverStartOffset = serverStartOffset
        }

        /// Extension names in lowercase, including the deflate extension when only `deflate` was given.
        var extensionNames: Set<String> {
            var names = Set(negotiatedExtensionNames.map { $0.lowercased() })
            if let deflate { names.insert(deflate.extensionName.lowercased()) }
            return names
        }

        /// An extension other than the deflate ones was negotiated: it may define any RSV bit.
        var hasUnknownExtension: Bool {
            !extensionNames.subtracting(PerMessageDeflateParameters.extensionNames).isEmpty
        }

        func compression(sentBy sender: Peer) -> WebSocketMessageAssembler.Compression {
            guard handshakeSeen else { return .guessing }
            guard let deflate else { return .none }
            return .negotiated(resetsAfterEachMessage: deflate.resetsContextAfterEachMessage(sentBy: sender))
        }
    }
}
