internal import WireBytes

/// How a message's body is delimited, from its head (RFC 9112 section 6.3).
extension HTTPConnectionParser {
    struct FramingProblem: Error {
        var message: String
        /// The message as a key of the string catalog, with its arguments.
        var messageKey: String
        var arguments: [MessageArgument]
    }

    /// A request has a body only when it says so: Transfer-Encoding ending in chunked, or Content-Length.
    static func requestBodyFraming(_ headers: HTTPHeaders) -> Result<HTTPMessageStream.BodyFraming, FramingProblem> {
        if let last = headers.lastListElement(for: .transferEncoding) {
            guard isChunked(last) else {
                let shown = ASCII.lowercased(last)
                return .failure(FramingProblem(message: "a request's Transfer-Encoding must end with chunked, not \(shown)",
                                               messageKey: "finding.handshake.malformed-http.transferEncoding",
                                               arguments: [.text(shown)]))
            }
            return .success(.chunked)
        }
        return contentLength(headers).map { $0.map(HTTPMessageStream.BodyFraming.length) ?? .none }
    }

    /// A response to HEAD, and 1xx, 204 and 304 responses, never have a body; otherwise chunked,
    /// Content-Length, or everything until the server closes.
    static func responseBodyFraming(_ head: HTTPResponseHead, requestWasHead: Bool)
        -> Result<HTTPMessageStream.BodyFraming, FramingProblem> {
        if requestWasHead || head.isInformational || head.status == 204 || head.status == 304 {
            return .success(.none)
        }
        if let last = head.headers.lastListElement(for: .transferEncoding) {
            return .success(isChunked(last) ? .chunked : .untilClose)
        }
        return contentLength(head.headers).map { $0.map(HTTPMessageStream.BodyFraming.length) ?? .untilClose }
    }

    private static func isChunked(_ coding: String) -> Bool {
        coding.withUTF8Bytes { ASCII.equalsIgnoringCase($0, lowercased: "chunked") }
    }

    /// The Content-Length, nil when absent. Repeated identical values are accepted (RFC 9110
    /// section 8.6); differing or non-numeric ones are an error.
    private static func contentLength(_ headers: HTTPHeaders) -> Result<UInt64?, FramingProblem> {
        guard headers.contains(.contentLength) else { return .success(nil) }
        let values = Set(headers.listElements(for: .contentLength))
        guard let value = values.first else { return .success(nil) }
        guard values.count == 1, value.utf8.allSatisfy(ASCII.isDigit), let length = UInt64(value) else {
            let shown = values.sorted().joined(separator: ", ")
            return .failure(FramingProblem(message: "Content-Length \"\(shown)\" is not one decimal number",
                                           messageKey: "finding.handshake.malformed-http.contentLength", arguments: [.text(shown)]))
        }
        return .success(length)
    }
}
