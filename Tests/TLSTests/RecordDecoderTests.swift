import Testing
import TLS

/// The record decoder under every split of its input, and at its limits.
@Suite struct RecordDecoderTests {
    /// Three records: a 201-byte ClientHello, an empty application_data record, a 72-byte record.
    let stream = Fixture.rfc8448("client_hello_record") + [0x17, 0x03, 0x03, 0x00, 0x00] + Fixture.rfc8448("client_application_data_record")

    func records(_ steps: [TLSRecordDecoder.Step]) -> [TLSRecord] {
        steps.compactMap { if case .record(let record) = $0 { return record } else { return nil } }
    }

    @Test func wholeStreamGivesEveryRecordWithItsOffsets() {
        var decoder = TLSRecordDecoder()
        let found = records(decoder.decode(stream))
        #expect(found.count == 3)
        #expect(found.map(\.headerOffset) == [0, 201, 206])
        #expect(found.map(\.header.bodyLength) == [196, 0, 67])
        #expect(found[0].bodyRange == 5..<201)
        #expect(found[2].range == 206..<278)
        #expect(found.flatMap { $0.header.bytes + $0.body } == stream)
        #expect(decoder.isAtRecordBoundary)
        #expect(decoder.streamOffset == UInt64(stream.count))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 13, 100, 201, 202])
    func anySplitGivesTheSameRecords(chunkSize: Int) {
        var whole = TLSRecordDecoder()
        let expected = records(whole.decode(stream))
        var decoder = TLSRecordDecoder()
        var found: [TLSRecord] = []
        var start = 0
        while start < stream.count {
            let end = min(start + chunkSize, stream.count)
            found += records(decoder.decode(Array(stream[start..<end])))
            start = end
        }
        #expect(found == expected)
    }

    @Test func startOffsetShiftsEveryOffset() {
        var decoder = TLSRecordDecoder(startOffset: 1000)
        #expect(records(decoder.decode(stream)).map(\.headerOffset) == [1000, 1201, 1206])
    }

    @Test func headerClaimingMoreThanAnyVersionAllowsLosesFramingWithoutBuffering() {
        var decoder = TLSRecordDecoder()
        // 0xffff = 65535 bytes claimed, the most a header can say; then a body that never ends.
        let steps = decoder.decode([0x17, 0x03, 0x03, 0xff, 0xff] + [UInt8](repeating: 0xaa, count: 70_000))
        #expect(steps == [.tooLong(TLSRecordHeader(contentType: .applicationData, legacyVersion: .tls1_2, bodyLength: 65535), headerOffset: 0)])
        #expect(decoder.state == .desynchronized)
        #expect(decoder.bytesOfPartialRecord == 0, "nothing is buffered after the header")
        #expect(decoder.decode(stream).isEmpty, "nothing is parsed once framing is lost")
    }

    @Test func largestAllowedBodyIsBufferedAndDelivered() {
        var decoder = TLSRecordDecoder()
        let length = TLSRecordDecoder.maximumBodyLength
        var steps = decoder.decode([0x17, 0x03, 0x03, UInt8(length >> 8), UInt8(length & 0xff)] + [UInt8](repeating: 1, count: length - 1))
        #expect(steps.isEmpty)
        #expect(decoder.bytesOfPartialRecord == 5 + length - 1)
        steps = decoder.decode([1])
        #expect(records(steps).first?.body.count == length)
    }

    @Test func gapInsideABodyLosesOnlyThatRecord() {
        var decoder = TLSRecordDecoder()
        #expect(records(decoder.decode(Array(stream.prefix(100)))).isEmpty)
        // Bytes 100..<150 of the ClientHello's body are missing.
        #expect(decoder.skipGap(length: 50) == .insideBody(TLSRecordHeader(contentType: .handshake, legacyVersion: .tls1_0, bodyLength: 196), headerOffset: 0,
                                                           capturedBody: Array(stream[5..<100])))
        let steps = decoder.decode(Array(stream[150...]))
        #expect(steps.first == .damagedRecordEnded(TLSRecordHeader(contentType: .handshake, legacyVersion: .tls1_0, bodyLength: 196), headerOffset: 0))
        #expect(records(steps).map(\.headerOffset) == [201, 206])
    }

    @Test func gapTouchingAHeaderLosesFraming() {
        var decoder = TLSRecordDecoder()
        _ = decoder.decode(Array(stream.prefix(203)))   // two bytes into the second header
        #expect(decoder.skipGap(length: 10) == .lostSync(headerOffset: 201))
        #expect(decoder.decode(Array(stream[213...])).isEmpty)
        #expect(decoder.skipGap(length: 1) == .alreadyDesynchronized)

        var atBoundary = TLSRecordDecoder()
        _ = atBoundary.decode(Array(stream.prefix(201)))
        #expect(atBoundary.skipGap(length: 5) == .lostSync(headerOffset: nil), "how many records the gap held is unknown")

        var pastBody = TLSRecordDecoder()
        _ = pastBody.decode(Array(stream.prefix(150)))
        #expect(pastBody.skipGap(length: 60) == .lostSync(headerOffset: 0), "the gap runs past the body into the next header")
    }

    @Test func aHeaderRightAfterAGapResynchronizes() {
        var decoder = TLSRecordDecoder()
        _ = decoder.decode(Array(stream.prefix(201)))
        #expect(decoder.skipGap(length: 5) == .lostSync(headerOffset: nil), "the empty record is lost")
        let steps = decoder.decode(Array(stream[206...]))
        #expect(steps.first == .resynchronized(headerOffset: 206))
        #expect(records(steps).map(\.headerOffset) == [206])
        #expect(decoder.isAtRecordBoundary)
    }

    @Test func onlyTheFirstBytesAfterAGapAreTakenForAHeader() {
        var decoder = TLSRecordDecoder()
        _ = decoder.decode(Array(stream.prefix(201)))
        _ = decoder.skipGap(length: 4)
        // The gap ends one byte before the third record's header: that byte is not a header, and
        // the real header after it is not looked for (it could be any ciphertext).
        #expect(decoder.decode(Array(stream[205...])).isEmpty)
        _ = decoder.skipGap(length: 1)
        let header: [UInt8] = [0x17, 0x03, 0x03, 0x00, 0x01, 0xaa]
        #expect(decoder.decode(Array(header.prefix(3))).isEmpty, "fewer than 5 bytes after a gap: not tried")
        _ = decoder.skipGap(length: 1)
        let offset = UInt64(stream.count + 1 + 3 + 1)   // the stream, a gap, 3 bytes, a gap
        #expect(decoder.decode(header) == [.resynchronized(headerOffset: offset), .record(TLSRecord(
            header: TLSRecordHeader(contentType: .applicationData, legacyVersion: .tls1_2, bodyLength: 1), body: [0xaa], headerOffset: offset))])
    }
}
