public import Analysis
public import TLS
public import WireBytes

/// What TLS costs on a connection, split the way the overhead view lists it: every byte of the TCP
/// payload (each delivered once; retransmissions are counted at TCP) is a record header, handshake,
/// ChangeCipherSpec, alert, authentication tag, explicit nonce, inner content type, padding, the
/// body of a record that was not decrypted, a byte outside any whole record, or application data,
/// which is what HTTP and WebSocket decode.
public struct TLSOverhead: Sendable, Hashable {
    public var records: UInt64 = 0
    public var recordHeaderBytes: UInt64 = 0
    public var handshakeBytes: UInt64 = 0
    public var changeCipherSpecBytes: UInt64 = 0
    public var alertBytes: UInt64 = 0
    public var tagBytes: UInt64 = 0
    public var explicitNonceBytes: UInt64 = 0
    public var contentTypeBytes: UInt64 = 0
    public var paddingBytes: UInt64 = 0
    public var otherContentBytes: UInt64 = 0
    public var undecryptedBytes: UInt64 = 0
    public var outsideRecordBytes: UInt64 = 0
    public var applicationDataBytes: UInt64 = 0
    /// Decrypted application data records.
    public var applicationDataRecords: UInt64 = 0

    public init() {}

    public init(_ counts: TLSDirectionCounts) {
        records = UInt64(counts.records)
        recordHeaderBytes = counts.recordHeaderBytes
        handshakeBytes = counts.handshakeBytes
        changeCipherSpecBytes = counts.changeCipherSpecBytes
        alertBytes = counts.alertBytes
        tagBytes = counts.tagBytes
        explicitNonceBytes = counts.explicitNonceBytes
        contentTypeBytes = counts.contentTypeBytes
        paddingBytes = counts.paddingBytes
        otherContentBytes = counts.otherContentBytes
        undecryptedBytes = counts.undecryptedBodyBytes
        outsideRecordBytes = counts.outsideRecordBytes
        applicationDataBytes = counts.applicationDataBytes
        applicationDataRecords = UInt64(counts.applicationDataRecords)
    }

    /// Both directions of a connection's TLS, or nil when it is not TLS.
    public static func of(_ report: ConnectionReport) -> PerPeer<TLSOverhead>? {
        report.tls.map { PerPeer(client: TLSOverhead($0.counts.client), server: TLSOverhead($0.counts.server)) }
    }

    public static func + (lhs: TLSOverhead, rhs: TLSOverhead) -> TLSOverhead {
        var sum = lhs
        sum.records += rhs.records
        sum.recordHeaderBytes += rhs.recordHeaderBytes
        sum.handshakeBytes += rhs.handshakeBytes
        sum.changeCipherSpecBytes += rhs.changeCipherSpecBytes
        sum.alertBytes += rhs.alertBytes
        sum.tagBytes += rhs.tagBytes
        sum.explicitNonceBytes += rhs.explicitNonceBytes
        sum.contentTypeBytes += rhs.contentTypeBytes
        sum.paddingBytes += rhs.paddingBytes
        sum.otherContentBytes += rhs.otherContentBytes
        sum.undecryptedBytes += rhs.undecryptedBytes
        sum.outsideRecordBytes += rhs.outsideRecordBytes
        sum.applicationDataBytes += rhs.applicationDataBytes
        sum.applicationDataRecords += rhs.applicationDataRecords
        return sum
    }

    /// Every byte TLS adds around the application data (all but `applicationDataBytes`).
    public var overheadBytes: UInt64 {
        recordHeaderBytes + handshakeBytes + changeCipherSpecBytes + alertBytes + tagBytes + explicitNonceBytes
            + contentTypeBytes + paddingBytes + otherContentBytes + undecryptedBytes + outsideRecordBytes
    }

    /// The rows of the overhead table under "TCP payload": (label, this direction's value), those
    /// that are zero in both directions left out by the caller.
    static var rowLabels: [(key: String, value: KeyPath<TLSOverhead, UInt64>, always: Bool)] { [
        ("tlsRecordHeaders", \.recordHeaderBytes, true),
        ("tlsHandshake", \.handshakeBytes, true),
        ("tlsChangeCipherSpec", \.changeCipherSpecBytes, false),
        ("tlsAlerts", \.alertBytes, false),
        ("tlsTags", \.tagBytes, false),
        ("tlsExplicitNonces", \.explicitNonceBytes, false),
        ("tlsContentType", \.contentTypeBytes, false),
        ("tlsPadding", \.paddingBytes, false),
        ("tlsOtherContent", \.otherContentBytes, false),
        ("tlsNotDecrypted", \.undecryptedBytes, false),
        ("tlsOutsideRecords", \.outsideRecordBytes, false),
    ] }

    /// The sentence under the table: what one application data record costs in this suite, and
    /// what TLS added in all.
    static func note(_ tls: PerPeer<TLSOverhead>, _ info: TLSReport, style: Style) -> String {
        let total = tls.client + tls.server
        var parts: [String] = []
        if let parameters = info.cipherSuite?.parameters, let version = info.version, let suite = info.cipherSuite {
            let tag = parameters.aead.tagLength
            let perRecord = TLSRecordHeader.length + tag + parameters.explicitNonceLength + (parameters.version == .tls1_3 ? 1 : 0)
            let pieces = [style.tr("overhead.tls.piece.header", TLSRecordHeader.length), style.tr("overhead.tls.piece.tag", tag)]
                + (parameters.explicitNonceLength > 0 ? [style.tr("overhead.tls.piece.explicitNonce", parameters.explicitNonceLength)] : [])
                + (parameters.version == .tls1_3 ? [style.tr("overhead.tls.piece.contentType")] : [])
            parts.append(style.tr("overhead.tls.perRecord", version.name, suite.name, pieces.joined(separator: " + "), perRecord))
        }
        parts.append(style.tr("overhead.tls.carried", total.applicationDataBytes, total.applicationDataRecords, total.overheadBytes))
        return "TLS: " + parts.joined(separator: "; ") + "."
    }

    /// The `tls` object of `overhead --format json`.
    var json: JSONValue {
        .object([
            ("records", .unsigned(records)),
            ("applicationDataRecords", .unsigned(applicationDataRecords)),
            ("recordHeaderBytes", .unsigned(recordHeaderBytes)),
            ("handshakeBytes", .unsigned(handshakeBytes)),
            ("changeCipherSpecBytes", .unsigned(changeCipherSpecBytes)),
            ("alertBytes", .unsigned(alertBytes)),
            ("tagBytes", .unsigned(tagBytes)),
            ("explicitNonceBytes", .unsigned(explicitNonceBytes)),
            ("contentTypeBytes", .unsigned(contentTypeBytes)),
            ("paddingBytes", .unsigned(paddingBytes)),
            ("otherContentBytes", .unsigned(otherContentBytes)),
            ("undecryptedBytes", .unsigned(undecryptedBytes)),
            ("outsideRecordBytes", .unsigned(outsideRecordBytes)),
            ("applicationDataBytes", .unsigned(applicationDataBytes)),
        ])
    }
}


extension PerPeer where Value == TLSOverhead {
    /// Both directions added.
    public var total: TLSOverhead { client + server }
}
