import WireBytes

/// One direction of a session: its record decoder, handshake reassembler and key epochs, and the
/// per-record work (decide whether a record is protected, open it, hand on what it carried).
struct TLSSessionDirection: Sendable {
    let peer: Peer
    private var decoder = TLSRecordDecoder()
    private var handshake: TLSHandshakeReassembler
    private var nextRecordIndex = 0
    /// Next offset of the continuous plaintext stream of application data.
    private(set) var plaintextOffset: UInt64 = 0

    /// nil while records are in the clear; else the epoch the next protected record belongs to.
    private(set) var epoch: TLSKeyEpoch?
    /// Opens the current epoch's records; nil when its key is unknown (`missingKey` says why).
    private var cipher: TLSRecordCipher?
    private var missingKey: TLSUndecryptedReason = .noKeyLog
    /// TLS 1.3: the next epoch's cipher, tried when the current epoch has no key (or its Finished
    /// may have been lost), so that application data is found without handshake secrets.
    private var nextEpochCipher: TLSRecordCipher?
    private var nextEpochSecret: [UInt8]?
    private var trialsLeft: Int
    /// TLS 1.3: the current application traffic secret, for KeyUpdate.
    private var trafficSecret: [UInt8]?
    /// A record of the handshake epoch had bytes missing: its Finished may be lost.
    private var handshakeRecordLost = false
    /// Whether any record of the handshake epoch opened (0-RTT records fail before that).
    private var openedHandshakeRecord = false
    /// Why decryption stopped for good, once it has.
    private(set) var stopReason: TLSUndecryptedReason?
    /// Whether the stream began with a hello in the clear; nil before the first record.
    private var startsWithHello: Bool?
    private var renegotiating = false
    /// TLS 1.3 0-RTT (client): whether the early epoch was tried, and why early records stay
    /// encrypted when it did not open.
    private var earlyDataTried = false
    private var earlyDataUnopened: TLSUndecryptedReason = .earlyData
    /// Record framing was lost at this stream offset and not found again yet.
    private var framingLostAt: UInt64?
    /// After framing was found again: how many sequence numbers the next protected record may
    /// need (records lost in between were not counted), and the trial budget left for that (bytes
    /// of ciphertext), so that a hostile capture cannot make every gap cost a thousand trials.
    private var sequenceTrials = 0
    private var trialBytesLeft = 16 << 20
    private(set) var counts = TLSDirectionCounts()

    init(peer: Peer, configuration: TLSSession.Configuration) {
        self.peer = peer
        handshake = TLSHandshakeReassembler(maximumKeptLength: configuration.maximumKeptHandshakeMessageLength)
        trialsLeft = configuration.trialRecordLimit
    }

    var isDecrypting: Bool { epoch != nil && cipher != nil && stopReason == nil }

    // MARK: Bytes

    mutating func consume(_ bytes: UnsafeRawBufferPointer, connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        counts.streamBytes += UInt64(bytes.count)
        var input = bytes
        while true {
            let lost = framingLostAt != nil, before = decoder.streamOffset
            let step = decoder.parseStep(&input)
            if lost { counts.unframedBytes += decoder.streamOffset - before }
            switch step {
            case .needMoreData:
                return
            case .record(let record):
                handle(record, connection: &connection, events: &events)
            case .resynchronized(let offset):
                resynchronize(at: offset, connection: &connection, events: &events)
            case .tooLong(let header, let offset):
                emit(TLSRule.recordTooLong, "A record header claims a \(header.bodyLength)-byte body; no TLS version allows more than \(TLSRecordDecoder.maximumBodyLength) (RFC 5246 6.2.3). This is not a TLS record, or the stream is damaged.",
                     key: "finding.tls.record-too-long.header", [.number(header.bodyLength), .number(TLSRecordDecoder.maximumBodyLength)],
                     streamOffset: offset, events: &events)
                loseFraming(at: offset, connection: &connection, events: &events)
            case .damagedRecordEnded:
                continue   // reported when the gap was
            }
        }
    }

    mutating func gap(length: UInt64, connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        counts.missingBytes += length
        if case .skippingBody(_, let remaining) = decoder.state, length <= UInt64(remaining) {
            // More bytes missing from a record already lost: reported with its first gap.
            counts.missingInsideRecords += length
            _ = decoder.skipGap(length: length)
            return
        }
        switch decoder.skipGap(length: length) {
        case .alreadyDesynchronized:
            return
        case .lostSync(let offset):
            loseFraming(at: offset ?? decoder.streamOffset - length, connection: &connection, events: &events)
        case .insideBody(let header, let headerOffset, let captured):
            counts.missingInsideRecords += length
            damagedRecord(header, headerOffset: headerOffset, capturedBody: captured, connection: &connection, events: &events)
        }
    }

    mutating func finish(connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        var empty = UnsafeRawBufferPointer(start: nil, count: 0)
        while case .damagedRecordEnded = decoder.parseStep(&empty) {}
        if framingLostAt != nil, stopReason == nil {
            // Framing was never found again: what follows the loss is not read.
            stopReason = .framingLost
            if epoch != nil { events.receive(.plaintextEnded(from: peer, plaintextOffset: plaintextOffset, reason: .framingLost)) }
        }
        let partial = decoder.bytesOfPartialRecord
        if partial > 0 {
            emit(TLSRule.recordIncompleteAtEnd, "The capture ends \(partial) bytes into a record (\(partial < TLSRecordHeader.length ? "inside its header" : "before its body was complete")); that record cannot be decoded.",
                 key: partial < TLSRecordHeader.length ? "finding.tls.record-incomplete-at-end.inHeader" : "finding.tls.record-incomplete-at-end.inBody",
                 [.number(partial)], streamOffset: decoder.recordStartOffset, events: &events)
        }
    }

    // MARK: Records

    private mutating func handle(_ record: TLSRecord, connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        let index = nextRecordIndex
        nextRecordIndex += 1
        counts.records += 1
        counts.recordBytes += UInt64(TLSRecordHeader.length + record.header.bodyLength)
        counts.recordHeaderBytes += UInt64(TLSRecordHeader.length)
        let type = record.header.contentType
        if startsWithHello == nil {
            // A stream begins with its hello, or (a server refusing the ClientHello) a plain alert.
            let helloType: UInt8 = peer == .client ? 1 : 2
            startsWithHello = (type == .handshake && record.body.first == helloType)
                || (type == .alert && record.header.bodyLength == 2)
        }
        var findings: [Finding] = []
        if !type.isKnown {
            findings.append(Finding(rule: TLSRule.unknownContentType,
                                    message: "Record content type \(type.rawValue) is not one TLS defines.",
                                    streamOffset: record.headerOffset, messageKey: "finding.tls.unknown-content-type.record",
                                    arguments: [.number(Int(type.rawValue))]))
        }

        // A stream that did not begin with its hello was captured mid-connection: nothing in it
        // can be told apart from ciphertext, so nothing is parsed.
        guard startsWithHello == true else {
            notDecrypted(record, index: index, reason: .handshakeNotCaptured, findings: findings, events: &events)
            connection.reportOnce(TLSRule.handshakeNotCaptured, "The capture begins after the TLS handshake (the \(peer.rawValue)'s first record is \(type.name), not a hello): this connection cannot be decrypted.",
                                  key: "finding.tls.handshake-not-captured.lateStart", [.peer(peer), .text(type.name)], from: peer, recordIndex: index, streamOffset: record.headerOffset, events: &events)
            return
        }

        if isProtected(record, connection: connection) {
            counts.protectedRecords += 1
            openProtected(record, index: index, findings: findings, connection: &connection, events: &events)
            return
        }
        if record.header.bodyLength > 1 << 14 {
            findings.append(Finding(rule: TLSRule.recordTooLong,
                                    message: "An unprotected \(type.name) record has \(record.header.bodyLength) bytes; at most 2^14 (16384) are allowed.",
                                    streamOffset: record.headerOffset, messageKey: "finding.tls.record-too-long.plaintext",
                                    arguments: [.text(type.name), .number(record.header.bodyLength)]))
        }
        events.receive(.record(TLSRecordInfo(from: peer, index: index, header: record.header,
                                             headerOffset: record.headerOffset, protection: .plaintext)))
        countContent(type, record.header.bodyLength)
        handleContent(type, record.body[...], record: record, index: index, encrypted: false,
                      connection: &connection, events: &events)
        emit(findings, index: index, events: &events)
    }

    /// Whether a record is protected by a key: every TLS 1.2 record after this side's
    /// ChangeCipherSpec; in TLS 1.3 every application_data record (ChangeCipherSpec and early
    /// alerts stay in the clear, RFC 8446 §5).
    private func isProtected(_ record: TLSRecord, connection: TLSConnectionState) -> Bool {
        if let epoch, epoch != .early, connection.version != .tls1_3 { return true }
        return record.header.contentType == .applicationData
    }

    private mutating func openProtected(_ record: TLSRecord, index: Int, findings: [Finding],
                                        connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        var findings = findings
        if stopReason != nil {
            notDecrypted(record, index: index, reason: .stopped, findings: findings, events: &events)
            return
        }
        beginTLS13IfDue(record.header, connection: &connection, events: &events)
        let isEarlyData = epoch == nil && connection.version == nil && peer == .client && connection.clientHello?.offersEarlyData == true
        if isEarlyData, !earlyDataTried {
            earlyDataTried = true
            beginEarlyData(record, index: index, connection: &connection, events: &events)
        }
        if epoch == nil {
            // Application data before the keys are known: TLS 1.3 0-RTT data without its key, or a
            // handshake the capture lacks.
            if isEarlyData {
                notDecrypted(record, index: index, reason: earlyDataUnopened, findings: findings, events: &events)
            } else {
                notDecrypted(record, index: index, reason: .handshakeNotCaptured, findings: findings, events: &events)
                connection.reportOnce(TLSRule.handshakeNotCaptured, connection.version == nil
                                      ? "Application data came before any ServerHello was seen: its keys cannot be known."
                                      : "Application data came before the \(peer.rawValue)'s ChangeCipherSpec: its keys cannot be known.",
                                      key: connection.version == nil ? "finding.tls.handshake-not-captured.noServerHello"
                                          : "finding.tls.handshake-not-captured.noChangeCipherSpec",
                                      connection.version == nil ? [] : [.peer(peer)],
                                      from: peer, recordIndex: index, streamOffset: record.headerOffset, events: &events)
            }
            return
        }
        if (cipher?.parameters.version ?? connection.version) == .tls1_3, record.header.bodyLength > (1 << 14) + 256 {
            findings.append(Finding(rule: TLSRule.recordTooLong,
                                    message: "A protected TLS 1.3 record has \(record.header.bodyLength) bytes; at most 2^14 + 256 (16640) are allowed.",
                                    streamOffset: record.headerOffset, messageKey: "finding.tls.record-too-long.protected",
                                    arguments: [.number(record.header.bodyLength)]))
        }

        var outcome = attemptOpen(record, connection: connection)
        if case .failed(.authenticationFailed) = outcome, epoch == .early, connection.version == .tls1_3 {
            // No EndOfEarlyData came (the server refused the early data, or the record that held
            // it is lost): this is the client's first record under its handshake secret.
            leaveEarlyEpoch()
            beginTLS13IfDue(record.header, connection: &connection, events: &events)
            outcome = attemptOpen(record, connection: connection)
        }
        // Early records are protected before the ServerHello names the suite: their cipher knows it.
        let parameters = cipher?.parameters ?? connection.parameters
        switch outcome {
        case .opened(let opened, let openedEpoch):
            counts.decryptedRecords += 1
            events.receive(.record(TLSRecordInfo(
                from: peer, index: index, header: record.header, headerOffset: record.headerOffset,
                protection: .decrypted(contentType: opened.contentType, epoch: openedEpoch, sequenceNumber: opened.sequenceNumber,
                                       plaintextLength: opened.plaintext.count, paddingLength: opened.paddingLength))
                .withProtectionBytes(of: record.body, parameters: parameters)))
            if opened.plaintext.count > 1 << 14 {
                findings.append(Finding(rule: TLSRule.recordTooLong,
                                        message: "A record decrypts to \(opened.plaintext.count) bytes; at most 2^14 (16384) are allowed.",
                                        streamOffset: record.headerOffset, messageKey: "finding.tls.record-too-long.decrypted",
                                        arguments: [.number(opened.plaintext.count)]))
            }
            if !opened.contentType.isKnown {
                findings.append(Finding(rule: TLSRule.unknownContentType,
                                        message: "The record decrypted to content type \(opened.contentType.rawValue), which TLS does not define.",
                                        streamOffset: record.headerOffset, messageKey: "finding.tls.unknown-content-type.decrypted",
                                        arguments: [.number(Int(opened.contentType.rawValue))]))
            }
            if openedEpoch == .handshake { openedHandshakeRecord = true }
            countProtection(opened, parameters: parameters)
            if opened.contentType == .applicationData {
                counts.applicationDataRecords += 1
                if openedEpoch == .early { counts.earlyDataBytes += UInt64(opened.plaintext.count) }
                deliver(opened.plaintext, record: record, index: index, plaintextStart: opened.plaintextStart, events: &events)
            } else {
                handleContent(opened.contentType, opened.plaintext[...], record: record, index: index, encrypted: true,
                              plaintextStart: opened.plaintextStart, connection: &connection, events: &events)
            }
            emit(findings, index: index, events: &events)
            afterRecord(connection: &connection, events: &events)

        case .noContentType(let sequenceNumber):
            counts.decryptedRecords += 1
            counts.tagBytes += 16
            counts.paddingBytes += UInt64(max(record.header.bodyLength - 16, 0))
            events.receive(.record(TLSRecordInfo(
                from: peer, index: index, header: record.header, headerOffset: record.headerOffset,
                protection: .decrypted(contentType: TLSContentType(rawValue: 0), epoch: epoch ?? .handshake,
                                       sequenceNumber: sequenceNumber, plaintextLength: 0,
                                       paddingLength: record.header.bodyLength - 16))
                .withProtectionBytes(of: record.body, parameters: parameters)))
            findings.append(Finding(rule: TLSRule.innerPlaintextWithoutType,
                                    message: "The record decrypted to zeros only: it has no content type.",
                                    streamOffset: record.headerOffset, messageKey: "finding.tls.inner-plaintext-without-type"))
            emit(findings, index: index, events: &events)

        case .notOpened(let reason):
            notDecrypted(record, index: index, reason: reason, findings: findings, events: &events)

        case .failed(let reason):
            notDecrypted(record, index: index, reason: reason, findings: findings, events: &events)
            let why = reason == .malformed
                ? "a protected record of \(record.header.bodyLength) bytes is too short for its nonce and tag"
                : "the authentication tag of this \(epoch.map { "\($0) " } ?? "")record did not verify with the key log's secrets (wrong keys for this session, or altered bytes)"
            // One text per epoch, so German need not build "this handshake record" from parts.
            let key: String, arguments: [MessageArgument]
            switch (reason, epoch) {
            case (.malformed, _): (key, arguments) = ("tooShort", [.peer(peer), .number(record.header.bodyLength)])
            case (_, nil): (key, arguments) = ("tag", [.peer(peer)])
            case (_, .early?): (key, arguments) = ("tag.early", [.peer(peer)])
            case (_, .handshake?): (key, arguments) = ("tag.handshake", [.peer(peer)])
            case (_, .application(0)?): (key, arguments) = ("tag.application", [.peer(peer)])
            case (_, .application(let generation)?): (key, arguments) = ("tag.keyUpdate", [.peer(peer), .number(generation)])
            }
            stop(reason, at: index, message: "Decryption stopped for the \(peer.rawValue)'s records: \(why).",
                 key: "finding.tls.authentication-failed." + key, arguments, streamOffset: record.headerOffset, events: &events)

        case .sequenceNotFound(let count):
            notDecrypted(record, index: index, reason: .authenticationFailed, findings: findings, events: &events)
            stop(.authenticationFailed, at: index,
                 message: "Decryption stopped for the \(peer.rawValue)'s records: the first record after the lost bytes opened with none of the \(count) sequence numbers tried (more records were lost, or the keys changed among them).",
                 key: "finding.tls.authentication-failed.sequenceNotFound", [.peer(peer), .number(count)],
                 streamOffset: record.headerOffset, events: &events)

        case .trialsExhausted(let count):
            notDecrypted(record, index: index, reason: .authenticationFailed, findings: findings, events: &events)
            stop(.authenticationFailed, at: index,
                 message: "Decryption stopped for the \(peer.rawValue)'s records: none of its first \(count) protected records opened with the key log's application traffic secret (wrong secret for this session?).",
                 key: "finding.tls.authentication-failed.trialsExhausted", [.peer(peer), .number(count)],
                 streamOffset: record.headerOffset, events: &events)
        }
    }

    private enum OpenOutcome {
        case opened(TLSRecordCipher.Opened, epoch: TLSKeyEpoch)
        case noContentType(sequenceNumber: UInt64)
        /// No key for this record, not a failure.
        case notOpened(TLSUndecryptedReason)
        /// The key did not fit: decryption stops.
        case failed(TLSUndecryptedReason)
        /// Without the current epoch's key, the next epoch's key opened none of this many records.
        case trialsExhausted(Int)
        /// The first record after framing was found again opened with none of this many sequence numbers.
        case sequenceNotFound(Int)
    }

    /// Opens a protected record with the current epoch's cipher; in TLS 1.3, where that cipher is
    /// missing (no handshake secrets) or the Finished that ends its epoch may have been lost, the
    /// next epoch's cipher is tried too, and on success the direction moves to that epoch.
    private mutating func attemptOpen(_ record: TLSRecord, connection: TLSConnectionState) -> OpenOutcome {
        var failure: TLSUndecryptedReason?
        // After lost framing the records in between were not counted: try as many sequence
        // numbers as could have been lost, within the budget.
        let trials = min(sequenceTrials, trialBytesLeft / max(record.header.bodyLength, 1))
        if sequenceTrials > 0 { trialBytesLeft -= trials * record.header.bodyLength }
        sequenceTrials = 0
        if var current = cipher {
            switch trials > 1 ? current.open(record, tryingSequenceNumbers: trials) : current.open(record) {
            case .success(let opened):
                cipher = current
                return .opened(opened, epoch: epoch ?? .application(generation: 0))
            case .failure(.noContentType):
                cipher = current
                return .noContentType(sequenceNumber: current.sequenceNumber - 1)
            case .failure(.bodyTooShort):
                return .failed(.malformed)
            case .failure(.authenticationFailed):
                failure = .authenticationFailed
            }
        }
        let mayTryNext = cipher == nil || (epoch == .handshake && handshakeRecordLost)
        if mayTryNext, var next = nextEpochCipher {
            if case .success(let opened) = trials > 1 ? next.open(record, tryingSequenceNumbers: trials) : next.open(record) {
                enterApplicationEpoch(cipher: next, secret: nextEpochSecret)
                return .opened(opened, epoch: .application(generation: 0))
            }
            if cipher == nil {
                trialsLeft -= 1
                if trialsLeft <= 0 { return .trialsExhausted(connection.configuration.trialRecordLimit) }
            }
        }
        if failure != nil, trials > 1 { return .sequenceNotFound(trials) }
        if let failure {
            // 0-RTT records the server refused come before the client's handshake records.
            if peer == .client, epoch == .handshake, !openedHandshakeRecord, connection.clientHello?.offersEarlyData == true {
                return .notOpened(.earlyData)
            }
            return .failed(failure)
        }
        return .notOpened(missingKey)
    }

    /// Hands on what a record carried (in the clear or decrypted).
    private mutating func handleContent(_ type: TLSContentType, _ content: ArraySlice<UInt8>, record: TLSRecord, index: Int,
                                        encrypted: Bool, plaintextStart: Int = 0,
                                        connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        switch type {
        case .handshake:
            var messages: [TLSHandshakeReassembler.Message] = []
            handshake.append(content, recordIndex: index, into: &messages)
            for message in messages {
                handleHandshake(message, encrypted: encrypted, record: record, index: index, connection: &connection, events: &events)
            }
        case .alert:
            var position = content.startIndex
            while position + 1 < content.endIndex {
                let alert = TLSAlert(level: content[position], description: content[position + 1])
                position += 2
                counts.alerts += 1
                events.receive(.alert(TLSAlertInfo(from: peer, alert: alert, wasEncrypted: encrypted, recordIndex: index,
                                                   streamOffset: record.headerOffset)))
                if alert.isError {
                    emit(TLSRule.fatalAlert, "The \(peer.rawValue) sent the alert \(alert): the TLS connection failed.",
                         key: "finding.tls.fatal-alert", [.peer(peer), .text("\(alert)")], streamOffset: record.headerOffset, recordIndex: index, events: &events)
                }
            }
        case .changeCipherSpec:
            events.receive(.changeCipherSpec(from: peer, recordIndex: index))
            if encrypted {
                // TLS 1.2 renegotiation: the keys after this ChangeCipherSpec are a new handshake's.
                stop(.renegotiation, at: index, rule: TLSRule.renegotiationNotDecrypted,
                     message: "The \(peer.rawValue) changed its keys in a TLS 1.2 renegotiation; later records of this direction are not decrypted.",
                     key: "finding.tls.renegotiation-not-decrypted", [.peer(peer)], streamOffset: record.headerOffset, events: &events)
            } else if connection.version == .tls1_2 || (connection.version == nil && connection.clientHello?.offersTLS13 != true) {
                // TLS 1.3 sends ChangeCipherSpec only for middlebox compatibility (RFC 8446 D.4).
                beginTLS12(connection: &connection, events: &events)
            }
        default:
            break   // heartbeat, unknown types, application data in the clear: framed and counted only
        }
    }

    /// Hands on decrypted application data as the next chunk of the plaintext stream.
    private mutating func deliver(_ bytes: [UInt8], record: TLSRecord, index: Int, plaintextStart: Int,
                                  events: inout some TLSEventSink) {
        guard !bytes.isEmpty else { return }
        let chunk = TLSPlaintextChunk(from: peer, plaintextOffset: plaintextOffset, bytes: bytes, recordIndex: index,
                                      recordRange: record.range, ciphertextOffset: record.bodyRange.lowerBound + UInt64(plaintextStart))
        plaintextOffset += UInt64(bytes.count)
        counts.applicationDataBytes += UInt64(bytes.count)
        events.receive(.applicationData(chunk))
    }

    private mutating func handleHandshake(_ message: TLSHandshakeReassembler.Message, encrypted: Bool, record: TLSRecord, index: Int,
                                          connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        counts.handshakeMessages += 1
        events.receive(.handshakeMessage(TLSHandshakeMessageInfo(
            from: peer, type: message.type, length: message.length, wasEncrypted: encrypted,
            firstRecordIndex: message.firstRecordIndex, lastRecordIndex: message.lastRecordIndex)))
        if message.wasTooLong {
            emit(TLSRule.handshakeMessageTooLong, "A \(message.type.name) of \(message.length) bytes is longer than wslens keeps; it was not parsed.",
                 key: "finding.tls.handshake-message-too-long", [.text(message.type.name), .number(message.length)],
                 streamOffset: record.headerOffset, recordIndex: index, events: &events)
            return
        }
        switch (message.type, peer) {
        case (.clientHello, .client) where !encrypted:
            if let hello = parsed(message, as: "ClientHello", record: record, index: index, events: &events,
                                  { body throws(TLSParseError) in try TLSClientHello(parsing: body) }) {
                connection.noteClientHello(hello)
                events.receive(.clientHello(hello, recordIndex: index))
            }
        case (.serverHello, .server) where !encrypted:
            if let hello = parsed(message, as: "ServerHello", record: record, index: index, events: &events,
                                  { body throws(TLSParseError) in try TLSServerHello(parsing: body) }) {
                events.receive(.serverHello(hello, recordIndex: index))
                connection.noteServerHello(hello, streamOffset: record.headerOffset, events: &events)
            }
        case (.encryptedExtensions, .server):
            if let extensions = parsed(message, as: "EncryptedExtensions", record: record, index: index, events: &events,
                                       { body throws(TLSParseError) in try TLSEncryptedExtensions(parsing: body) }) {
                connection.encryptedExtensions = extensions
                if connection.clientHello?.offersEarlyData == true, !extensions.acceptsEarlyData {
                    connection.reportOnce(TLSRule.earlyDataRejected, "The server did not accept the client's 0-RTT early data (no early_data in its EncryptedExtensions): what the client sent as early data was never processed by the server.",
                                          key: "finding.tls.early-data-rejected", from: peer, recordIndex: index,
                                          streamOffset: record.headerOffset, events: &events)
                }
            }
        case (.clientHello, .client), (.helloRequest, .server):
            // An encrypted hello (or a HelloRequest) starts a TLS 1.2 renegotiation: it is
            // reported when the new keys take effect at the next ChangeCipherSpec.
            renegotiating = true
        case (.finished, _) where connection.version == .tls1_3 && epoch == .handshake:
            pendingEpochChange = .finished
        case (.keyUpdate, _) where connection.version == .tls1_3:
            pendingEpochChange = .keyUpdate
        case (.endOfEarlyData, .client) where epoch == .early:
            pendingEpochChange = .endOfEarlyData
        default:
            break
        }
    }

    private enum EpochChange { case finished, keyUpdate, endOfEarlyData }
    private var pendingEpochChange: EpochChange?

    /// Key changes take effect after the record that announced them (RFC 8446 §5.1: such messages
    /// end their record).
    private mutating func afterRecord(connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        guard let change = pendingEpochChange else { return }
        pendingEpochChange = nil
        handshake.reset()
        switch change {
        case .finished:
            enterApplicationEpoch(cipher: nextEpochCipher, secret: nextEpochSecret)
            if cipher == nil { missingKey = .secretMissing(peer == .client ? .clientTrafficSecret0 : .serverTrafficSecret0) }
        case .endOfEarlyData:
            leaveEarlyEpoch()
        case .keyUpdate:
            guard case .application(let generation) = epoch, let secret = trafficSecret, let parameters = connection.parameters else { return }
            let next = TLSKeySchedule.nextTrafficSecret(after: secret, hash: parameters.hash)
            trafficSecret = next
            epoch = .application(generation: generation + 1)
            cipher = TLSRecordCipher(keys: TLSKeySchedule.trafficKeys(secret: next, parameters: parameters), parameters: parameters)
        }
    }

    private mutating func enterApplicationEpoch(cipher next: TLSRecordCipher?, secret: [UInt8]?) {
        epoch = .application(generation: 0)
        cipher = next
        trafficSecret = secret
        nextEpochCipher = nil
        nextEpochSecret = nil
        handshakeRecordLost = false
    }

    // MARK: Key epochs

    /// TLS 1.3: after the ServerHello, this direction's protected records start in the handshake
    /// epoch; the application epoch's cipher waits for the Finished (or a successful trial).
    private mutating func beginTLS13IfDue(_ header: TLSRecordHeader, connection: inout TLSConnectionState,
                                          events: inout some TLSEventSink) {
        guard epoch == nil, connection.version == .tls1_3, header.contentType == .applicationData else { return }
        epoch = .handshake
        missingKey = reasonWithoutKeys(connection)
        guard let parameters = connection.parameters, connection.secrets != nil else { return }
        let length = parameters.hash.outputLength
        let handshakeLabel: KeyLog.Label = peer == .client ? .clientHandshakeTrafficSecret : .serverHandshakeTrafficSecret
        let applicationLabel: KeyLog.Label = peer == .client ? .clientTrafficSecret0 : .serverTrafficSecret0
        if let secret = connection.usableSecret(handshakeLabel, length: length, events: &events) {
            cipher = TLSRecordCipher(keys: TLSKeySchedule.trafficKeys(secret: secret, parameters: parameters), parameters: parameters)
        } else {
            missingKey = .secretMissing(handshakeLabel)
        }
        if let secret = connection.usableSecret(applicationLabel, length: length, events: &events) {
            nextEpochSecret = secret
            nextEpochCipher = TLSRecordCipher(keys: TLSKeySchedule.trafficKeys(secret: secret, parameters: parameters), parameters: parameters)
        }
    }

    /// TLS 1.3 0-RTT: the client's early records come before the ServerHello names a suite. Their
    /// suite is the resumed session's, one the ClientHello offers whose hash has the length of
    /// client_early_traffic_secret; each such suite is tried on the first early record and the one
    /// whose tag verifies is kept (a wrong key or suite passes with probability 2^-128).
    private mutating func beginEarlyData(_ record: TLSRecord, index: Int, connection: inout TLSConnectionState,
                                         events: inout some TLSEventSink) {
        guard let hello = connection.clientHello, let keyLog = connection.configuration.keyLog,
              let secret = keyLog.secrets(forClientRandom: hello.random)?[.clientEarlyTrafficSecret] else {
            earlyDataUnopened = connection.configuration.keyLog == nil ? .noKeyLog : .secretMissing(.clientEarlyTrafficSecret)
            connection.reportOnce(TLSRule.earlyDataNotDecrypted, "The client sent 0-RTT early data after its ClientHello; without CLIENT_EARLY_TRAFFIC_SECRET for this session in the key log it stays encrypted.",
                                  key: "finding.tls.early-data-not-decrypted.noSecret", from: peer, recordIndex: index,
                                  streamOffset: record.headerOffset, events: &events)
            return
        }
        for suite in hello.cipherSuites {
            guard let parameters = suite.parameters, parameters.version == .tls1_3, parameters.hash.outputLength == secret.count else { continue }
            let keys = TLSKeySchedule.trafficKeys(secret: secret, parameters: parameters)
            var trial = TLSRecordCipher(keys: keys, parameters: parameters)
            guard case .success = trial.open(record) else { continue }
            epoch = .early
            cipher = TLSRecordCipher(keys: keys, parameters: parameters)
            connection.reportOnce(TLSRule.earlyData, "The client sent 0-RTT early data after its ClientHello, decrypted with CLIENT_EARLY_TRAFFIC_SECRET and \(suite.name) (the offered suite its tag verified with); early data can be replayed by an attacker (RFC 8446 8).",
                                  key: "finding.tls.early-data", [.text(suite.name)], from: peer, recordIndex: index,
                                  streamOffset: record.headerOffset, events: &events)
            return
        }
        earlyDataUnopened = .earlyData
        connection.reportOnce(TLSRule.earlyDataNotDecrypted, "The client sent 0-RTT early data after its ClientHello; no suite it offers opened it with the key log's CLIENT_EARLY_TRAFFIC_SECRET (a secret for another session?), so it stays encrypted.",
                              key: "finding.tls.early-data-not-decrypted.noSuite", from: peer, recordIndex: index,
                              streamOffset: record.headerOffset, events: &events)
    }

    /// The early epoch ends with the client's EndOfEarlyData, or, when the server refused the early
    /// data, with the first record that opens only under the handshake secret.
    private mutating func leaveEarlyEpoch() {
        epoch = nil
        cipher = nil
    }

    /// TLS 1.2: this side's ChangeCipherSpec switches its records to the key block's keys.
    private mutating func beginTLS12(connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        if epoch != nil || renegotiating { return }
        epoch = .application(generation: 0)
        missingKey = reasonWithoutKeys(connection)
        guard let parameters = connection.parameters, let keys = connection.tls12Keys else { return }
        cipher = TLSRecordCipher(keys: peer == .client ? keys.client : keys.server, parameters: parameters)
    }

    private func reasonWithoutKeys(_ connection: TLSConnectionState) -> TLSUndecryptedReason {
        switch connection.keyStatus {
        case .noKeyLog: return .noKeyLog
        case .handshakeNotCaptured, .awaitingHandshake: return .handshakeNotCaptured
        case .noSecretsForSession: return .noSecretsForSession
        case .unsupportedCipherSuite(let suite): return .unsupportedCipherSuite(suite)
        case .available:
            return .secretMissing(connection.version == .tls1_2 ? .clientRandom
                                  : peer == .client ? .clientHandshakeTrafficSecret : .serverHandshakeTrafficSecret)
        }
    }

    // MARK: Damage

    /// A record whose body lost bytes: reported, its sequence number skipped, and its plaintext
    /// (when it would have been application data) reported as a plaintext gap.
    private mutating func damagedRecord(_ header: TLSRecordHeader, headerOffset: UInt64, capturedBody: [UInt8],
                                        connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        let index = nextRecordIndex
        nextRecordIndex += 1
        counts.records += 1
        counts.recordBytes += UInt64(TLSRecordHeader.length + header.bodyLength)
        counts.recordHeaderBytes += UInt64(TLSRecordHeader.length)
        counts.undecryptedRecords += 1
        counts.undecryptedBytes += UInt64(TLSRecordHeader.length + header.bodyLength)
        counts.undecryptedBodyBytesClaimed += UInt64(header.bodyLength)
        if peer == .client, header.contentType == .handshake, connection.clientHello == nil, startsWithHello == nil || startsWithHello == true {
            // A ClientHello cut by the snapshot length: its random (the key log's name for the
            // session) is in its first 38 bytes, and may be all that is needed.
            connection.clientHelloCut = true
            startsWithHello = capturedBody.first.map { $0 == 1 } ?? true
            if let hello = TLSClientHello(cutShort: capturedBody[...]) {
                connection.noteClientHello(hello)
                events.receive(.clientHello(hello, recordIndex: index))
            }
        }
        events.receive(.record(TLSRecordInfo(from: peer, index: index, header: header, headerOffset: headerOffset,
                                             protection: .notDecrypted(.bytesMissing))))
        emit(TLSRule.recordBytesMissing, "Bytes of this \(header.contentType.name) record are missing from the capture; it cannot be decrypted or parsed, decoding goes on with the next record.",
             key: "finding.tls.record-bytes-missing", [.text(header.contentType.name)], streamOffset: headerOffset, recordIndex: index, events: &events)
        beginTLS13IfDue(header, connection: &connection, events: &events)
        let protected = epoch != nil && (connection.version != .tls1_3 || header.contentType == .applicationData)
        guard protected, stopReason == nil else {
            if header.contentType == .handshake { handshake.reset() }
            return
        }
        if epoch == .handshake { handshakeRecordLost = true }
        cipher?.skipRecord()
        guard case .application = epoch, cipher != nil else { return }
        let range = headerOffset..<(headerOffset + UInt64(TLSRecordHeader.length + header.bodyLength))
        let isTLS13 = connection.version == .tls1_3
        let overhead = isTLS13 ? 16 + 1 : 16 + (connection.parameters?.explicitNonceLength ?? 0)
        guard isTLS13 || header.contentType == .applicationData, header.bodyLength > overhead else { return }
        let length = UInt64(header.bodyLength - overhead)
        events.receive(.plaintextGap(TLSPlaintextGap(from: peer, plaintextOffset: plaintextOffset, length: length,
                                                     isLengthExact: !isTLS13, recordIndex: index, recordRange: range)))
        plaintextOffset += length
    }

    private mutating func loseFraming(at offset: UInt64, connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        emit(TLSRule.framingLost, "Record boundaries of the \(peer.rawValue)'s stream are lost here; nothing is decoded until a record header follows right after bytes missing from the capture.",
             key: "finding.tls.framing-lost", [.peer(peer)], streamOffset: offset, events: &events)
        framingLostAt = offset
        if epoch == .handshake { handshakeRecordLost = true }
    }

    /// Framing is found again: the bytes since it was lost are skipped. Their plaintext (if this
    /// direction was being decrypted) becomes a gap of at most that many bytes, and the next
    /// protected record tries the sequence numbers of the records that could have been lost: at
    /// most one per 21 bytes (a 5-byte header and a 16-byte tag: TLS 1.2 ChaCha20 with no data).
    private mutating func resynchronize(at offset: UInt64, connection: inout TLSConnectionState, events: inout some TLSEventSink) {
        guard let lostAt = framingLostAt else { return }
        framingLostAt = nil
        let skipped = offset - lostAt
        emit(TLSRule.framingRecovered, "Record boundaries of the \(peer.rawValue)'s stream are found again: a record header right after bytes missing from the capture. The \(skipped) bytes since they were lost are not decoded (records in them are not counted).",
             key: "finding.tls.framing-recovered", [.peer(peer), .number(Int(clamping: skipped))], streamOffset: offset, events: &events)
        guard epoch != nil, stopReason == nil else { return }
        sequenceTrials = Int(min(skipped / 21 + 1, 1_024))
        if case .application = epoch {
            events.receive(.plaintextGap(TLSPlaintextGap(from: peer, plaintextOffset: plaintextOffset, length: skipped, isLengthExact: false,
                                                         recordIndex: nextRecordIndex, recordRange: lostAt..<offset)))
            plaintextOffset += skipped
        }
    }

    // MARK: Byte accounting

    /// The content of a record in the clear, by type.
    private mutating func countContent(_ type: TLSContentType, _ length: Int) {
        let bytes = UInt64(length)
        switch type {
        case .handshake: counts.handshakeBytes += bytes
        case .changeCipherSpec: counts.changeCipherSpecBytes += bytes
        case .alert: counts.alertBytes += bytes
        default: counts.otherContentBytes += bytes   // application data is counted as it is delivered
        }
    }

    /// A decrypted record's protection (tag, explicit nonce, inner type, padding) and its content.
    private mutating func countProtection(_ opened: TLSRecordCipher.Opened, parameters: TLSCipherSuite.Parameters?) {
        counts.tagBytes += UInt64(parameters?.aead.tagLength ?? 16)
        counts.explicitNonceBytes += UInt64(opened.plaintextStart)
        if parameters?.version == .tls1_3 { counts.contentTypeBytes += 1 }
        counts.paddingBytes += UInt64(opened.paddingLength)
        if opened.contentType != .applicationData { countContent(opened.contentType, opened.plaintext.count) }
    }

    // MARK: Helpers

    private mutating func notDecrypted(_ record: TLSRecord, index: Int, reason: TLSUndecryptedReason, findings: [Finding],
                                       events: inout some TLSEventSink) {
        counts.undecryptedRecords += 1
        counts.undecryptedBytes += UInt64(TLSRecordHeader.length + record.header.bodyLength)
        counts.undecryptedBodyBytesClaimed += UInt64(record.header.bodyLength)
        events.receive(.record(TLSRecordInfo(from: peer, index: index, header: record.header, headerOffset: record.headerOffset,
                                             protection: .notDecrypted(reason))))
        // A TLS 1.2 alert shows its type outside; its level and description are encrypted.
        if record.header.contentType == .alert, epoch != nil {
            counts.alerts += 1
            events.receive(.alert(TLSAlertInfo(from: peer, alert: nil, wasEncrypted: true, recordIndex: index,
                                               streamOffset: record.headerOffset)))
        }
        emit(findings, index: index, events: &events)
    }

    private mutating func stop(_ reason: TLSUndecryptedReason, at index: Int, rule: Rule = TLSRule.authenticationFailed,
                               message: String, key: String? = nil, _ arguments: [MessageArgument] = [],
                               streamOffset: UInt64, events: inout some TLSEventSink) {
        guard stopReason == nil else { return }
        stopReason = reason
        emit(rule, message, key: key, arguments, streamOffset: streamOffset, recordIndex: index, events: &events)
        events.receive(.plaintextEnded(from: peer, plaintextOffset: plaintextOffset, reason: reason))
    }

    /// The parsed message body, or nil (with a finding) when it does not parse.
    private func parsed<Value>(_ message: TLSHandshakeReassembler.Message, as name: String, record: TLSRecord, index: Int,
                               events: inout some TLSEventSink,
                               _ parse: (ArraySlice<UInt8>) throws(TLSParseError) -> Value) -> Value? {
        guard let bytes = message.body else { return nil }
        do {
            return try parse(bytes[...])
        } catch {
            events.receive(.finding(TLSFinding(
                finding: Finding(rule: TLSRule.malformedHandshake, message: "The \(name) does not parse: \(error.reason).",
                                 streamOffset: record.headerOffset, messageKey: "finding.tls.malformed-handshake",
                                 arguments: [.text(name), error.phrase]),
                from: peer, recordIndex: index)))
            return nil
        }
    }

    private func emit(_ rule: Rule, _ message: String, key: String? = nil, _ arguments: [MessageArgument] = [],
                      streamOffset: UInt64, recordIndex: Int? = nil, events: inout some TLSEventSink) {
        events.receive(.finding(TLSFinding(finding: Finding(rule: rule, message: message, streamOffset: streamOffset,
                                                            messageKey: key, arguments: arguments),
                                           from: peer, recordIndex: recordIndex)))
    }

    private func emit(_ findings: [Finding], index: Int, events: inout some TLSEventSink) {
        for finding in findings { events.receive(.finding(TLSFinding(finding: finding, from: peer, recordIndex: index))) }
    }
}
