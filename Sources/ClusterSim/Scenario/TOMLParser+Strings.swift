/// The four kinds of TOML strings: basic `"..."` (escapes), literal `'...'` (none), and their multi-line forms.
extension TOMLParser {
    static let escapeHint = #"valid escapes are \b \t \n \f \r \" \\ \uXXXX and \UXXXXXXXX"#

    /// Throws for control characters other than tab, which no TOML string may hold as they are.
    func checkNotControl(_ scalar: Unicode.Scalar) throws {
        if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
            throw error(
                "a string cannot contain \(currentDescription)",
                hint: #"write it as an escape such as \n or \u0007 in a "basic" string"#)
        }
    }

    mutating func parseBasicString() throws -> String {
        let start = location
        advance()
        var text = ""
        while true {
            guard let scalar = current, !atNewline, scalar != "\n" else {
                throw error(
                    "the string that starts here is not closed on its line", at: start,
                    hint: #"close it with " on the same line, or use """ for text over several lines"#)
            }
            switch scalar {
            case "\"":
                advance()
                return text
            case "\\":
                text.unicodeScalars.append(try parseEscape())
            default:
                try checkNotControl(scalar)
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
    }

    mutating func parseLiteralString() throws -> String {
        let start = location
        advance()
        var text = ""
        while true {
            guard let scalar = current, !atNewline, scalar != "\n" else {
                throw error(
                    "the string that starts here is not closed on its line", at: start,
                    hint: "close it with ' on the same line, or use ''' for text over several lines")
            }
            if scalar == "'" {
                advance()
                return text
            }
            try checkNotControl(scalar)
            text.unicodeScalars.append(scalar)
            advance()
        }
    }

    mutating func parseMultiLineBasicString() throws -> String {
        try parseMultiLine(quote: "\"", escapes: true)
    }

    mutating func parseMultiLineLiteralString() throws -> String {
        try parseMultiLine(quote: "'", escapes: false)
    }

    /// `"""..."""` or `'''...'''`: a newline right after the opening quotes is dropped; up to two quotes may come
    /// right before the closing three; in basic form a backslash at the end of a line joins it to the next
    /// non-blank text.
    mutating func parseMultiLine(quote: Unicode.Scalar, escapes: Bool) throws -> String {
        let start = location
        let delimiter = String(repeating: String(Character(quote)), count: 3)
        advance(3)
        if atNewline { skipNewline() }
        var text = ""
        while true {
            guard let scalar = current else {
                throw error(
                    "the multi-line string that starts here is never closed", at: start,
                    hint: "close it with \(delimiter)")
            }
            if scalar == quote {
                var run = 0
                while peek(run) == quote { run += 1 }
                if run >= 3 {
                    guard run <= 5 else {
                        throw error(
                            "too many quotes at the end of a multi-line string",
                            hint: "at most two quotes may come right before the closing \(delimiter)")
                    }
                    text.unicodeScalars.append(contentsOf: repeatElement(quote, count: run - 3))
                    advance(run)
                    return text
                }
                text.unicodeScalars.append(contentsOf: repeatElement(quote, count: run))
                advance(run)
            } else if atNewline {
                text.unicodeScalars.append("\n")
                skipNewline()
            } else if escapes && scalar == "\\" {
                if lineEndingBackslash() {
                    advance()
                    while current == " " || current == "\t" || atNewline {
                        if atNewline { skipNewline() } else { advance() }
                    }
                } else {
                    text.unicodeScalars.append(try parseEscape())
                }
            } else {
                try checkNotControl(scalar)
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
    }

    /// True when the backslash at the current position has only spaces after it on its line.
    func lineEndingBackslash() -> Bool {
        var offset = 1
        while peek(offset) == " " || peek(offset) == "\t" { offset += 1 }
        return peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n")
    }

    /// An escape sequence starting at the backslash.
    mutating func parseEscape() throws -> Unicode.Scalar {
        let start = location
        advance()
        guard let letter = current else {
            throw error("the escape has no letter after the backslash", at: start, hint: Self.escapeHint)
        }
        advance()
        switch letter {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let digits = letter == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let scalar = current, let digit = Character(scalar).hexDigitValue else {
                    throw error(
                        "\\\(letter) needs \(digits) hexadecimal digits", at: start,
                        hint: "write e.g. \\u00E9 for é")
                }
                value = value &* 16 &+ UInt32(digit)
                advance()
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error(
                    "\\\(letter)\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value",
                    at: start, hint: "use a code point up to 10FFFF that is not a surrogate")
            }
            return scalar
        default:
            let shown = letter.value < 0x20 ? "U+\(String(letter.value, radix: 16))" : String(Character(letter))
            throw error("unknown escape '\\\(shown)'", at: start, hint: Self.escapeHint)
        }
    }
}
