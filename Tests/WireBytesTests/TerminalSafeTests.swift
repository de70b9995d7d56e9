import Testing
import WireBytes

/// The terminal-safe escaping is the project's security boundary: whatever a capture holds, what
/// wslens prints cannot move the cursor, retitle or recolor the terminal, hide text or reorder it.
@Suite struct TerminalSafeTests {
    /// Scalars that must never reach a terminal as they are.
    static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7f || (0x80...0x9f).contains(value)
            || value == 0x061c || value == 0x180e || (0x200b...0x200f).contains(value) || (0x2028...0x202e).contains(value)
            || (0x2060...0x2069).contains(value) || value == 0xfeff || (0xfff9...0xfffb).contains(value)
            || (0xe0000...0xe007f).contains(value)
    }

    static func expectSafe(_ output: String, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = output.unicodeScalars.filter(isDangerous)
        #expect(bad.isEmpty, "raw control or format characters \(bad.map { String($0.value, radix: 16) }) in \(output.debugDescription) \(comment?.rawValue ?? "")",
                sourceLocation: sourceLocation)
    }

    /// Undoes `escape`: the escaping must be unambiguous, so the original can always be told.
    static func unescape(_ text: String) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.popFirst() {
            guard first == "\\" else { out.append(first); continue }
            switch scalars.popFirst() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "x":
                guard scalars.count >= 2, let value = UInt32(String(String.UnicodeScalarView(scalars.prefix(2))), radix: 16) else { return nil }
                scalars = scalars.dropFirst(2)
                out.append(Unicode.Scalar(value)!)
            case "u":
                guard scalars.popFirst() == "{", let close = scalars.firstIndex(of: "}"),
                      let value = UInt32(String(String.UnicodeScalarView(scalars[..<close])), radix: 16),
                      let scalar = Unicode.Scalar(value) else { return nil }
                scalars = scalars[scalars.index(after: close)...]
                out.append(scalar)
            default: return nil
            }
        }
        return out
    }

    @Test("printable text, accents, CJK and emoji pass unchanged")
    func printableTextUnchanged() {
        for text in ["Hello, wslens!", "Grüße aus München! Ünïcödé ✓ 👋🌍", "数据帧", "a\u{0301}", "{\"type\":\"chat\"}", ""] {
            #expect(TerminalSafe.escape(text) == text)
            #expect(TerminalSafe.escape(bytes: Array(text.utf8)) == text)
        }
    }

    @Test("every C0 control, DEL and every C1 control is escaped")
    func controlCharacters() {
        for value in Array(0x00...0x1f) + [0x7f] + Array(0x80...0x9f) {
            let scalar = Unicode.Scalar(UInt32(value))!
            let escaped = TerminalSafe.escape(String(scalar))
            Self.expectSafe(escaped)
            #expect(escaped.hasPrefix("\\"), "U+\(String(value, radix: 16)) became \(escaped.debugDescription)")
            #expect(Self.unescape(escaped) == [scalar])
        }
        #expect(TerminalSafe.escape("\n\r\t") == "\\n\\r\\t")
        #expect(TerminalSafe.escape("\u{1b}") == "\\x1b")
        #expect(TerminalSafe.escape("\u{9b}") == "\\x9b")   // the one-byte CSI of 8-bit terminals
    }

    @Test("ESC, CSI and OSC sequences cannot reach the terminal", arguments: [
        "\u{1b}[2J\u{1b}[H",                             // clear screen, cursor home
        "\u{1b}[31mred\u{1b}[0m",                        // colors
        "\u{1b}]0;pwned\u{07}",                          // OSC: window title, BEL-terminated
        "\u{1b}]8;;http://example.invalid\u{1b}\\link\u{1b}]8;;\u{1b}\\",   // OSC 8 hyperlink, ST-terminated
        "\u{1b}P+q544e\u{1b}\\",                         // DCS request
        "\u{9b}6n",                                      // C1 CSI: device status report
        "\u{1b}[6n\u{1b}[21t",                           // report cursor position, window title
        "text\u{08}\u{08}\u{08}XXX",                     // backspaces overprinting
        "line\rOVERWRITE",                               // carriage return overprinting
    ])
    func escapeSequences(_ attack: String) {
        let escaped = TerminalSafe.escape(attack)
        Self.expectSafe(escaped)
        #expect(!escaped.unicodeScalars.contains("\u{1b}"))
        #expect(Self.unescape(escaped) == Array(attack.unicodeScalars))
        let fromBytes = TerminalSafe.escape(bytes: Array(attack.utf8))
        Self.expectSafe(fromBytes)
    }

    @Test("bidi overrides, isolates, invisible and tag characters are escaped", arguments: [
        0x202e, 0x202d, 0x202a, 0x202b, 0x202c, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
        0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x2028, 0x2029, 0xfff9, 0x180e, 0xe0001, 0xe0041, 0xe007f,
    ])
    func formatCharacters(_ value: Int) {
        let scalar = Unicode.Scalar(UInt32(value))!
        let text = "user\(scalar)gnp.exe"
        let escaped = TerminalSafe.escape(text)
        Self.expectSafe(escaped)
        #expect(escaped.contains("\\u{\(String(value, radix: 16))}"))
        #expect(Self.unescape(escaped) == Array(text.unicodeScalars))
    }

    @Test("invalid UTF-8 shows each bad byte as \\xNN", arguments: [
        ([0xff], "\\xff"),
        ([0xc0, 0xaf], "\\xc0\\xaf"),                    // overlong "/"
        ([0xe0, 0x80, 0xaf], "\\xe0\\x80\\xaf"),         // overlong, 3 bytes
        ([0xed, 0xa0, 0x80], "\\xed\\xa0\\x80"),         // UTF-16 surrogate
        ([0xf4, 0x90, 0x80, 0x80], "\\xf4\\x90\\x80\\x80"),   // above U+10FFFF
        ([0x41, 0xe2, 0x82], "A\\xe2\\x82"),             // cut in the middle
        ([0xc2, 0x9b, 0x36, 0x6e], "\\x9b6n"),          // a valid C1 CSI, UTF-8 encoded
        ([0x80, 0x41], "\\x80A"),                        // a lone continuation byte
    ] as [([UInt8], String)])
    func invalidUTF8(_ bytes: [UInt8], _ expected: String) {
        #expect(TerminalSafe.escape(bytes: bytes) == expected)
    }

    @Test("a backslash is doubled, so an escape in the payload cannot pose as one of ours")
    func backslash() {
        #expect(TerminalSafe.escape("\\x1b[31m") == "\\\\x1b[31m")
        #expect(TerminalSafe.escape(bytes: Array("C:\\temp".utf8)) == "C:\\\\temp")
    }

    @Test("every byte string, however hostile, comes out safe and unambiguous")
    func randomBytes() {
        var generator = SplitMix(seed: 0x5eed)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 64)
            let bytes = (0..<length).map { _ in
                // Mostly bytes that matter: controls, ESC, high bytes, UTF-8 lead bytes.
                let choices: [UInt8] = [0x1b, 0x5b, 0x07, 0x9b, 0xc2, 0xe2, 0x80, 0xae, 0x5c, 0x41, 0x00, 0xff, 0xf0, 0x9f]
                return generator.next() % 3 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : choices[Int(generator.next() % UInt64(choices.count))]
            }
            let escaped = TerminalSafe.escape(bytes: bytes)
            Self.expectSafe(escaped, "bytes \(bytes)")
            #expect(Self.unescape(escaped) != nil, "ambiguous escape of \(bytes): \(escaped)")
        }
    }

    @Test("a megabyte of escape sequences is escaped in one pass")
    func veryLongInput() {
        let unit: [UInt8] = Array("\u{1b}]0;x\u{07}\u{1b}[2J".utf8) + [0xff]
        let bytes = Array([[UInt8]](repeating: unit, count: (1 << 20) / unit.count).joined())
        let escaped = TerminalSafe.escape(bytes: bytes)
        Self.expectSafe(escaped)
        #expect(escaped.utf8.count > bytes.count)   // every control grew into a visible escape
    }

    /// SplitMix64: a small seeded generator, so a failure can be replayed.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }
}

/// Quoted text (issue 12, item 8): a quote inside cannot be taken for the closing one.
@Suite struct QuotedTextTests {
    @Test func quotesInsideAreEscaped() {
        #expect(TerminalSafe.quoted(#"say "who""#) == #""say \"who\"""#)
        #expect(TerminalSafe.quoted(bytes: Array(#"say "who""#.utf8)) == #""say \"who\"""#)
        #expect(TerminalSafe.quoted(#"back\slash"#) == #""back\\slash""#)
        #expect(TerminalSafe.quoted("\u{1b}[2J\"") == #""\x1b[2J\"""#)
        #expect(TerminalSafe.quoted(bytes: [0x22, 0xc3]) == #""\"\xc3""#)
    }

    /// Unambiguous: between the quotes, every `"` is preceded by an odd number of backslashes.
    @Test func theClosingQuoteIsTheOnlyBareQuote() {
        for text in [#"""#, #"\""#, #"\\""#, #"a"b"c"#, "\"\u{202e}\""] {
            let quoted = Array(TerminalSafe.quoted(text))
            var bare: [Int] = []
            var index = 1
            while index < quoted.count - 1 {
                if quoted[index] == "\\" { index += 2; continue }
                if quoted[index] == "\"" { bare.append(index) }
                index += 1
            }
            #expect(bare.isEmpty, "\(text) → \(String(quoted))")
        }
    }
}
