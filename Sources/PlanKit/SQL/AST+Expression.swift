/// A value expression, with the place where it starts.
public struct Expression: Sendable, Equatable {
    /// What the expression is.
    public var kind: ExpressionKind
    /// Where the expression starts (for a binary operation: where its left operand starts).
    @IgnoredByEquality public var location: SourceLocation

    /// Makes an expression.
    public init(_ kind: ExpressionKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// The kinds of value expression.
public indirect enum ExpressionKind: Sendable, Equatable {
    /// A column, optionally qualified by a table name or alias: `l_tax`, `n1.n_name`.
    case column(qualifier: String?, name: String)
    /// A constant.
    case literal(Literal)
    /// `-x`, `NOT x`.
    case unary(UnaryOperator, Expression)
    /// `left op right`.
    case binary(BinaryOperator, Expression, Expression)
    /// `x IS [NOT] NULL`.
    case isNull(Expression, negated: Bool)
    /// `x [NOT] LIKE pattern`.
    case like(Expression, pattern: Expression, negated: Bool)
    /// `x [NOT] BETWEEN lower AND upper`.
    case between(Expression, lower: Expression, upper: Expression, negated: Bool)
    /// `x [NOT] IN (a, b, ...)`.
    case inList(Expression, [Expression], negated: Bool)
    /// `x [NOT] IN (subquery)`.
    case inSubquery(Expression, Query, negated: Bool)
    /// `EXISTS (subquery)`; `NOT EXISTS` is `.unary(.not, exists)`.
    case exists(Query)
    /// `(subquery)` used as a value.
    case scalarSubquery(Query)
    /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`; with an operand, each `when` is compared to it.
    case caseWhen(operand: Expression?, branches: [CaseBranch], otherwise: Expression?)
    /// `CAST(x AS type)`.
    case cast(Expression, SQLType)
    /// `EXTRACT(field FROM x)`.
    case extract(DateField, Expression)
    /// `SUBSTRING(x FROM start [FOR length])` or `substring(x, start[, length])`.
    case substring(Expression, start: Expression, length: Expression?)
    /// A function call, including aggregates: `sum(x)`, `count(*)`, `count(DISTINCT x)`.
    case function(FunctionCall)
}

/// One `WHEN condition THEN result` of a `CASE`.
public struct CaseBranch: Sendable, Equatable {
    /// The condition (or, in a simple `CASE`, the value compared with the operand).
    public var condition: Expression
    /// The value when the condition holds.
    public var result: Expression

    /// Makes a branch.
    public init(condition: Expression, result: Expression) {
        self.condition = condition
        self.result = result
    }
}

/// A call `name([DISTINCT] arguments)` or `name(*)`.
public struct FunctionCall: Sendable, Equatable {
    /// The function's name, folded to lower case unless quoted.
    public var name: String
    /// The arguments, in order; empty for `count(*)`.
    public var arguments: [Expression]
    /// Whether `DISTINCT` was written before the arguments.
    public var distinct: Bool
    /// Whether the argument was `*`, as in `count(*)`.
    public var star: Bool

    /// Makes a call.
    public init(name: String, arguments: [Expression], distinct: Bool = false, star: Bool = false) {
        self.name = name
        self.arguments = arguments
        self.distinct = distinct
        self.star = star
    }
}

/// A constant. Numbers keep their exact text; the binder chooses their type and checks their range.
public enum Literal: Sendable, Equatable {
    /// Digits without a point, as written.
    case integer(String)
    /// A number with a point, as written (`0.05`, `.05`).
    case decimal(String)
    /// A string.
    case string(String)
    /// `DATE 'yyyy-mm-dd'`, holding the quoted text.
    case date(String)
    /// `INTERVAL 'n' unit`, holding the quoted count as written.
    case interval(String, IntervalUnit)
    /// `TRUE` or `FALSE`.
    case boolean(Bool)
    /// `NULL`.
    case null
}

/// The units of `INTERVAL` literals.
public enum IntervalUnit: String, Sendable, Equatable, CaseIterable {
    case year = "YEAR"
    case month = "MONTH"
    case day = "DAY"
}

/// The fields `EXTRACT` can take from a date.
public enum DateField: String, Sendable, Equatable, CaseIterable {
    case year = "YEAR"
    case month = "MONTH"
    case day = "DAY"
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Equatable {
    /// Arithmetic negation, `-x`.
    case negate = "-"
    /// Logical negation, `NOT x`.
    case not = "NOT"
}

/// Infix operators, from loosest to tightest binding: `OR`; `AND`; comparisons; `||`; `+ -`; `* /`.
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case concatenate = "||"
    case plus = "+"
    case minus = "-"
    case multiply = "*"
    case divide = "/"

    /// How tightly the operator binds; larger binds tighter. Shared by the parser and the printer.
    public var precedence: Int {
        switch self {
        case .or: Precedence.or
        case .and: Precedence.and
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: Precedence.comparison
        case .concatenate: Precedence.concatenate
        case .plus, .minus: Precedence.additive
        case .multiply, .divide: Precedence.multiplicative
        }
    }
}

/// Binding strengths of SQL operators, loosest first.
public enum Precedence {
    public static let or = 1
    public static let and = 2
    /// Prefix `NOT`: looser than comparisons, so `NOT a = b` is `NOT (a = b)`.
    public static let not = 3
    /// Comparisons and `IS`, `LIKE`, `IN`, `BETWEEN`.
    public static let comparison = 4
    public static let concatenate = 5
    public static let additive = 6
    public static let multiplicative = 7
    /// Prefix `-`: `-x * y` is `(-x) * y`.
    public static let negate = 8
    /// Literals, names, calls, parenthesised things.
    public static let primary = 9
}

/// A type named in `CAST`.
public enum SQLType: Sendable, Equatable {
    case boolean
    case integer
    case bigint
    case double
    /// `DECIMAL[(precision[, scale])]` (also `NUMERIC`).
    case decimal(precision: Int?, scale: Int?)
    case date
    /// `VARCHAR[(length)]` (also `TEXT`, `STRING`: no length).
    case varchar(length: Int?)
    /// `CHAR[(length)]`.
    case char(length: Int?)
}
