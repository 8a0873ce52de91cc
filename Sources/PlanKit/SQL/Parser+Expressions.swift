// Value expressions by precedence climbing. From loosest to tightest: OR; AND; prefix NOT; comparisons, IS, LIKE,
// IN, BETWEEN; ||; + -; * /; prefix -. Binary operators group to the left.

extension SQLParser {
    /// Parses an expression whose operators all bind at least as tightly as `minimumPrecedence`.
    mutating func parseExpression(_ minimumPrecedence: Int = Precedence.or) throws(SQLError) -> Expression {
        try enterNesting()
        defer { nestingDepth -= 1 }
        var left = try parsePrefix()
        while let precedence = infixPrecedence(), precedence >= minimumPrecedence {
            left = try parseInfix(left, precedence: precedence)
        }
        return left
    }

    private mutating func parsePrefix() throws(SQLError) -> Expression {
        let start = current.location
        if consume(.not) {
            return Expression(.unary(.not, try parseExpression(Precedence.not)), location: start)
        }
        if consume(.minus) {
            return Expression(.unary(.negate, try parseExpression(Precedence.negate)), location: start)
        }
        if consume(.plus) {
            return try parseExpression(Precedence.negate)
        }
        return try parsePrimary()
    }

    /// The precedence of the operator at the current token, if it is an infix or postfix operator.
    private func infixPrecedence() -> Int? {
        switch current.kind {
        case .keyword(.or): return Precedence.or
        case .keyword(.and): return Precedence.and
        case .keyword(.is), .keyword(.like), .keyword(.in), .keyword(.between): return Precedence.comparison
        case .keyword(.not):
            let next = peek(1).keyword
            return next == .like || next == .in || next == .between ? Precedence.comparison : nil
        case .symbol(let symbol): return Self.binaryOperator(symbol)?.precedence
        default: return nil
        }
    }

    private static func binaryOperator(_ symbol: Symbol) -> BinaryOperator? {
        switch symbol {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .concatenate: .concatenate
        case .plus: .plus
        case .minus: .minus
        case .star: .multiply
        case .slash: .divide
        default: nil
        }
    }

    private mutating func parseInfix(_ left: Expression, precedence: Int) throws(SQLError) -> Expression {
        let start = left.location
        let operatorToken = advance()
        switch operatorToken.kind {
        case .keyword(.or):
            return Expression(.binary(.or, left, try parseExpression(precedence + 1)), location: start)
        case .keyword(.and):
            return Expression(.binary(.and, left, try parseExpression(precedence + 1)), location: start)
        case .keyword(.is):
            let negated = consume(.not)
            try expect(.null, negated ? "after IS NOT" : "or NOT NULL after IS")
            return Expression(.isNull(left, negated: negated), location: start)
        case .keyword(.not):
            return try parsePredicate(left, negated: true, keyword: advance())
        case .keyword:
            return try parsePredicate(left, negated: false, keyword: operatorToken)
        case .symbol(let symbol):
            guard let binary = Self.binaryOperator(symbol) else { preconditionFailure("not an infix symbol") }
            return Expression(.binary(binary, left, try parseExpression(precedence + 1)), location: start)
        default:
            preconditionFailure("infixPrecedence() accepted a token parseInfix cannot handle")
        }
    }

    /// `LIKE pattern`, `IN (...)` or `BETWEEN a AND b`, with `keyword` already consumed.
    private mutating func parsePredicate(
        _ left: Expression, negated: Bool, keyword: Token
    ) throws(SQLError) -> Expression {
        let start = left.location
        let operand = Precedence.comparison + 1
        switch keyword.kind {
        case .keyword(.like):
            let pattern = try parseExpression(operand)
            return Expression(.like(left, pattern: pattern, negated: negated), location: start)
        case .keyword(.between):
            let lower = try parseExpression(operand)
            try expect(.and, "between the bounds of BETWEEN")
            let upper = try parseExpression(operand)
            return Expression(.between(left, lower: lower, upper: upper, negated: negated), location: start)
        default:
            return try parseIn(left, negated: negated)
        }
    }

    /// `IN (subquery)` or `IN (value, ...)`, after `IN`.
    private mutating func parseIn(_ left: Expression, negated: Bool) throws(SQLError) -> Expression {
        let opening = try expect(.leftParenthesis, "after IN")
        if check(.select) || check(.with) {
            let query = try parseQuery()
            try expectClosing(opening)
            return Expression(.inSubquery(left, query, negated: negated), location: left.location)
        }
        var values: [Expression] = []
        repeat {
            values.append(try parseExpression())
        } while consume(.comma)
        try expectClosing(opening)
        return Expression(.inList(left, values, negated: negated), location: left.location)
    }
}
