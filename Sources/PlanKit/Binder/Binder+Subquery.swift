import ArrowLite

/// A bound subquery: its plan (without the conjuncts that read the enclosing query) and those conjuncts, which
/// become the condition of the join that replaces the subquery.
struct BoundSubquery {
    let plan: LogicalPlan
    let correlated: [PhysicalExpression]

    /// The subquery's value: its first output column.
    var value: LogicalColumn? { plan.output.first }
}

extension Binder {
    func bindSubquery(_ query: Query, at location: SourceLocation, _ context: ExpressionContext) throws
        -> BoundSubquery
    {
        guard context.subqueriesAllowed else {
            throw SQLError(
                "subqueries are not supported in a join's ON condition", at: location,
                hint: "move the condition to WHERE")
        }
        let (plan, correlated) = try nested { try bindQuery(query, outer: context.scope) }
        return BoundSubquery(plan: plan, correlated: correlated)
    }

    /// `EXISTS (query)` as a `WHERE` conjunct becomes a semi join, `NOT EXISTS` an anti join, and
    /// `x IN (query)` a semi join on `x = value`; nil for any other conjunct.
    func semiOrAntiJoin(_ conjunct: Expression, _ context: inout ExpressionContext) throws -> PendingJoin? {
        switch conjunct.kind {
        case .exists(let query):
            let subquery = try bindSubquery(query, at: conjunct.location, context)
            return PendingJoin(
                type: .semi, plan: subquery.plan, condition: .conjunction(subquery.correlated), mark: nil)
        case .unary(.not, let inner):
            guard case .exists(let query) = inner.kind else { return nil }
            let subquery = try bindSubquery(query, at: inner.location, context)
            return PendingJoin(
                type: .anti, plan: subquery.plan, condition: .conjunction(subquery.correlated), mark: nil)
        case .inSubquery(let operand, let query, negated: false):
            let (subquery, equality) = try bindInOperands(operand, query, at: conjunct.location, &context)
            return PendingJoin(
                type: .semi, plan: subquery.plan, condition: .conjunction([equality] + subquery.correlated),
                mark: nil)
        default:
            return nil
        }
    }

    /// `EXISTS (query)` anywhere else: a mark join whose mark is the value.
    func bindExists(
        _ query: Query, at location: SourceLocation, _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        let subquery = try bindSubquery(query, at: location, context)
        let mark = newColumn("exists", .boolean, nullable: true)
        context.pendingJoins.append(
            PendingJoin(type: .mark, plan: subquery.plan, condition: .conjunction(subquery.correlated), mark: mark))
        // The mark follows IN's null rule (null when a key is null and nothing matched); EXISTS is never null.
        let isTrue = try typed(location) {
            try .caseWhen(
                [.init(when: mark.reference, then: .literal(.boolean(true)))], otherwise: .literal(.boolean(false)))
        }
        return isTrue
    }

    /// `x [NOT] IN (query)` anywhere else: a mark join with SQL's null semantics.
    func bindInSubquery(
        _ operand: Expression, _ query: Query, negated: Bool, at location: SourceLocation,
        _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        let (subquery, equality) = try bindInOperands(operand, query, at: location, &context)
        let mark = newColumn("in", .boolean, nullable: true)
        context.pendingJoins.append(
            PendingJoin(
                type: .mark, plan: subquery.plan, condition: .conjunction([equality] + subquery.correlated),
                mark: mark))
        return negated ? try typed(location) { try .not(mark.reference) } : mark.reference
    }

    private func bindInOperands(
        _ operand: Expression, _ query: Query, at location: SourceLocation, _ context: inout ExpressionContext
    ) throws -> (BoundSubquery, PhysicalExpression) {
        let value = try bindExpression(operand, &context)
        try requireOneColumn(query, at: location, "IN")
        let subquery = try bindSubquery(query, at: location, context)
        guard let column = subquery.value else { throw SQLError("IN subquery has no column", at: location) }
        let (l, r) = try coerced(value, column.reference, at: location)
        return (subquery, try typed(location) { try .compare(l, .equal, r) })
    }

    /// `(query)` as a value: joined (on its correlation conditions, or as a cross join when uncorrelated) and
    /// replaced by its value column. The join is inner when a missing row could not change the result — the
    /// subquery is one aggregate row, or a null value makes the enclosing `WHERE` conjunct false — else left outer.
    func bindScalarSubquery(
        _ query: Query, at location: SourceLocation, nullRejecting: Bool, _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        try requireOneColumn(query, at: location, "a scalar subquery")
        var subquery = try bindSubquery(query, at: location, context)
        if !subquery.plan.endsInAggregate { subquery = try singleValued(subquery, at: location) }
        guard let value = subquery.value else { throw SQLError("scalar subquery has no column", at: location) }
        let alwaysOneRow = subquery.correlated.isEmpty && subquery.plan.isSingleAggregateRow
        // A correlated count over no rows is 0, not a missing row: the join must keep the outer row (left join)
        // and the missing value becomes 0 (the "COUNT bug" of naive decorrelation).
        let isCount = !subquery.correlated.isEmpty && subquery.plan.valueIsCount
        let type: LogicalJoinType = (nullRejecting && !isCount) || alwaysOneRow ? .inner : .left
        context.pendingJoins.append(
            PendingJoin(type: type, plan: subquery.plan, condition: .conjunction(subquery.correlated), mark: nil))
        guard type == .left else { return value.reference }
        let reference = value.asNullable.reference
        guard isCount else { return reference }
        return try typed(location) {
            try .caseWhen(
                [.init(when: .isNull(reference), then: .literal(.int64(0)))], otherwise: reference)
        }
    }

    /// A subquery without aggregates made to yield one value per correlation key: grouped by the inner sides of
    /// its correlation equalities with `single_value`, which fails the query when a key has several rows.
    private func singleValued(_ subquery: BoundSubquery, at location: SourceLocation) throws -> BoundSubquery {
        guard let value = subquery.value else { return subquery }
        let local = Set(subquery.plan.output.map(\.id))
        var groups: [PhysicalExpression] = []
        var outers: [PhysicalExpression] = []
        for conjunct in subquery.correlated {
            guard case .comparison(let l, .equal, let r) = conjunct.node, l.reads(only: local) != r.reads(only: local)
            else {
                throw SQLError(
                    "a correlated scalar subquery without an aggregate supports only equalities with the outer query",
                    at: location, hint: "write the correlation as inner_column = outer_column, or use an aggregate")
            }
            let (inner, outer) = l.reads(only: local) ? (l, r) : (r, l)
            groups.append(inner)
            outers.append(outer)
        }
        let groupColumns = groups.map { newColumn("key", $0.dataType, nullable: $0.nullable) }
        let single = try AggregateExpression(.single, value.reference, name: value.name)
        let column = newColumn(value.name, value.dataType, nullable: true)
        let aggregate = LogicalPlan.aggregate(
            groups: groups, groupColumns: groupColumns, aggregates: [single], aggregateColumns: [column],
            subquery.plan)
        let output = [column] + groupColumns
        let plan = LogicalPlan.projection(output.map(\.reference), output, aggregate)
        let correlated = try zip(outers, groupColumns).map { outer, key in
            try typed(location) { try .compare(outer, .equal, key.reference) }
        }
        return BoundSubquery(plan: plan, correlated: correlated)
    }

    private func requireOneColumn(_ query: Query, at location: SourceLocation, _ what: String) throws {
        guard case .select(let select) = query.body else { return }
        let isSingle: Bool
        if select.items.count == 1, case .expression = select.items[0].kind {
            isSingle = true
        } else {
            isSingle = false
        }
        guard isSingle else {
            throw SQLError(
                "\(what) must select exactly one column", at: location, hint: "select one expression")
        }
    }
}

extension LogicalPlan {
    /// True when the first output column is a `count` of the aggregate below (through projections).
    var valueIsCount: Bool {
        guard case .projection(let expressions, _, let input) = self, let first = expressions.first,
            case .column(let id, _) = first.node
        else { return false }
        switch input {
        case .aggregate(_, _, let aggregates, let columns, _):
            guard let index = columns.firstIndex(where: { $0.id == id }) else { return false }
            return aggregates[index].function == .count
        case .projection:
            return input.output.first?.id == id && input.valueIsCount
        default:
            return false
        }
    }

    /// True when the plan is an aggregate under projections, filters and sorts (at most one row per group).
    var endsInAggregate: Bool {
        switch self {
        case .projection(_, _, let input), .filter(_, let input), .sort(_, let input): return input.endsInAggregate
        case .aggregate: return true
        default: return false
        }
    }

    /// True when the plan always yields exactly one row: projections over an aggregate without groups.
    var isSingleAggregateRow: Bool {
        switch self {
        case .projection(_, _, let input): return input.isSingleAggregateRow
        case .aggregate(let groups, _, _, _, _): return groups.isEmpty
        default: return false
        }
    }
}
