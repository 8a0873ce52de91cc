import ArrowLite

/// One select-list entry after `*` expansion: an expression to bind (or a column, for `*`), its output name and
/// where it was written.
struct SelectEntry {
    let expression: Expression?
    let column: LogicalColumn?
    let name: String
    let location: SourceLocation
}

/// A bound `SELECT`: its plan, and for a correlated subquery the conjuncts that read the enclosing query.
struct BoundSelect {
    var plan: LogicalPlan
    var correlated: [PhysicalExpression]
}

extension Binder {
    /// Binds `SELECT` with the query's `ORDER BY` (which may name select aliases, output positions or expressions
    /// over the `FROM` columns). The plan: FROM → WHERE (semi/anti joins, filter) → aggregate → HAVING →
    /// projection → DISTINCT → sort.
    func bindSelect(_ select: Select, outer: BindScope?, orderBy: [OrderItem]) throws -> BoundSelect {
        let (fromPlan, entries) = try bindFrom(select.from, outer: outer)
        let scope = BindScope(entries: entries, outer: outer)
        var plan = fromPlan
        var correlated: [PhysicalExpression] = []
        if let condition = select.condition {
            (plan, correlated) = try bindWhere(condition, scope: scope, plan: plan)
        }
        let items = try expandItems(select.items, scope)
        let aggregating =
            !select.groupBy.isEmpty || select.having != nil
            || items.contains { $0.expression?.containsAggregate ?? false }
            || orderBy.contains { $0.expression.containsAggregate }
        if aggregating {
            return try bindAggregating(select, items, orderBy, scope: scope, plan: plan, correlated: correlated)
        }
        var context = ExpressionContext(scope: scope)
        let values = try items.map { try $0.column?.reference ?? bindExpression($0.expression!, &context) }
        let order = try bindOrder(orderBy, items, values) { try bindExpression($0, &context) }
        let orderLocations = orderBy.map(\.expression.location)
        for join in context.pendingJoins { plan = join.apply(to: plan) }
        let local = Set(plan.output.map(\.id))
        let passThrough = correlated.flatMap(\.columnReferences).filter(local.contains)
        let columns = plan.output.filter { passThrough.contains($0.id) }
        plan = try project(
            values, items, order: order, orderLocations: orderLocations, distinct: select.distinct,
            passThrough: columns, plan)
        return BoundSelect(plan: plan, correlated: correlated)
    }

    /// Binds `WHERE`: subquery conjuncts become joins; the other conjuncts a filter, except those that read the
    /// enclosing query, which are returned for the join that will replace this subquery.
    private func bindWhere(
        _ condition: Expression, scope: BindScope, plan: LogicalPlan
    ) throws -> (LogicalPlan, [PhysicalExpression]) {
        var context = ExpressionContext(scope: scope)
        var filters: [PhysicalExpression] = []
        for conjunct in condition.conjuncts {
            if let join = try semiOrAntiJoin(conjunct, &context) {
                context.pendingJoins.append(join)
                continue
            }
            context.nullRejecting = true
            filters.append(try bindCondition(conjunct, &context, clause: "WHERE"))
            context.nullRejecting = false
        }
        var result = plan
        for join in context.pendingJoins { result = join.apply(to: result) }
        let local = Set(result.output.map(\.id))
        let inner = filters.filter { $0.reads(only: local) }
        let correlated = filters.filter { !$0.reads(only: local) }
        if let predicate = PhysicalExpression.conjunction(inner) { result = .filter(predicate, result) }
        return (result, correlated)
    }

    private func expandItems(_ items: [SelectItem], _ scope: BindScope) throws -> [SelectEntry] {
        var result: [SelectEntry] = []
        for item in items {
            switch item.kind {
            case .wildcard(let qualifier):
                let columns = scope.columns(qualifier: qualifier)
                guard !columns.isEmpty else {
                    throw SQLError(
                        qualifier.map { "no table '\($0)' in FROM for \($0).*" } ?? "SELECT * needs a FROM clause",
                        at: item.location, hint: "name the columns")
                }
                result += columns.map {
                    SelectEntry(expression: nil, column: $0, name: $0.name, location: item.location)
                }
            case .expression(let expression, let alias):
                result.append(
                    SelectEntry(
                        expression: expression, column: nil, name: alias ?? expression.outputName,
                        location: item.location))
            }
        }
        return result
    }

    private func bindAggregating(
        _ select: Select, _ items: [SelectEntry], _ orderBy: [OrderItem], scope: BindScope, plan input: LogicalPlan,
        correlated: [PhysicalExpression]
    ) throws -> BoundSelect {
        var plan = input
        var groups: [PhysicalExpression] = []
        var groupNames: [String] = []
        for expression in select.groupBy {
            let bound = try bindGroupKey(expression, items, scope)
            if !groups.contains(bound) {
                groups.append(bound)
                groupNames.append(expression.outputName)
            }
        }
        // Correlated equalities `inner = outer` group by their inner side: the join replacing the subquery
        // matches each outer row with its group.
        let local = Set(plan.output.map(\.id))
        var correlationKeys: [(inner: Int, outer: PhysicalExpression)] = []
        for conjunct in correlated {
            guard case .comparison(let l, .equal, let r) = conjunct.node,
                l.reads(only: local) != r.reads(only: local), l.reads(only: local) || r.reads(only: local)
            else {
                throw SQLError(
                    "a correlated subquery with aggregates supports only equalities with the outer query, found \(conjunct)",
                    at: select.location, hint: "write the correlation as inner_column = outer_column")
            }
            let (inner, outer) = l.reads(only: local) ? (l, r) : (r, l)
            if let index = groups.firstIndex(of: inner) {
                correlationKeys.append((index, outer))
            } else {
                groups.append(inner)
                groupNames.append(
                    inner.columnReferences.first.flatMap { id in plan.output.first { $0.id == id }?.name } ?? "key")
                correlationKeys.append((groups.count - 1, outer))
            }
        }
        let groupColumns = zip(groups, groupNames).map { newColumn($1, $0.dataType, nullable: $0.nullable) }
        let collector = AggregateCollector()
        var context = ExpressionContext(scope: scope, aggregates: collector)
        var values = try items.map { try $0.column?.reference ?? bindExpression($0.expression!, &context) }
        var having = try select.having.map { try bindCondition($0, &context, clause: "HAVING") }
        var order = try bindOrder(orderBy, items, values) { try bindExpression($0, &context) }
        plan = .aggregate(
            groups: groups, groupColumns: groupColumns, aggregates: collector.aggregates,
            aggregateColumns: collector.columns, plan)
        for join in context.pendingJoins { plan = join.apply(to: plan) }
        var replacements: [PhysicalExpression: PhysicalExpression] = [:]
        for (group, column) in zip(groups, groupColumns) { replacements[group] = column.reference }
        let allowed = Set(plan.output.map(\.id))
        func finish(_ value: PhysicalExpression, _ location: SourceLocation) throws -> PhysicalExpression {
            let result = value.replacingSubtrees(replacements)
            if let bad = result.columnReferences.first(where: { !allowed.contains($0) }) {
                let name = value.columnName(of: bad) ?? "#\(bad)"
                throw SQLError(
                    "column '\(name)' must appear in GROUP BY or be used in an aggregate function", at: location,
                    hint: "add \(name) to GROUP BY, or wrap it in an aggregate such as min(\(name))")
            }
            return result
        }
        values = try zip(values, items).map { try finish($0, $1.location) }
        having = try having.map { try finish($0, select.having?.location ?? select.location) }
        order = try zip(order, orderBy).map { (try finish($0.0, $1.expression.location), $0.1) }
        if let having { plan = .filter(having, plan) }
        let rewritten = try correlationKeys.map { key in
            try typed(select.location) { try .compare(key.outer, .equal, groupColumns[key.inner].reference) }
        }
        let keyColumns = correlationKeys.map { groupColumns[$0.inner] }
        plan = try project(
            values, items, order: order, orderLocations: orderBy.map(\.expression.location),
            distinct: select.distinct, passThrough: keyColumns, plan)
        return BoundSelect(plan: plan, correlated: rewritten)
    }

    /// A `GROUP BY` key: an expression over the `FROM` columns, or the name or position of a select item.
    private func bindGroupKey(_ expression: Expression, _ items: [SelectEntry], _ scope: BindScope) throws
        -> PhysicalExpression
    {
        var context = ExpressionContext(scope: scope)
        context.subqueriesAllowed = false
        if case .literal(.integer(let text)) = expression.kind, let position = Int(text) {
            guard items.indices.contains(position - 1), let item = items[position - 1].expression else {
                throw SQLError(
                    "GROUP BY position \(position) is not in the select list", at: expression.location,
                    hint: "positions go from 1 to \(items.count)")
            }
            return try bindExpression(item, &context)
        }
        do {
            return try bindExpression(expression, &context)
        } catch let error as SQLError {
            guard case .column(nil, let name) = expression.kind,
                let item = items.first(where: { $0.name.lowercased() == name.lowercased() }),
                let aliased = item.expression
            else { throw error }
            return try bindExpression(aliased, &context)
        }
    }

    /// The `ORDER BY` values: an output position, an output name, or an expression bound by `bindValue`.
    func bindOrder(
        _ orderBy: [OrderItem], _ items: [SelectEntry], _ values: [PhysicalExpression],
        _ bindValue: (Expression) throws -> PhysicalExpression
    ) throws -> [(PhysicalExpression, SortKey)] {
        try orderBy.map { item in
            let key = sortKey(item)
            if case .literal(.integer(let text)) = item.expression.kind, let position = Int(text) {
                guard values.indices.contains(position - 1) else {
                    throw SQLError(
                        "ORDER BY position \(position) is not in the select list", at: item.expression.location,
                        hint: "positions go from 1 to \(values.count)")
                }
                return (values[position - 1], key)
            }
            if case .column(nil, let name) = item.expression.kind {
                let matches = items.indices.filter { items[$0].name.lowercased() == name.lowercased() }
                if let first = matches.first { return (values[first], key) }
            }
            return (try bindValue(item.expression), key)
        }
    }

    /// Projects the select list (plus `passThrough` columns a correlated join needs, and hidden sort values),
    /// then applies DISTINCT and the sort, and drops the hidden values.
    private func project(
        _ values: [PhysicalExpression], _ items: [SelectEntry], order: [(PhysicalExpression, SortKey)],
        orderLocations: [SourceLocation], distinct: Bool, passThrough: [LogicalColumn], _ input: LogicalPlan
    ) throws -> LogicalPlan {
        var expressions = values
        var columns = zip(values, items).map { newColumn($1.name, $0.dataType, nullable: $0.nullable) }
        for column in passThrough where !columns.contains(where: { $0.id == column.id }) {
            expressions.append(column.reference)
            columns.append(column)
        }
        let visibleCount = columns.count
        var sortItems: [SortExpression] = []
        for (position, (value, key)) in order.enumerated() {
            if let index = expressions.firstIndex(of: value) {
                sortItems.append(SortExpression(columns[index].reference, key))
                continue
            }
            guard !distinct else {
                throw SQLError(
                    "with SELECT DISTINCT, ORDER BY expressions must appear in the select list",
                    at: orderLocations.indices.contains(position) ? orderLocations[position] : .start,
                    hint: "add the expression to the select list")
            }
            let hidden = newColumn("sort_key_\(sortItems.count)", value.dataType, nullable: value.nullable)
            expressions.append(value)
            columns.append(hidden)
            sortItems.append(SortExpression(hidden.reference, key))
        }
        var plan = LogicalPlan.projection(expressions, columns, input)
        if distinct {
            plan = self.distinct(plan)
            let renamed = Dictionary(uniqueKeysWithValues: zip(columns.map(\.id), plan.output.map(\.reference)))
            sortItems = sortItems.map { SortExpression($0.expression.replacingColumns { renamed[$0] }, $0.key) }
        }
        if !sortItems.isEmpty { plan = .sort(sortItems, plan) }
        if plan.output.count > visibleCount {
            let visible = Array(plan.output.prefix(visibleCount))
            plan = .projection(visible.map(\.reference), visible, plan)
        }
        return plan
    }
}

extension PhysicalExpression {
    /// The display name of the column with id `id` inside this expression, if it reads it.
    func columnName(of id: Int) -> String? {
        if case .column(let index, let name) = node, index == id { return name }
        return children.lazy.compactMap { $0.columnName(of: id) }.first
    }
}

extension Expression {
    /// The parts of a chain of ANDs, left to right.
    var conjuncts: [Expression] {
        if case .binary(.and, let lhs, let rhs) = kind { return lhs.conjuncts + rhs.conjuncts }
        return [self]
    }

    /// True when the expression calls an aggregate function outside any subquery.
    var containsAggregate: Bool {
        switch kind {
        case .function(let call):
            return Binder.aggregateFunctions[call.name.lowercased()] != nil
                || call.arguments.contains { $0.containsAggregate }
        case .column, .literal, .exists, .scalarSubquery: return false
        case .unary(_, let e), .isNull(let e, _), .cast(let e, _), .extract(_, let e): return e.containsAggregate
        case .binary(_, let l, let r), .like(let l, let r, _): return l.containsAggregate || r.containsAggregate
        case .between(let e, let l, let u, _): return [e, l, u].contains { $0.containsAggregate }
        case .inList(let e, let items, _): return ([e] + items).contains { $0.containsAggregate }
        case .inSubquery(let e, _, _): return e.containsAggregate
        case .caseWhen(let operand, let branches, let otherwise):
            let parts =
                (operand.map { [$0] } ?? []) + branches.flatMap { [$0.condition, $0.result] }
                + (otherwise.map { [$0] } ?? [])
            return parts.contains { $0.containsAggregate }
        case .substring(let e, let s, let l):
            return ([e, s] + (l.map { [$0] } ?? [])).contains { $0.containsAggregate }
        }
    }

    /// The name a select item gets without an alias: a column's name, else the expression's SQL text.
    var outputName: String {
        if case .column(_, let name) = kind { return name }
        return SQLFormatter.format(self)
    }
}
