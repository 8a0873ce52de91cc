/// The punctuation and operators of SQL.
public enum Symbol: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case concatenate = "||"
    case leftParenthesis = "("
    case rightParenthesis = ")"
    case comma = ","
    case dot = "."
    case semicolon = ";"
}

/// What a token is, with its value.
public enum TokenKind: Sendable, Equatable {
    /// A keyword, matched in any letter case.
    case keyword(Keyword)
    /// An unquoted name that is not a keyword, folded to lower case.
    case identifier(String)
    /// A name in double quotes, exactly as written, with `""` turned into `"`.
    case quotedIdentifier(String)
    /// Digits without a point, exactly as written (the binder decides the type and checks the range).
    case integer(String)
    /// A number with a point (`0.05`, `.05`, `7.`), exactly as written.
    case decimal(String)
    /// A string literal's value, with `''` turned into `'`.
    case string(String)
    /// An operator or punctuation mark; `!=` is read as `<>`.
    case symbol(Symbol)
    /// The end of the input (always the last token).
    case endOfInput
}

/// One token of SQL text: its kind, the source text it was read from and where that text starts.
public struct Token: Sendable, Equatable {
    /// What the token is.
    public var kind: TokenKind
    /// The exact source text of the token (quotes included).
    public var text: String
    /// Where the token starts.
    public var location: SourceLocation

    /// Makes a token.
    public init(kind: TokenKind, text: String, location: SourceLocation) {
        self.kind = kind
        self.text = text
        self.location = location
    }

    /// The token as error messages name it: `'FORM'`, or `end of input`.
    public var quotedForMessage: String {
        if kind == .endOfInput { return "end of input" }
        let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
        return "'\(shown.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")'"
    }

    /// The keyword this token is, if it is one.
    var keyword: Keyword? {
        if case .keyword(let keyword) = kind { return keyword }
        return nil
    }

    /// The width of the token on its first line, in columns, at least 1 (for carets under it).
    var columnWidth: Int {
        let firstLine = text.unicodeScalars.prefix { $0 != "\n" && $0 != "\r" }
        return max(1, firstLine.count)
    }
}
