extension JSONContract {
    /// The verdict object of a capture `check` could not read at all (in a run over several captures;
    /// alone, `check` ends with exit code 3 and the error on stderr).
    public static func unreadableVerdict(exitCode: Int, problem: String) -> JSONValue {
        .object([
            ("type", .string("verdict")),
            ("connections", .number(0)),
            ("notChecked", .array([])),
            ("errors", .number(0)),
            ("warnings", .number(0)),
            ("infos", .number(0)),
            ("verdict", .string("unreadable")),
            ("exitCode", .number(exitCode)),
            ("problem", .string(problem)),
        ])
    }

    /// A verdict object with why the capture was read only in part (cut off, read error).
    public static func withProblem(_ verdict: JSONValue, _ problem: String?) -> JSONValue {
        guard let problem, case .object(let fields) = verdict else { return verdict }
        return .object(fields + [("problem", .string(problem))])
    }
}
