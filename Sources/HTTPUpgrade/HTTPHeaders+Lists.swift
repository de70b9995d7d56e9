extension HTTPHeaders {
    /// The elements of a comma-separated list header (RFC 9110 section 5.6.1), across all fields of
    /// that name, trimmed, with empty elements dropped. Commas inside quoted strings do not split.
    public func listElements(for name: String) -> [String] {
        values(for: name).flatMap { value in
            HTTPListSyntax.split(value, separator: ",")
                .map(ASCII.trimmingWhitespace)
                .filter { !$0.isEmpty }
        }
    }

    /// The list elements of a header as a lowercased set, for token lists whose tokens compare
    /// without regard to case, such as `Connection` and `Upgrade`.
    public func tokens(for name: String) -> Set<String> {
        Set(listElements(for: name).map(ASCII.lowercased))
    }

    /// Whether the list header `name` holds `token` (compared without regard to case).
    public func hasToken(_ token: String, in name: String) -> Bool {
        listElements(for: name).contains { ASCII.equalsIgnoringCase($0, token) }
    }
}
