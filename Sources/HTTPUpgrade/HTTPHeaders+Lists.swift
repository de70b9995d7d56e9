extension HTTPHeaders {
    /// The elements of a comma-separated list header (RFC 9110 section 5.6.1), across all fields of
    /// that name, trimmed, with empty elements dropped. Commas inside quoted strings do not split.
    public func listElements(for name: String) -> [String] {
        if let known = KnownHeaderName(name) { return listElements(for: known) }
        var elements: [String] = []
        for field in fields where field.knownName == nil && ASCII.equalsIgnoringCase(field.name, name) {
            Self.appendListElements(of: field.value, to: &elements)
        }
        return elements
    }

    /// The list elements of a header as a lowercased set, for token lists whose tokens compare
    /// without regard to case, such as `Connection` and `Upgrade`.
    public func tokens(for name: String) -> Set<String> {
        Set(listElements(for: name).map(ASCII.lowercased))
    }

    /// Whether the list header `name` holds `token` (compared without regard to case).
    public func hasToken(_ token: String, in name: String) -> Bool {
        if let known = KnownHeaderName(name) { return hasToken(token, in: known) }
        return token.withUTF8Bytes { token in
            fields.contains { field in
                field.knownName == nil && ASCII.equalsIgnoringCase(field.name, name)
                    && Self.listHolds(field.value) { ASCII.equalsIgnoringCase($0, token) }
            }
        }
    }

    // MARK: By known name, without making a String of each element

    func listElements(for name: KnownHeaderName) -> [String] {
        guard contains(name) else { return [] }
        var elements: [String] = []
        for index in fields.indices where fields[index].knownName == name {
            Self.appendListElements(of: fields[index].value, to: &elements)
        }
        return elements
    }

    func hasToken(_ token: String, in name: KnownHeaderName) -> Bool {
        token.withUTF8Bytes { token in
            hasListElement(in: name) { ASCII.equalsIgnoringCase($0, token) }
        }
    }

    /// `hasToken` for a token spelled in lowercase in the source.
    func hasToken(lowercased token: StaticString, in name: KnownHeaderName) -> Bool {
        hasListElement(in: name) { ASCII.equalsIgnoringCase($0, lowercased: token) }
    }

    /// Whether the list header `name` has an element that `predicate` accepts.
    func hasListElement(in name: KnownHeaderName, where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard contains(name) else { return false }
        for index in fields.indices where fields[index].knownName == name {
            if Self.listHolds(fields[index].value, predicate) { return true }
        }
        return false
    }

    /// The last element of the list header `name` (the one that decides a message's framing).
    func lastListElement(for name: KnownHeaderName) -> String? {
        guard contains(name) else { return nil }
        var last: String?
        for index in fields.indices where fields[index].knownName == name {
            _ = fields[index].value.withUTF8Bytes { value in
                HTTPListSyntax.forEachListElement(of: value) { element in
                    last = String(decoding: element, as: UTF8.self)
                    return true
                }
            }
        }
        return last
    }

    private static func listHolds(_ value: String, _ predicate: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        value.withUTF8Bytes { value in
            !HTTPListSyntax.forEachListElement(of: value) { !predicate($0) }
        }
    }

    private static func appendListElements(of value: String, to elements: inout [String]) {
        _ = value.withUTF8Bytes { value in
            HTTPListSyntax.forEachListElement(of: value) { element in
                elements.append(String(decoding: element, as: UTF8.self))
                return true
            }
        }
    }
}
