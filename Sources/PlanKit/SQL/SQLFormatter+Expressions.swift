extension SQLFormatter {
    /// The SQL text of an expression, with parentheses only where precedence needs them (or around every operator
    /// expression inside it, with `parenthesizesEverything`).
    public func format(_ expression: Expression) -> String {
        format(expression, atLeast: Self.delimited)
    }

    /// The `minimum` for an expression that stands alone or between commas, keywords or parentheses.
    private static let delimited = 0

    /// How tightly an expression's outermost operator binds.
    static func precedence(of expression: Expression) -> Int {
        switch expression.kind {
        case .binary(let op, _, _): op.precedence
        case .unary(.not, _): Precedence.not
        case .unary(.negate, _): Precedence.negate
        case .isNull, .like, .between, .inList, .inSubquery: Precedence.comparison
        default: Precedence.primary
        }
    }

    /// A `WHERE` or `HAVING` condition; in `.indented` layout each top-level `AND` starts a new line.
    func formatCondition(_ condition: Expression) -> String {
        guard layout == .indented else { return format(condition) }
        var conjuncts: [Expression] = []
        var rest = condition
        while case .binary(.and, let left, let right) = rest.kind {
            conjuncts.append(right)
            rest = left
        }
        guard !conjuncts.isEmpty else { return format(condition) }
        let first = format(rest, atLeast: Precedence.and)
        let others = conjuncts.reversed().map { "AND " + format($0, atLeast: Precedence.and + 1) }
        return ([first] + others).joined(separator: lineBreak)
    }

    /// Prints `expression`, in parentheses when it binds more loosely than `minimum`.
    private func format(_ expression: Expression, atLeast minimum: Int) -> String {
        let text = bareText(expression)
        let precedence = Self.precedence(of: expression)
        let needsParentheses =
            precedence < minimum
            || (parenthesizesEverything && precedence < Precedence.primary && minimum > Self.delimited)
        return needsParentheses ? "(\(text))" : text
    }

    private func bareText(_ expression: Expression) -> String {
        let comparison = Precedence.comparison
        switch expression.kind {
        case .column(let qualifier, let column):
            return (qualifier.map { Self.name($0) + "." } ?? "") + Self.name(column)
        case .literal(let literal):
            return format(literal)
        case .unary(.not, let operand):
            return "NOT " + format(operand, atLeast: Precedence.not)
        case .unary(.negate, let operand):
            let text = format(operand, atLeast: Precedence.negate)
            return text.hasPrefix("-") ? "-(\(text))" : "-" + text
        case .binary(let op, let left, let right):
            return "\(format(left, atLeast: op.precedence)) \(op.rawValue) \(format(right, atLeast: op.precedence + 1))"
        case .isNull(let operand, let negated):
            return format(operand, atLeast: comparison) + (negated ? " IS NOT NULL" : " IS NULL")
        case .like(let operand, let pattern, let negated):
            let keyword = negated ? " NOT LIKE " : " LIKE "
            return format(operand, atLeast: comparison) + keyword + format(pattern, atLeast: comparison + 1)
        case .between(let operand, let lower, let upper, let negated):
            let bounds = "\(format(lower, atLeast: comparison + 1)) AND \(format(upper, atLeast: comparison + 1))"
            return format(operand, atLeast: comparison) + (negated ? " NOT BETWEEN " : " BETWEEN ") + bounds
        case .inList(let operand, let values, let negated):
            let list = values.map { format($0) }.joined(separator: ", ")
            return format(operand, atLeast: comparison) + (negated ? " NOT IN (" : " IN (") + list + ")"
        case .inSubquery(let operand, let query, let negated):
            return format(operand, atLeast: comparison) + (negated ? " NOT IN " : " IN ") + parenthesized(query)
        case .exists(let query):
            return "EXISTS " + parenthesized(query)
        case .scalarSubquery(let query):
            return parenthesized(query)
        case .caseWhen(let operand, let branches, let otherwise):
            var parts = ["CASE"]
            if let operand { parts.append(format(operand)) }
            for branch in branches { parts += ["WHEN", format(branch.condition), "THEN", format(branch.result)] }
            if let otherwise { parts += ["ELSE", format(otherwise)] }
            return (parts + ["END"]).joined(separator: " ")
        case .cast(let operand, let type):
            return "CAST(\(format(operand)) AS \(format(type)))"
        case .extract(let field, let operand):
            return "EXTRACT(\(field.rawValue) FROM \(format(operand)))"
        case .substring(let operand, let start, let length):
            let forLength = length.map { " FOR \(format($0))" } ?? ""
            return "SUBSTRING(\(format(operand)) FROM \(format(start))\(forLength))"
        case .function(let call):
            return format(call)
        }
    }

    private func format(_ call: FunctionCall) -> String {
        let specialForms: Set<String> = ["cast", "extract", "substring"]
        let callee = specialForms.contains(call.name) ? "\"\(call.name)\"" : Self.name(call.name)
        if call.star { return "\(callee)(*)" }
        let arguments = call.arguments.map { format($0) }.joined(separator: ", ")
        return "\(callee)(\(call.distinct ? "DISTINCT " : "")\(arguments))"
    }

    /// The SQL text of a constant.
    public func format(_ literal: Literal) -> String {
        switch literal {
        case .integer(let digits), .decimal(let digits): digits
        case .string(let value): Self.quoted(value)
        case .date(let value): "DATE " + Self.quoted(value)
        case .interval(let count, let unit): "INTERVAL \(Self.quoted(count)) \(unit.rawValue)"
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .null: "NULL"
        }
    }

    /// The SQL name of a type.
    public func format(_ type: SQLType) -> String {
        switch type {
        case .boolean: "BOOLEAN"
        case .integer: "INTEGER"
        case .bigint: "BIGINT"
        case .double: "DOUBLE"
        case .date: "DATE"
        case .decimal(let precision?, let scale?): "DECIMAL(\(precision), \(scale))"
        case .decimal(let precision?, nil): "DECIMAL(\(precision))"
        case .decimal: "DECIMAL"
        case .varchar(let length): "VARCHAR" + (length.map { "(\($0))" } ?? "")
        case .char(let length): "CHAR" + (length.map { "(\($0))" } ?? "")
        }
    }

    private static func quoted(_ value: String) -> String {
        "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
