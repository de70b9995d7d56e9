import WireBytes

/// What a close frame says (status code, reason) and the rules its payload can break.
enum CloseFrameJudge {
    /// The close frame's payload as the summary reports it: code, reason, reason as text.
    static func info(from peer: Peer, index: Int, payload: [UInt8]) -> WebSocketCloseFrameInfo {
        guard payload.count >= 2 else {
            return WebSocketCloseFrameInfo(from: peer, frameIndex: index, code: nil, reason: [], reasonText: nil)
        }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        let reason = Array(payload[2...])
        var validator = UTF8Validator()
        let reasonText = validator.validate(reason) && validator.isComplete ? String(decoding: reason, as: UTF8.self) : nil
        return WebSocketCloseFrameInfo(from: peer, frameIndex: index, code: code, reason: reason, reasonText: reasonText)
    }

    /// The rules a close frame's payload can break (RFC 6455 sections 5.5.1, 7.4).
    /// - Parameter offset: the stream offset of the payload's first byte.
    static func findings(_ close: WebSocketCloseFrameInfo, payload: [UInt8], payloadOffset offset: UInt64) -> [Finding] {
        var findings: [Finding] = []
        if payload.count == 1 {
            findings.append(Finding(rule: WebSocketRule.closePayloadOneByte,
                                    message: "The close payload is a single byte (\(payload.hexString)); a status code needs two.",
                                    streamOffset: offset, messageKey: "finding.ws.close-payload-one-byte", arguments: [.text(payload.hexString)]))
        }
        if let code = close.code {
            if code.isReservedNotOnWire {
                findings.append(Finding(rule: WebSocketRule.closeCodeNotOnWire,
                                        message: "Close code \(code) is reserved for local reporting and must not be sent.",
                                        streamOffset: offset, messageKey: "finding.ws.close-code-not-on-wire", arguments: [.text(code.description)]))
            } else if !code.isAllowedOnWire {
                findings.append(Finding(rule: WebSocketRule.closeCodeInvalid,
                                        message: "Close code \(code.rawValue) is not allowed on the wire (\(code.meaning)).",
                                        streamOffset: offset, messageKey: "finding.ws.close-code-invalid",
                                        arguments: [.number(Int(code.rawValue)), .closeMeaning(code)]))
            }
            if close.reasonText == nil {
                findings.append(Finding(rule: WebSocketRule.closeReasonInvalidUTF8,
                                        message: "The close reason is not valid UTF-8 (\(close.reason.hexString)).",
                                        streamOffset: offset + 2, messageKey: "finding.ws.close-reason-invalid-utf8",
                                        arguments: [.text(close.reason.hexString)]))
            }
        }
        return findings
    }
}
