/// Parses SQL text into syntax trees by recursive descent (with precedence climbing for expressions).
///
/// Every mistake is a thrown `SQLError` naming what was expected, what was found, where, and a hint; the parser
/// never traps on any input, and nesting deeper than `maximumNestingDepth` is an error rather than a stack overflow.
public struct SQLParser {
    /// How deeply expressions, subqueries and parenthesised joins may nest.
    public static let maximumNestingDepth = 100

    var tokens: [Token]
    var position = 0
    var nestingDepth = 0

    /// Prepares to parse `sql`.
    /// - Throws: `SQLError` when the text cannot be split into tokens.
    init(_ sql: String) throws(SQLError) {
        tokens = try Lexer.tokenize(sql)
    }

    /// Parses one statement, optionally followed by `;`.
    /// - Throws: `SQLError` for the first mistake, including an empty input or text after the statement.
    public static func parseStatement(_ sql: String) throws(SQLError) -> Statement {
        var parser = try SQLParser(sql)
        let statement = try parser.parseStatement()
        _ = parser.consume(.semicolon)
        try parser.expectEndOfInput()
        return statement
    }

    /// Parses a script: one or more statements separated by `;` (empty statements are skipped).
    /// - Throws: `SQLError` for the first mistake; a script with no statement is one.
    public static func parseScript(_ sql: String) throws(SQLError) -> [Statement] {
        var parser = try SQLParser(sql)
        var statements: [Statement] = []
        while true {
            while parser.consume(.semicolon) {}
            if parser.current.kind == .endOfInput && !statements.isEmpty { return statements }
            statements.append(try parser.parseStatement())
            if !parser.consume(.semicolon) {
                try parser.expectEndOfInput()
                return statements
            }
        }
    }

    /// Parses a single value expression (for tests and tools).
    /// - Throws: `SQLError` for the first mistake, or text after the expression.
    public static func parseExpression(_ sql: String) throws(SQLError) -> Expression {
        var parser = try SQLParser(sql)
        let expression = try parser.parseExpression()
        try parser.expectEndOfInput()
        return expression
    }

    // MARK: Statements

    mutating func parseStatement() throws(SQLError) -> Statement {
        let start = current.location
        switch current.keyword {
        case .select, .with:
            return Statement(.query(try parseQuery()), location: start)
        case .explain:
            advance()
            let analyze = consume(.analyze)
            try enterNesting()
            defer { nestingDepth -= 1 }
            return Statement(.explain(try parseStatement(), analyze: analyze), location: start)
        case .create:
            advance()
            return Statement(.createView(try parseCreateView()), location: start)
        case .drop:
            advance()
            try expect(.view, "after DROP")
            var ifExists = false
            if consume(.if) {
                try expect(.exists, "after DROP VIEW IF")
                ifExists = true
            }
            return Statement(.dropView(name: try parseName("as the view's name"), ifExists: ifExists), location: start)
        default:
            throw unexpected(
                "a statement (SELECT, WITH, CREATE VIEW, DROP VIEW or EXPLAIN)",
                suggesting: [.select, .with, .create, .drop, .explain],
                hintAtEnd: "the input holds no SQL statement, only white space or comments")
        }
    }

    private mutating func parseCreateView() throws(SQLError) -> CreateView {
        var replacesExisting = false
        if consume(.or) {
            try expect(.replace, "after CREATE OR")
            replacesExisting = true
        }
        try expect(.view, "after CREATE")
        let name = try parseName("as the view's name")
        let columnNames = try parseOptionalColumnNames()
        try expect(.as, "before the view's query")
        return CreateView(
            name: name, columnNames: columnNames, query: try parseQuery(), replacesExisting: replacesExisting)
    }

    mutating func expectEndOfInput() throws(SQLError) {
        if current.kind == .endOfInput { return }
        if current.kind == .symbol(.rightParenthesis) {
            throw SQLError(
                "unexpected ')' with no matching '('", at: current.location,
                hint: "remove it, or add the '(' it was meant to close")
        }
        throw unexpected(
            "the end of the statement", suggesting: [],
            hintOtherwise: "separate statements with ';'")
    }

    // MARK: Token cursor

    var current: Token { tokens[position] }

    func peek(_ distance: Int) -> Token { tokens[min(position + distance, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }

    mutating func consume(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    mutating func consume(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    /// Consumes `keyword` or throws "expected KEYWORD context, found ...".
    @discardableResult
    mutating func expect(_ keyword: Keyword, _ context: String) throws(SQLError) -> Token {
        guard check(keyword) else { throw unexpected("\(keyword.rawValue) \(context)", suggesting: [keyword]) }
        return advance()
    }

    /// Consumes `symbol` or throws "expected 'symbol' context, found ...".
    @discardableResult
    mutating func expect(_ symbol: Symbol, _ context: String) throws(SQLError) -> Token {
        guard check(symbol) else { throw unexpected("'\(symbol.rawValue)' \(context)", suggesting: []) }
        return advance()
    }

    /// Consumes the `)` that closes `opening`, or throws an error that says where `opening` was.
    mutating func expectClosing(_ opening: Token) throws(SQLError) {
        if consume(.rightParenthesis) { return }
        let place = "line \(opening.location.line), column \(opening.location.column)"
        throw unexpected(
            "')' to close the '(' at \(place)", suggesting: [],
            hintOtherwise: "every '(' needs a matching ')'; the '(' at \(place) is still open",
            hintAtEnd: "the input ends while the '(' at \(place) is still open; add ')'")
    }

    /// Counts one more level of nesting; throws past `maximumNestingDepth`. Callers undo it with `defer`.
    mutating func enterNesting() throws(SQLError) {
        nestingDepth += 1
        if nestingDepth > Self.maximumNestingDepth {
            throw SQLError(
                "the SQL nests more than \(Self.maximumNestingDepth) levels deep", at: current.location,
                width: current.columnWidth, hint: "split the query, for example with WITH or a view")
        }
    }

    // MARK: Errors

    /// "expected <what>, found <current token>", with a did-you-mean hint when the token looks like a misspelt
    /// keyword (from `suggesting` first, then every keyword).
    func unexpected(
        _ what: String, suggesting keywords: [Keyword], hintOtherwise: String? = nil, hintAtEnd: String? = nil
    ) -> SQLError {
        let token = current
        var hint = hintOtherwise
        if token.kind == .endOfInput {
            hint = hintAtEnd ?? "the statement ends too early"
        } else if let suggestion = suggestion(for: token, preferring: keywords) {
            hint = "did you mean \(suggestion)?"
        }
        return SQLError(
            "expected \(what), found \(token.quotedForMessage)", at: token.location, width: token.columnWidth,
            hint: hint)
    }

    private func suggestion(for token: Token, preferring keywords: [Keyword]) -> String? {
        let preferred = keywords.map(\.rawValue)
        switch token.kind {
        case .keyword:
            return Suggestion.closest(to: token.text, among: preferred)
        case .identifier:
            if let suggestion = Suggestion.closest(to: token.text, among: preferred) { return suggestion }
            guard token.text.count >= 3 else { return nil }
            return Suggestion.closest(to: token.text, among: Keyword.allCases.map(\.rawValue))
        default:
            return nil
        }
    }
}
