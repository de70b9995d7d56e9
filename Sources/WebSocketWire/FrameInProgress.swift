import WireBytes

/// A frame between its header and its last payload byte.
struct FrameInProgress {
    private(set) var header = WebSocketFrameHeader()
    /// The header's key, read once (every payload chunk needs it).
    private(set) var maskingKey: WebSocketMaskingKey?
    private(set) var startOffset: UInt64 = 0
    private(set) var role = WebSocketMessageAssembler.FrameRole.ignored
    private(set) var retentionLimit = 0
    var findings: [Finding] = []
    var payload: [UInt8] = []
    var payloadBytesSeen: UInt64 = 0
    var isPayloadTruncated = false
    var missingPayloadBytes: UInt64 = 0

    /// Starts over for a new frame (its role follows with `setRole`). The payload's storage is
    /// kept when it is small and no longer shared (a frame value handed out earlier keeps its own
    /// bytes: arrays copy on write); the arrays are only touched when not empty.
    mutating func restart(header: WebSocketFrameHeader, startOffset: UInt64) {
        self.header = header
        maskingKey = header.maskingKey
        self.startOffset = startOffset
        role = .ignored
        retentionLimit = 0
        if !findings.isEmpty { findings.removeAll() }
        if !payload.isEmpty { payload.removeAll(keepingCapacity: payload.capacity <= 4_096) }
        payloadBytesSeen = 0
        isPayloadTruncated = false
        missingPayloadBytes = 0
    }

    mutating func setRole(_ role: WebSocketMessageAssembler.FrameRole, retentionLimit: Int) {
        self.role = role
        self.retentionLimit = retentionLimit
    }

    /// Whether `keep` stores any of the bytes it is given (else they need no unmasking for it).
    var keepsBytes: Bool { missingPayloadBytes == 0 && payload.count < retentionLimit }

    /// Keeps unmasked payload bytes up to the limit; after a gap nothing more is kept, so the
    /// retained bytes stay one contiguous prefix of the payload.
    mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        payloadBytesSeen += UInt64(bytes.count)
        guard missingPayloadBytes == 0 else { return }
        let room = max(0, retentionLimit - payload.count)
        if bytes.count > room { isPayloadTruncated = true }
        if room > 0 {
            payload.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[bytes.startIndex..<(bytes.startIndex + min(room, bytes.count))]))
        }
    }
}
