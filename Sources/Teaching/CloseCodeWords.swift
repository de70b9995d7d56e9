public import WebSocketWire

/// A close code in the style's language: its meaning, the range it falls in, a label for tables,
/// and, for `close-codes`, the description and who defined it (BA Tab. 3 in German). The English
/// meanings are `WebSocketCloseCode`'s own. The names ("Normal Closure") are the IANA registry's
/// in every language, as the thesis' table keeps them.
public enum CloseCodeWords {
    /// The codes RFC 6455 and the IANA registry name (1000-1015), in order.
    public static let registered: [WebSocketCloseCode] = (1000...1015).map { WebSocketCloseCode(rawValue: UInt16($0)) }

    /// What the code means (a short sentence, for `explain`).
    public static func meaning(_ code: WebSocketCloseCode, style: Style) -> String {
        if code.name != nil { return style.tr("close.meaning.\(code.rawValue)") }
        return style.tr("close.meaning.range." + code.range.rawValue)
    }

    /// The range a code falls in, with what that allows (`explain`).
    public static func rangeText(_ code: WebSocketCloseCode, style: Style) -> String {
        style.tr("close.range." + code.range.rawValue)
    }

    /// "1000 Normal Closure", or for codes without a name the range ("4000 (private use, 4000-4999)").
    public static func label(_ code: WebSocketCloseCode, style: Style) -> String {
        if let name = code.name { return "\(code.rawValue) \(name)" }
        switch code.range {
        case .applicationPrivate, .registered, .reservedForProtocol:
            return "\(code.rawValue) " + style.tr("close.label." + code.range.rawValue)
        case .invalidBelow1000, .invalidAbove4999:
            return "\(code.rawValue) " + style.tr("close.label.invalid")
        case .defined, .reservedNotOnWire:
            return "\(code.rawValue)"
        }
    }

    /// The longer description of a registered code (`close-codes`; the thesis' table 3 text in German).
    public static func description(_ code: WebSocketCloseCode, style: Style) -> String {
        style.tr("close.description.\(code.rawValue)")
    }

    /// Who defined a registered code, as the thesis' table names them ("RFC6455", "Alexey Melnikov").
    public static func definedBy(_ code: WebSocketCloseCode) -> String {
        switch code.rawValue {
        case 1000...1011, 1015: "RFC6455"
        // Added to the registry after RFC 6455 on Alexey Melnikov's request (hybi list, 16 May 2012; BA Tab. 3 [Mel12]).
        case 1012, 1013: "Alexey Melnikov"
        // Registered later still; the registry is the reference we have checked.
        case 1014: "IANA"
        default: ""
        }
    }

    /// The range groups of RFC 6455 §7.4.2, as `close-codes` lists them under the table.
    public static let rangeGroups: [(id: String, codes: ClosedRange<Int>)] = [
        ("0-999", 0...999), ("1000-2999", 1000...2999), ("3000-3999", 3000...3999), ("4000-4999", 4000...4999),
    ]
}
