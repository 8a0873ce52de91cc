import ArrowLite

/// A bound, typed scalar expression over the columns of a record batch, evaluated batch-at-a-time by the ArrowLite
/// `Compute` kernels. Build expressions with the static constructors, which check types and compute `dataType` and
/// `nullable` once; `evaluate(_:)` then never fails on types, only on data (overflow, division by zero, bad casts).
public struct PhysicalExpression: Sendable, Hashable, CustomStringConvertible {
    /// What the expression computes.
    public let node: Node
    /// The type of the evaluated column.
    public let dataType: DataType
    /// False when the evaluated column can never hold nulls.
    public let nullable: Bool

    /// The expression variants. Children are full expressions (with their own types).
    public indirect enum Node: Sendable, Hashable {
        /// Column `index` of the input batch; `name` is for display only.
        case column(index: Int, name: String)
        /// A constant (already of `dataType`; `.null` for a typed null).
        case literal(Scalar)
        case comparison(PhysicalExpression, ComparisonOperator, PhysicalExpression)
        case arithmetic(PhysicalExpression, ArithmeticOperator, PhysicalExpression)
        case negate(PhysicalExpression)
        /// Kleene AND / OR over booleans.
        case and(PhysicalExpression, PhysicalExpression)
        case or(PhysicalExpression, PhysicalExpression)
        case not(PhysicalExpression)
        case isNull(PhysicalExpression)
        case isNotNull(PhysicalExpression)
        /// `value [NOT] LIKE pattern`.
        case like(PhysicalExpression, pattern: String, negated: Bool)
        /// `value [NOT] IN (list)` with SQL null semantics (no match and a null anywhere gives null).
        case inList(PhysicalExpression, values: [Scalar], negated: Bool)
        /// Searched `CASE WHEN c THEN v ... ELSE e END`; a branch's value is evaluated only on the rows it selects.
        case caseWhen(branches: [CaseBranch], otherwise: PhysicalExpression?)
        case cast(PhysicalExpression)
        case extract(DatePart, PhysicalExpression)
        /// `substring(value FROM start [FOR length])`, 1-based, in characters.
        case substring(PhysicalExpression, start: Int, length: Int?)
        /// `starts_with`, `ends_with`, `contains` with a constant argument.
        case stringMatch(StringMatch, PhysicalExpression, String)
        /// `date + amount unit` (a negative amount subtracts).
        case dateAdd(PhysicalExpression, amount: Int, unit: DateUnit)
    }

    /// One `WHEN condition THEN value` of a searched CASE.
    public struct CaseBranch: Sendable, Hashable {
        public let condition: PhysicalExpression
        public let value: PhysicalExpression
        public init(when condition: PhysicalExpression, then value: PhysicalExpression) {
            self.condition = condition
            self.value = value
        }
    }

    /// The string predicates with a constant argument.
    public enum StringMatch: String, Sendable, Hashable {
        case startsWith = "starts_with", endsWith = "ends_with", contains
    }

    /// The calendar units of date arithmetic.
    public enum DateUnit: String, Sendable, Hashable {
        case days, months, years
    }

    init(_ node: Node, _ dataType: DataType, nullable: Bool) {
        self.node = node
        self.dataType = dataType
        self.nullable = nullable
    }

    /// The direct sub-expressions, in order.
    public var children: [PhysicalExpression] {
        switch node {
        case .column, .literal: return []
        case .comparison(let l, _, let r), .arithmetic(let l, _, let r), .and(let l, let r), .or(let l, let r):
            return [l, r]
        case .negate(let e), .not(let e), .isNull(let e), .isNotNull(let e), .like(let e, _, _),
            .inList(let e, _, _), .cast(let e), .extract(_, let e), .substring(let e, _, _),
            .stringMatch(_, let e, _), .dateAdd(let e, _, _):
            return [e]
        case .caseWhen(let branches, let otherwise):
            return branches.flatMap { [$0.condition, $0.value] } + (otherwise.map { [$0] } ?? [])
        }
    }

    /// The largest column index the expression reads, or -1 when it reads none.
    public var maximumColumnIndex: Int {
        if case .column(let index, _) = node { return index }
        return children.map(\.maximumColumnIndex).max() ?? -1
    }

    /// The text form EXPLAIN prints: columns as `name@index`, SQL operators, literals in SQL syntax.
    public var description: String {
        switch node {
        case .column(let index, let name): return "\(name)@\(index)"
        case .literal(let value): return PhysicalExpression.literalText(value, dataType)
        case .comparison(let l, let op, let r): return "(\(l) \(op.rawValue) \(r))"
        case .arithmetic(let l, let op, let r): return "(\(l) \(op.rawValue) \(r))"
        case .negate(let e): return "(- \(e))"
        case .and(let l, let r): return "(\(l) AND \(r))"
        case .or(let l, let r): return "(\(l) OR \(r))"
        case .not(let e): return "(NOT \(e))"
        case .isNull(let e): return "(\(e) IS NULL)"
        case .isNotNull(let e): return "(\(e) IS NOT NULL)"
        case .like(let e, let pattern, let negated):
            return "(\(e) \(negated ? "NOT LIKE" : "LIKE") '\(pattern)')"
        case .inList(let e, let values, let negated):
            let list = values.map { PhysicalExpression.literalText($0, e.dataType) }.joined(separator: ", ")
            return "(\(e) \(negated ? "NOT IN" : "IN") (\(list)))"
        case .caseWhen(let branches, let otherwise):
            let whens = branches.map { "WHEN \($0.condition) THEN \($0.value)" }.joined(separator: " ")
            return "CASE \(whens)" + (otherwise.map { " ELSE \($0)" } ?? "") + " END"
        case .cast(let e): return "CAST(\(e) AS \(dataType))"
        case .extract(let part, let e): return "EXTRACT(\(part.rawValue.uppercased()) FROM \(e))"
        case .substring(let e, let start, let length):
            return "substring(\(e), \(start)" + (length.map { ", \($0)" } ?? "") + ")"
        case .stringMatch(let kind, let e, let argument): return "\(kind.rawValue)(\(e), '\(argument)')"
        case .dateAdd(let e, let amount, let unit):
            return "(\(e) \(amount < 0 ? "-" : "+") INTERVAL '\(amount.magnitude)' \(unit.rawValue.uppercased()))"
        }
    }

    static func literalText(_ value: Scalar, _ type: DataType) -> String {
        switch value {
        case .null: return "NULL::\(type)"
        case .utf8(let s):
            return "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .date32: return "DATE '\(value)'"
        default: return value.description
        }
    }
}
