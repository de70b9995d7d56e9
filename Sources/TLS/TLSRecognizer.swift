public import WireBytes

/// A cheap test of the first bytes of one direction of a TCP stream: is this TLS, and if the
/// stream begins with a hello, what does it say (SNI and ALPN of a ClientHello; version and suite
/// of a ServerHello)? No keys, no state beyond the bytes given.
///
/// Call it with the stream's first bytes (all of them so far) until the verdict is not
/// `.needMoreData`; it never looks past `inspectionLimit` bytes.
public enum TLSRecognizer {
    /// A hello longer than this is still recognised as TLS, without its details.
    public static let inspectionLimit = 1 << 15

    public enum Verdict: Sendable, Hashable {
        /// The bytes cannot be the start of a TLS stream.
        case notTLS
        /// So far the bytes could be TLS; more are needed to tell (or to read the hello).
        case needMoreData
        case tls(TLSRecognition)
    }

    public struct TLSRecognition: Sendable, Hashable {
        /// The first record's header.
        public var firstRecord: TLSRecordHeader
        /// Whether the stream begins with a hello (false: the capture began after the handshake,
        /// or the first record is an alert).
        public var startsWithHello: Bool
        public var clientHello: TLSClientHello?
        public var serverHello: TLSServerHello?
        /// Why the hello could not be read, when it could not (malformed, or longer than the limit).
        public var helloProblem: String?
    }

    public static func inspect(_ bytes: [UInt8], from peer: Peer) -> Verdict {
        // The header's first three bytes must be a known content type and a 3.x version (x <= 4).
        if let type = bytes.first, !(20...24).contains(type) { return .notTLS }
        if bytes.count >= 2, bytes[1] != 3 { return .notTLS }
        if bytes.count >= 3, bytes[2] > 4 { return .notTLS }
        guard bytes.count >= TLSRecordHeader.length else { return .needMoreData }
        let first = TLSRecordHeader(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4])
        guard first.bodyLength > 0, first.bodyLength <= TLSRecordDecoder.maximumBodyLength else { return .notTLS }
        var recognition = TLSRecognition(firstRecord: first, startsWithHello: false)
        guard first.contentType == .handshake else {
            // A stream captured after its handshake: application data or an alert first.
            return first.contentType == .heartbeat ? .notTLS : .tls(recognition)
        }
        if bytes.count > TLSRecordHeader.length {
            let helloType: UInt8 = peer == .client ? 1 : 2
            guard bytes[TLSRecordHeader.length] == helloType else {
                // A handshake record that is not this side's hello: not the start of a TLS stream
                // we can read (or a TLS 1.2 stream captured mid-handshake).
                return .tls(recognition)
            }
            recognition.startsWithHello = true
        }

        var decoder = TLSRecordDecoder()
        var reassembler = TLSHandshakeReassembler()
        var messages: [TLSHandshakeReassembler.Message] = []
        var index = 0
        for step in decoder.decode(Array(bytes.prefix(inspectionLimit))) {
            guard case .record(let record) = step, record.header.contentType == .handshake else { break }
            reassembler.append(record.body[...], recordIndex: index, into: &messages)
            index += 1
            if !messages.isEmpty { break }
        }
        guard let hello = messages.first else {
            if bytes.count >= inspectionLimit {
                recognition.helloProblem = "the hello is longer than \(inspectionLimit) bytes"
                return .tls(recognition)
            }
            return .needMoreData
        }
        guard let body = hello.body else {
            recognition.helloProblem = "the hello is \(hello.length) bytes long, more than wslens reads"
            return .tls(recognition)
        }
        do {
            if peer == .client {
                recognition.clientHello = try TLSClientHello(parsing: body[...])
            } else {
                recognition.serverHello = try TLSServerHello(parsing: body[...])
            }
        } catch {
            recognition.helloProblem = error.reason
        }
        return .tls(recognition)
    }
}
