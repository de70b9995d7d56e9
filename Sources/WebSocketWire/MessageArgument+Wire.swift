import WireBytes

extension MessageArgument {
    /// An opcode in a finding's message: its short name in the reader's language ("ping", German
    /// "Ping"); a reserved opcode by its English name, which says its number.
    static func opcode(_ opcode: WebSocketOpcode) -> MessageArgument {
        opcode.isReserved ? .text(opcode.name) : .word("opcode.name." + opcode.name)
    }

    /// A close code's meaning in the reader's language (`WebSocketCloseCode.meaning` in English).
    static func closeMeaning(_ code: WebSocketCloseCode) -> MessageArgument {
        .word(code.name != nil ? "close.meaning.\(code.rawValue)" : "close.meaning.range." + code.range.rawValue)
    }

    /// A close code as the session's findings name it: "1000 Normal Closure", an unnamed code with
    /// its meaning ("4000 private use by the application"), or "no status code".
    static func closeCode(_ code: WebSocketCloseCode?) -> MessageArgument {
        guard let code else { return .word("summary.close.noCode") }
        if let name = code.name { return .text("\(code.rawValue) \(name)") }
        return .sequence([.number(Int(code.rawValue)), .closeMeaning(code)])
    }

    /// "TCP was reset (RST)" or "TCP was closed (FIN)", said after "before".
    static func tcpEnd(_ transport: WebSocketSession.TransportEnd) -> MessageArgument {
        .word(transport == .reset ? "summary.close.tcpReset" : "summary.close.tcpClosed")
    }
}
