import ArrowLite

/// What binding an expression may use and what it collects.
struct ExpressionContext {
    /// The names in scope.
    var scope: BindScope
    /// Collects aggregate calls; nil where aggregates are not allowed (`WHERE`, `GROUP BY`, inside an aggregate).
    var aggregates: AggregateCollector?
    /// False where subqueries cannot be planned (`ON` conditions).
    var subqueriesAllowed = true
    /// Joins that subqueries of the expression need, applied by the caller before the expression is evaluated.
    var pendingJoins: [PendingJoin] = []
    /// True while binding inside a `WHERE` conjunct that a null makes false (a comparison), so a scalar subquery
    /// may join with an inner join instead of an outer one.
    var nullRejecting = false

    init(scope: BindScope, aggregates: AggregateCollector? = nil) {
        self.scope = scope
        self.aggregates = aggregates
    }
}

/// A join a subquery needs: `plan` joined to the query's plan with `type` on `condition`.
struct PendingJoin {
    let type: LogicalJoinType
    let plan: LogicalPlan
    let condition: PhysicalExpression?
    let mark: LogicalColumn?

    func apply(to input: LogicalPlan) -> LogicalPlan {
        .join(type, input, plan, condition: condition, mark: mark)
    }
}

/// The aggregate calls of one `SELECT`, each computed once however often it is written.
final class AggregateCollector {
    private(set) var aggregates: [AggregateExpression] = []
    private(set) var columns: [LogicalColumn] = []

    /// The output column of `aggregate`, adding it when no equal call was seen.
    func column(for aggregate: AggregateExpression, _ binder: Binder) -> LogicalColumn {
        if let index = aggregates.firstIndex(where: {
            $0.function == aggregate.function && $0.argument == aggregate.argument && $0.distinct == aggregate.distinct
        }) {
            return columns[index]
        }
        aggregates.append(aggregate)
        let column = binder.newColumn(aggregate.name, aggregate.resultType, nullable: aggregate.function != .count)
        columns.append(column)
        return column
    }
}

extension Binder {
    /// Binds a boolean condition (`WHERE`, `ON`, `HAVING`).
    func bindCondition(_ expression: Expression, _ context: inout ExpressionContext, clause: String) throws
        -> PhysicalExpression
    {
        let bound = try bindExpression(expression, &context)
        guard bound.dataType == .boolean else {
            throw SQLError(
                "\(clause) needs a boolean condition, this is \(bound.dataType)", at: expression.location,
                hint: "compare the value with something")
        }
        return bound
    }

    /// Binds a value expression to a typed expression over column ids.
    func bindExpression(_ expression: Expression, _ context: inout ExpressionContext) throws -> PhysicalExpression {
        let location = expression.location
        let nullRejecting = context.nullRejecting
        if !expression.kind.keepsNullRejection { context.nullRejecting = false }
        defer { context.nullRejecting = nullRejecting }
        switch expression.kind {
        case .column(let qualifier, let name):
            return try context.scope.resolve(qualifier: qualifier, name: name, at: location).reference
        case .literal(let literal):
            return try bindLiteral(literal, at: location)
        case .unary(.negate, let operand):
            let value = try bindExpression(operand, &context)
            return try typed(location) { try .negate(value) }
        case .unary(.not, let operand):
            let value = try bindExpression(operand, &context)
            return try typed(location) { try .not(value) }
        case .binary(let op, let lhs, let rhs):
            return try bindBinary(op, lhs, rhs, at: location, &context)
        case .isNull(let operand, let negated):
            let value = try bindExpression(operand, &context)
            return negated ? .isNotNull(value) : .isNull(value)
        case .like(let operand, let pattern, let negated):
            let value = try bindExpression(operand, &context)
            guard case .literal(.string(let text)) = pattern.kind else {
                throw SQLError(
                    "LIKE needs a constant string pattern", at: pattern.location, hint: "write the pattern in quotes")
            }
            return try typed(location) { try .like(value, pattern: text, negated: negated) }
        case .between(let operand, let lower, let upper, let negated):
            let value = try bindExpression(operand, &context)
            let low = try bindExpression(lower, &context)
            let high = try bindExpression(upper, &context)
            let (v1, l) = try coerced(value, low, at: location)
            let (v2, h) = try coerced(value, high, at: location)
            return try typed(location) {
                let inside = try PhysicalExpression.and(.compare(v1, .greaterOrEqual, l), .compare(v2, .lessOrEqual, h))
                return negated ? try .not(inside) : inside
            }
        case .inList(let operand, let items, let negated):
            return try bindInList(operand, items, negated: negated, at: location, &context)
        case .inSubquery(let operand, let query, let negated):
            return try bindInSubquery(operand, query, negated: negated, at: location, &context)
        case .exists(let query):
            return try bindExists(query, at: location, &context)
        case .scalarSubquery(let query):
            return try bindScalarSubquery(query, at: location, nullRejecting: nullRejecting, &context)
        case .caseWhen(let operand, let branches, let otherwise):
            return try bindCase(operand, branches, otherwise, at: location, &context)
        case .cast(let operand, let type):
            let value = try bindExpression(operand, &context)
            let target = try dataType(of: type, at: location)
            if case .literal(let scalar) = value.node, scalar.isNull {
                return try typed(location) { try .literal(.null, target) }
            }
            return try typed(location) { try .cast(value, to: target) }
        case .extract(let field, let operand):
            let value = try bindExpression(operand, &context)
            let part: DatePart = field == .year ? .year : field == .month ? .month : .day
            return try typed(location) { try .extract(part, from: value) }
        case .substring(let operand, let start, let length):
            let value = try bindExpression(operand, &context)
            let from = try constantInteger(start)
            let count = try length.map { try constantInteger($0) }
            return try typed(location) { try .substring(value, start: from, length: count) }
        case .function(let call):
            return try bindFunction(call, at: location, &context)
        }
    }

    private func bindBinary(
        _ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression, at location: SourceLocation,
        _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        if op == .plus || op == .minus, case .literal(.interval(let text, let unit)) = rhs.kind {
            let date = try bindExpression(lhs, &context)
            guard let amount = Int(text.filter { $0 != " " }) else {
                throw SQLError(
                    "INTERVAL needs a whole number, found '\(text)'", at: rhs.location, hint: "write INTERVAL '3' MONTH"
                )
            }
            let dateUnit: PhysicalExpression.DateUnit = unit == .day ? .days : unit == .month ? .months : .years
            return try typed(location) { try .dateAdd(date, op == .plus ? amount : -amount, dateUnit) }
        }
        let left = try bindExpression(lhs, &context)
        let right = try bindExpression(rhs, &context)
        switch op {
        case .and: return try typed(location) { try .and(left, right) }
        case .or: return try typed(location) { try .or(left, right) }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let (l, r) = try coerced(left, right, at: location)
            let comparison = ComparisonOperator(rawValue: op.rawValue) ?? .equal
            return try typed(location) { try .compare(l, comparison, r) }
        case .plus, .minus, .multiply, .divide:
            let (l, r) = try coerced(left, right, at: location)
            let arithmetic: ArithmeticOperator =
                op == .plus ? .add : op == .minus ? .subtract : op == .multiply ? .multiply : .divide
            return try typed(location) { try .arithmetic(l, arithmetic, r) }
        case .concatenate:
            throw SQLError("the || operator is not supported", at: location, hint: "compare the parts separately")
        }
    }

    /// The operands with a constant string cast to the other side's date type, and a NULL literal typed as the
    /// other side.
    func coerced(
        _ lhs: PhysicalExpression, _ rhs: PhysicalExpression, at location: SourceLocation
    ) throws -> (PhysicalExpression, PhysicalExpression) {
        func adapt(_ value: PhysicalExpression, to other: PhysicalExpression) throws -> PhysicalExpression {
            guard case .literal(let scalar) = value.node, value.dataType != other.dataType else { return value }
            if scalar.isNull || (value.dataType == .utf8 && other.dataType == .date32) {
                return try typed(location) { try .literal(scalar, other.dataType) }
            }
            return value
        }
        return (try adapt(lhs, to: rhs), try adapt(rhs, to: lhs))
    }

    func bindLiteral(_ literal: Literal, at location: SourceLocation) throws -> PhysicalExpression {
        switch literal {
        case .integer(let text):
            if let value = Int32(text) { return try typed(location) { try .literal(.int32(value)) } }
            if let value = Int64(text) { return try typed(location) { try .literal(.int64(value)) } }
            return try decimalLiteral(text, at: location)
        case .decimal(let text): return try decimalLiteral(text, at: location)
        case .string(let text): return try typed(location) { try .literal(.utf8(text)) }
        case .date(let text):
            do {
                return try .literal(.date32(try Date32.parse(Substring(text))))
            } catch {
                throw SQLError("'\(text)' is not a date", at: location, hint: "write DATE 'YYYY-MM-DD' with a real day")
            }
        case .boolean(let value): return try typed(location) { try .literal(.boolean(value)) }
        case .null: return try typed(location) { try .literal(.null, .int32) }
        case .interval:
            throw SQLError(
                "an INTERVAL can only be added to or subtracted from a date", at: location,
                hint: "write date_column + INTERVAL '1' YEAR")
        }
    }

    private func decimalLiteral(_ text: String, at location: SourceLocation) throws -> PhysicalExpression {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits = parts[0].drop { $0 == "0" }.count
        let scale = parts.count > 1 ? parts[1].count : 0
        let precision = max(1, digits + scale)
        guard precision <= 38 else {
            throw SQLError("the number \(text) has more than 38 digits", at: location, hint: "use fewer digits")
        }
        do {
            let value = try Decimal128.parse(Substring(text), precision: precision, scale: scale)
            return try .literal(.decimal(value, precision: precision, scale: scale))
        } catch {
            throw SQLError("'\(text)' is not a number", at: location, hint: "write digits with one point")
        }
    }

    func constantInteger(_ expression: Expression) throws -> Int {
        var sign = 1
        var kind = expression.kind
        if case .unary(.negate, let inner) = kind {
            sign = -1
            kind = inner.kind
        }
        guard case .literal(.integer(let text)) = kind, let value = Int(text) else {
            throw SQLError("expected a constant integer", at: expression.location, hint: "write a number such as 1")
        }
        return sign * value
    }

    func dataType(of type: SQLType, at location: SourceLocation) throws -> DataType {
        switch type {
        case .boolean: return .boolean
        case .integer: return .int32
        case .bigint: return .int64
        case .double: return .float64
        case .decimal(let precision, let scale):
            let p = precision ?? 18
            let s = scale ?? (precision == nil ? 3 : 0)
            guard (1...38).contains(p), (0...p).contains(s) else {
                throw SQLError(
                    "DECIMAL(\(p), \(s)) is not a decimal type", at: location,
                    hint: "precision 1 to 38, scale 0 to precision")
            }
            return .decimal128(precision: p, scale: s)
        case .date: return .date32
        case .varchar, .char: return .utf8
        }
    }

    /// Runs a typed constructor, turning its type error into an `SQLError` at `location`.
    func typed(_ location: SourceLocation, _ body: () throws -> PhysicalExpression) throws -> PhysicalExpression {
        do { return try body() } catch let error as PhysicalPlanError {
            if case .invalidExpression(let message, let hint) = error {
                throw SQLError(Binder.withoutColumnIDs(message), at: location, hint: hint.isEmpty ? nil : hint)
            }
            throw SQLError(Binder.withoutColumnIDs(error.description), at: location)
        }
    }

    /// `text` without the `@id` suffixes expressions print for columns (`n_name@2` → `n_name`): ids are
    /// internal, the user wrote names.
    static func withoutColumnIDs(_ text: String) -> String {
        var result = ""
        var skipping = false
        for character in text {
            if character == "@" {
                skipping = true
                continue
            }
            if skipping && character.isNumber { continue }
            skipping = false
            result.append(character)
        }
        return result
    }
}

extension ExpressionKind {
    /// True for the nodes through which a null operand still makes a comparison null (and so a filter false).
    var keepsNullRejection: Bool {
        switch self {
        case .binary(let op, _, _): return op != .or && op != .and
        case .unary(.negate, _), .cast, .scalarSubquery, .column, .literal, .extract, .substring: return true
        default: return false
        }
    }
}
