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
        return mark.reference
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
        let subquery = try bindSubquery(query, at: location, context)
        guard let value = subquery.value else { throw SQLError("scalar subquery has no column", at: location) }
        let alwaysOneRow = subquery.correlated.isEmpty && subquery.plan.isSingleAggregateRow
        let type: LogicalJoinType = nullRejecting || alwaysOneRow ? .inner : .left
        context.pendingJoins.append(
            PendingJoin(type: type, plan: subquery.plan, condition: .conjunction(subquery.correlated), mark: nil))
        return type == .left ? value.asNullable.reference : value.reference
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
    /// True when the plan always yields exactly one row: projections over an aggregate without groups.
    var isSingleAggregateRow: Bool {
        switch self {
        case .projection(_, _, let input): return input.isSingleAggregateRow
        case .aggregate(let groups, _, _, _, _): return groups.isEmpty
        default: return false
        }
    }
}
