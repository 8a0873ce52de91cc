// Primary expressions: literals, names, calls, CASE, CAST, EXTRACT, SUBSTRING, EXISTS and parenthesised things.

extension SQLParser {
    mutating func parsePrimary() throws(SQLError) -> Expression {
        let token = current
        let start = token.location
        switch token.kind {
        case .integer(let digits):
            advance()
            return Expression(.literal(.integer(digits)), location: start)
        case .decimal(let digits):
            advance()
            return Expression(.literal(.decimal(digits)), location: start)
        case .string(let value):
            advance()
            return Expression(.literal(.string(value)), location: start)
        case .symbol(.leftParenthesis):
            return try parseParenthesized()
        case .keyword(.null):
            advance()
            return Expression(.literal(.null), location: start)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(.literal(.boolean(token.kind == .keyword(.true))), location: start)
        case .keyword(.date) where peek(1).kind.isString:
            advance()
            return Expression(.literal(.date(try parseStringValue("after DATE"))), location: start)
        case .keyword(.interval):
            advance()
            return Expression(.literal(try parseInterval()), location: start)
        case .keyword(.case):
            advance()
            return try parseCase(start: start)
        case .keyword(.exists):
            advance()
            let opening = try expect(.leftParenthesis, "after EXISTS")
            let query = try parseQuery()
            try expectClosing(opening)
            return Expression(.exists(query), location: start)
        default:
            guard nameText(token) != nil else {
                let afterComma = position > 0 && tokens[position - 1].kind == .symbol(.comma)
                let hint = afterComma && token.keyword != nil ? "remove the ',' before \(token.text)" : nil
                throw unexpected(
                    "an expression", suggesting: [], hintOtherwise: hint, hintAtEnd: "the expression is incomplete")
            }
            return try parseNameOrCall()
        }
    }

    /// `(subquery)` or `(expression)`.
    private mutating func parseParenthesized() throws(SQLError) -> Expression {
        let opening = advance()
        if check(.select) || check(.with) {
            let query = try parseQuery()
            try expectClosing(opening)
            return Expression(.scalarSubquery(query), location: opening.location)
        }
        let inner = try parseExpression()
        try expectClosing(opening)
        return inner
    }

    /// A column (`name`, `table.name`) or a call (`name(...)`), including the special forms CAST, EXTRACT and
    /// SUBSTRING, which are recognised by name so that they stay usable as column names elsewhere.
    private mutating func parseNameOrCall() throws(SQLError) -> Expression {
        let token = advance()
        let start = token.location
        let name = nameText(token) ?? ""
        if consume(.dot) {
            let column = try parseName("after '\(name).'")
            return Expression(.column(qualifier: name, name: column), location: start)
        }
        guard check(.leftParenthesis) else { return Expression(.column(qualifier: nil, name: name), location: start) }
        let opening = advance()
        let isSpecialForm = token.kind == .identifier(name)
        let kind: ExpressionKind
        switch name {
        case "cast" where isSpecialForm:
            let value = try parseExpression()
            try expect(.as, "and a type name in CAST")
            kind = .cast(value, try parseType())
        case "extract" where isSpecialForm:
            let field = try parseDateField()
            try expect(.from, "after the field in EXTRACT")
            kind = .extract(field, try parseExpression())
        case "substring" where isSpecialForm:
            kind = try parseSubstringArguments()
        default:
            kind = .function(try parseCallArguments(name: name))
        }
        try expectClosing(opening)
        return Expression(kind, location: start)
    }

    /// `[DISTINCT | ALL] argument, ...`, `*` or nothing, up to (not including) the closing `)`.
    private mutating func parseCallArguments(name: String) throws(SQLError) -> FunctionCall {
        if consume(.star) { return FunctionCall(name: name, arguments: [], star: true) }
        var call = FunctionCall(name: name, arguments: [])
        if consume(.distinct) {
            call.distinct = true
        } else {
            _ = consume(.all)
        }
        if check(.rightParenthesis) && !call.distinct { return call }
        repeat {
            call.arguments.append(try parseExpression())
        } while consume(.comma)
        return call
    }

    /// `x FROM start [FOR length]` or `x, start[, length]`, inside `SUBSTRING(...)`.
    private mutating func parseSubstringArguments() throws(SQLError) -> ExpressionKind {
        let value = try parseExpression()
        if consume(.from) {
            let start = try parseExpression()
            var length: Expression?
            if case .identifier("for") = current.kind {
                advance()
                length = try parseExpression()
            }
            return .substring(value, start: start, length: length)
        }
        try expect(.comma, "or FROM after the string in SUBSTRING")
        let start = try parseExpression()
        let length = consume(.comma) ? try parseExpression() : nil
        return .substring(value, start: start, length: length)
    }

    /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`, after `CASE`.
    private mutating func parseCase(start: SourceLocation) throws(SQLError) -> Expression {
        let operand = check(.when) ? nil : try parseExpression()
        var branches: [CaseBranch] = []
        while consume(.when) {
            let condition = try parseExpression()
            try expect(.then, "after the WHEN condition")
            branches.append(CaseBranch(condition: condition, result: try parseExpression()))
        }
        if branches.isEmpty { throw unexpected("WHEN in CASE", suggesting: [.when]) }
        let otherwise = consume(.else) ? try parseExpression() : nil
        try expect(.end, "to close CASE", hintAtEnd: "the CASE that starts at \(start) needs END")
        return Expression(.caseWhen(operand: operand, branches: branches, otherwise: otherwise), location: start)
    }

    private mutating func expect(_ keyword: Keyword, _ context: String, hintAtEnd: String) throws(SQLError) {
        guard consume(keyword) else {
            throw unexpected("\(keyword.rawValue) \(context)", suggesting: [keyword], hintAtEnd: hintAtEnd)
        }
    }

    // MARK: Literals and types

    /// The value of a string literal, consumed.
    private mutating func parseStringValue(_ context: String) throws(SQLError) -> String {
        guard case .string(let value) = current.kind else {
            throw unexpected("a quoted string \(context)", suggesting: [])
        }
        advance()
        return value
    }

    /// `'n' unit` or `'n unit'` (units may be plural), after `INTERVAL`; `unit (precision)` is accepted and ignored.
    private mutating func parseInterval() throws(SQLError) -> Literal {
        let stringToken = current
        let text = try parseStringValue("after INTERVAL")
        if let unit = intervalUnit(current) {
            advance()
            if check(.leftParenthesis), case .integer = peek(1).kind, peek(2).kind == .symbol(.rightParenthesis) {
                advance()
                advance()
                advance()
            }
            return .interval(text, unit)
        }
        let words = text.split(separator: " ")
        if words.count == 2, let unit = IntervalUnit(rawValue: Self.singular(words[1].uppercased())) {
            return .interval(String(words[0]), unit)
        }
        throw SQLError(
            "expected YEAR, MONTH or DAY after the interval, found \(current.quotedForMessage)",
            at: current.kind == .endOfInput ? stringToken.location : current.location,
            width: current.kind == .endOfInput ? stringToken.columnWidth : current.columnWidth,
            hint: "write an interval as INTERVAL '3' MONTH or INTERVAL '90 days'")
    }

    private static func singular(_ word: String) -> String { word.hasSuffix("S") ? String(word.dropLast()) : word }

    private func intervalUnit(_ token: Token) -> IntervalUnit? {
        switch token.kind {
        case .keyword(.year): .year
        case .keyword(.month): .month
        case .keyword(.day): .day
        default: nil
        }
    }

    private mutating func parseDateField() throws(SQLError) -> DateField {
        if let unit = intervalUnit(current), let field = DateField(rawValue: unit.rawValue) {
            advance()
            return field
        }
        throw unexpected("YEAR, MONTH or DAY in EXTRACT", suggesting: [.year, .month, .day])
    }

    /// A type name in `CAST`: `integer`, `bigint`, `decimal(p, s)`, `date`, `varchar(n)`, `char(n)`, `double`, ...
    private mutating func parseType() throws(SQLError) -> SQLType {
        let token = current
        guard let name = nameText(token) else { throw unexpected("a type name", suggesting: []) }
        advance()
        switch name {
        case "int", "integer", "int4", "smallint": return .integer
        case "bigint", "int8": return .bigint
        case "double", "float", "float8", "real":
            if case .identifier("precision") = current.kind { advance() }
            return .double
        case "boolean", "bool": return .boolean
        case "date": return .date
        case "text", "string": return .varchar(length: nil)
        case "decimal", "numeric":
            let numbers = try parseTypeNumbers(maximumCount: 2)
            return .decimal(precision: numbers.first, scale: numbers.count > 1 ? numbers[1] : nil)
        case "varchar": return .varchar(length: try parseTypeNumbers(maximumCount: 1).first)
        case "char", "character":
            if case .identifier("varying") = current.kind {
                advance()
                return .varchar(length: try parseTypeNumbers(maximumCount: 1).first)
            }
            return .char(length: try parseTypeNumbers(maximumCount: 1).first)
        default:
            throw SQLError(
                "unknown type '\(token.text)'", at: token.location, width: token.columnWidth,
                hint: "types are INTEGER, BIGINT, DOUBLE, BOOLEAN, DECIMAL(p, s), DATE, VARCHAR(n) and CHAR(n)")
        }
    }

    /// `(n[, m])` after a type name, if present.
    private mutating func parseTypeNumbers(maximumCount: Int) throws(SQLError) -> [Int] {
        guard check(.leftParenthesis) else { return [] }
        let opening = advance()
        var numbers: [Int] = []
        repeat {
            let token = current
            guard case .integer(let digits) = token.kind, let number = Int(digits), number <= 1_000_000 else {
                throw unexpected("a size (a whole number up to 1000000) in the type", suggesting: [])
            }
            advance()
            numbers.append(number)
        } while numbers.count < maximumCount && consume(.comma)
        try expectClosing(opening)
        return numbers
    }
}

extension TokenKind {
    /// Whether this is a string literal.
    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}
