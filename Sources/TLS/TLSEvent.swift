public import WireBytes

/// What a session reports, per record in this order: the record itself, then what it carried
/// (handshake messages, hellos, alerts, application data), then findings about it.
public enum TLSEvent: Sendable, Hashable {
    case record(TLSRecordInfo)
    case handshakeMessage(TLSHandshakeMessageInfo)
    /// A ClientHello (a second one follows a HelloRetryRequest).
    case clientHello(TLSClientHello, recordIndex: Int)
    /// A ServerHello or a HelloRetryRequest (`isHelloRetryRequest`).
    case serverHello(TLSServerHello, recordIndex: Int)
    case changeCipherSpec(from: Peer, recordIndex: Int)
    case alert(TLSAlertInfo)
    case applicationData(TLSPlaintextChunk)
    case plaintextGap(TLSPlaintextGap)
    /// No more plaintext will come from this direction (decryption stopped or framing was lost);
    /// the decoders above should treat the plaintext stream as cut off here.
    case plaintextEnded(from: Peer, plaintextOffset: UInt64, reason: TLSUndecryptedReason)
    case finding(TLSFinding)
}

/// Receives a session's events as they are decoded.
public protocol TLSEventSink {
    mutating func receive(_ event: TLSEvent)
}

/// An array collects the events (tests, small tools).
extension Array: TLSEventSink where Element == TLSEvent {
    public mutating func receive(_ event: TLSEvent) { append(event) }
}
