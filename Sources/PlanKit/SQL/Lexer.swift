/// Splits SQL text into tokens, skipping white space and comments (`-- to end of line` and `/* ... */`).
///
/// Keywords are recognised in any letter case; unquoted names fold to lower case; numbers and strings keep their
/// exact text. Every token carries the `SourceLocation` where it starts.
public struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    /// Where the last token ended: the place errors about a missing end of statement point at.
    private var endOfLastToken = SourceLocation.start

    /// Prepares to read `sql`.
    public init(_ sql: String) {
        bytes = Array(sql.utf8)
    }

    /// All tokens of `sql`, ending with one `.endOfInput` token placed just after the last real token.
    /// - Throws: `SQLError` for an unterminated string, quoted name or comment, a malformed number, or a
    ///   character that SQL does not use.
    public static func tokenize(_ sql: String) throws(SQLError) -> [Token] {
        var lexer = Lexer(sql)
        var tokens: [Token] = []
        while true {
            let token = try lexer.nextToken()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    /// Reads the next token; `.endOfInput` once the text is used up.
    /// - Throws: `SQLError` for malformed text, at the place it starts.
    public mutating func nextToken() throws(SQLError) -> Token {
        try skipSpaceAndComments()
        guard index < bytes.count else {
            return Token(kind: .endOfInput, text: "", location: endOfLastToken)
        }
        let start = location
        let kind = try readToken(first: bytes[index], start: start)
        endOfLastToken = location
        return Token(kind: kind, text: text(from: start.offset), location: start)
    }

    // MARK: Reading

    private var location: SourceLocation { SourceLocation(offset: index, line: line, column: column) }

    private func byte(at position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        index += 1
    }

    private func text(from offset: Int) -> String {
        String(decoding: bytes[offset..<index], as: UTF8.self)
    }

    private mutating func skipSpaceAndComments() throws(SQLError) {
        while let current = byte(at: index) {
            if current == 0x20 || (0x09...0x0D).contains(current) {
                advance()
            } else if current == UInt8(ascii: "-") && byte(at: index + 1) == UInt8(ascii: "-") {
                while let next = byte(at: index), next != UInt8(ascii: "\n") { advance() }
            } else if current == UInt8(ascii: "/") && byte(at: index + 1) == UInt8(ascii: "*") {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    private mutating func skipBlockComment() throws(SQLError) {
        let start = location
        advance()
        advance()
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "*") && byte(at: index + 1) == UInt8(ascii: "/") {
                advance()
                advance()
                return
            }
            advance()
        }
        throw SQLError(
            "unterminated comment", at: start, width: 2,
            hint: "a comment that starts with /* must end with */")
    }

    private mutating func readToken(first: UInt8, start: SourceLocation) throws(SQLError) -> TokenKind {
        switch first {
        case UInt8(ascii: "'"):
            return .string(try readQuoted(quote: first, start: start, what: "string literal"))
        case UInt8(ascii: "\""):
            let name = try readQuoted(quote: first, start: start, what: "quoted name")
            if name.isEmpty {
                throw SQLError("empty quoted name", at: start, width: 2, hint: "a quoted name needs a character")
            }
            return .quotedIdentifier(name)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber(start: start)
        case UInt8(ascii: "."):
            if let next = byte(at: index + 1), Self.isDigit(next) { return try readNumber(start: start) }
            advance()
            return .symbol(.dot)
        default:
            if first == 0xE2, byte(at: index + 1) == 0x80, let third = byte(at: index + 2),
                [0x98, 0x99, 0x9C, 0x9D].contains(third)
            {
                throw SQLError(
                    "unexpected typographic quote \(characterDescription(at: start.offset))", at: start,
                    hint: "write strings in straight single quotes ('text') and names in straight double quotes")
            }
            if Self.isIdentifierStart(first) { return readWord() }
            return try readSymbol(first: first, start: start)
        }
    }

    private mutating func readWord() -> TokenKind {
        let startOffset = index
        while let next = byte(at: index), Self.isIdentifierPart(next) { advance() }
        let word = text(from: startOffset)
        if let keyword = Keyword(word: word) { return .keyword(keyword) }
        return .identifier(word.lowercased())
    }

    private mutating func readNumber(start: SourceLocation) throws(SQLError) -> TokenKind {
        var sawPoint = false
        while let next = byte(at: index) {
            if Self.isDigit(next) {
                advance()
            } else if next == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
                advance()
            } else {
                break
            }
        }
        if let next = byte(at: index), Self.isIdentifierStart(next) {
            while let part = byte(at: index), Self.isIdentifierPart(part) { advance() }
            throw SQLError(
                "malformed number '\(text(from: start.offset))'", at: start, width: index - start.offset,
                hint: "a number is digits with an optional point (42, 0.05, .05); put a space before a name")
        }
        let number = text(from: start.offset)
        return sawPoint ? .decimal(number) : .integer(number)
    }

    /// Reads text between `quote` characters, where a doubled quote stands for one.
    private mutating func readQuoted(quote: UInt8, start: SourceLocation, what: String) throws(SQLError) -> String {
        advance()
        var value: [UInt8] = []
        while let current = byte(at: index) {
            advance()
            if current != quote {
                value.append(current)
            } else if byte(at: index) == quote {
                value.append(quote)
                advance()
            } else {
                return String(decoding: value, as: UTF8.self)
            }
        }
        let mark = String(UnicodeScalar(quote))
        throw SQLError(
            "unterminated \(what)", at: start, width: 1,
            hint: "close it with \(mark); write \(mark)\(mark) for a \(mark) inside it")
    }

    private mutating func readSymbol(first: UInt8, start: SourceLocation) throws(SQLError) -> TokenKind {
        let second = byte(at: index + 1)
        let pair: Symbol? =
            switch (first, second) {
            case (UInt8(ascii: "<"), UInt8(ascii: ">")), (UInt8(ascii: "!"), UInt8(ascii: "=")): .notEqual
            case (UInt8(ascii: "<"), UInt8(ascii: "=")): .lessOrEqual
            case (UInt8(ascii: ">"), UInt8(ascii: "=")): .greaterOrEqual
            case (UInt8(ascii: "|"), UInt8(ascii: "|")): .concatenate
            default: nil
            }
        if let pair {
            advance()
            advance()
            return .symbol(pair)
        }
        if first < 0x80, let symbol = Symbol(rawValue: String(UnicodeScalar(first))) {
            advance()
            return .symbol(symbol)
        }
        throw SQLError(
            "unexpected character \(characterDescription(at: start.offset))", at: start, width: 1,
            hint: Self.hint(forUnexpected: first))
    }

    private func characterDescription(at offset: Int) -> String {
        let scalar = String(decoding: bytes[offset...].prefix(4), as: UTF8.self).unicodeScalars.first
        guard let scalar, scalar.value >= 0x20 else { return "(byte \(bytes[offset]))" }
        return "'\(scalar)'"
    }

    private static func hint(forUnexpected byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "!"): "write <> or != for 'not equal'"
        case UInt8(ascii: "|"): "write || to join strings"
        case UInt8(ascii: ":"): "write CAST(value AS type) to convert a value"
        case UInt8(ascii: "`"), UInt8(ascii: "["): "quote names with double quotes: \"name\""
        default: "SQL uses letters, digits, quotes and the operators = <> < <= > >= + - * / || ( ) , . ;"
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == UInt8(ascii: "$")
    }
}
