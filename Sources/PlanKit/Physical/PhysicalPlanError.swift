import ArrowLite

/// The errors PlanKit's physical layer throws: while a plan or expression is built (wrong types, bad indices) and
/// while it runs (operators driven out of order). Arithmetic, cast and overflow errors of kernels are `ArrowError`s.
public enum PhysicalPlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An expression does not type-check; names the expression and what was expected.
    case invalidExpression(String, hint: String)
    /// A plan node is malformed (its children, partition counts or schema disagree).
    case invalidPlan(node: String, message: String)
    /// A table name is not in the catalog; `known` lists the registered names.
    case unknownTable(name: String, known: [String])
    /// An operator was driven against its protocol (a push after finish, a probe before the build ended).
    case protocolViolation(operator: String, message: String)
    /// An aggregate's state exceeded its type (a sum of int64 values, a decimal sum's precision).
    case aggregateOverflow(String)
    /// A scalar subquery returned more than one row for one value.
    case moreThanOneRow(String)

    public var description: String {
        switch self {
        case .invalidExpression(let message, let hint):
            return "invalid expression: \(message)" + (hint.isEmpty ? "" : "\n  hint: \(hint)")
        case .invalidPlan(let node, let message): return "invalid plan at \(node): \(message)"
        case .unknownTable(let name, let known):
            return "unknown table '\(name)'\n  hint: known tables are " + known.joined(separator: ", ")
        case .protocolViolation(let op, let message): return "\(op): \(message)"
        case .aggregateOverflow(let message): return "aggregate overflow: \(message)"
        case .moreThanOneRow(let message):
            return
                "\(message)\n  hint: a subquery used as a value must return at most one row; add a condition or an aggregate"
        }
    }
}
