import ArrowLite

extension Binder {
    /// Binds a `FROM` list as a cross join of its entries, left to right (join ordering later places the `WHERE`
    /// predicates), and returns its plan with the names it brings into scope.
    func bindFrom(_ from: [TableReference], outer: BindScope?) throws -> (LogicalPlan, [BindScope.Entry]) {
        guard let first = from.first else { return (.oneRow, []) }
        var (plan, entries) = try bindTableReference(first, outer: outer)
        for reference in from.dropFirst() {
            let (right, rightEntries) = try bindTableReference(reference, outer: outer)
            plan = .join(.inner, plan, right, condition: nil, mark: nil)
            entries += rightEntries
        }
        return (plan, entries)
    }

    private func bindTableReference(
        _ reference: TableReference, outer: BindScope?
    ) throws -> (LogicalPlan, [BindScope.Entry]) {
        switch reference.kind {
        case .table(let name, let alias):
            let plan = try bindNamedTable(name, at: reference.location)
            return try renamed(plan, qualifier: alias?.name ?? name, alias: alias)
        case .derived(let query, let alias):
            let (plan, _) = try nested { try bindQuery(query, outer: BindScope?.none) }
            return try renamed(plan, qualifier: alias?.name, alias: alias)
        case .join(let join):
            return try bindJoin(join, outer: outer, at: reference.location)
        }
    }

    /// A table, view or common table expression by name (the innermost definition wins).
    private func bindNamedTable(_ name: String, at location: SourceLocation) throws -> LogicalPlan {
        let key = name.lowercased()
        if let index = commonTableExpressions.lastIndex(where: { $0[key] != nil }),
            let cte = commonTableExpressions[index][key]
        {
            // A CTE sees only the CTEs defined before its own level, never itself.
            let saved = commonTableExpressions
            commonTableExpressions = Array(saved[..<index])
            defer { commonTableExpressions = saved }
            let (plan, _) = try nested { try bindQuery(cte.query, outer: BindScope?.none) }
            return try renamedColumns(plan, cte.columnNames, at: cte.location)
        }
        if let view = views[key] {
            let saved = commonTableExpressions
            commonTableExpressions = []
            defer { commonTableExpressions = saved }
            let (plan, _) = try nested { try bindQuery(view.query, outer: BindScope?.none) }
            return try renamedColumns(plan, view.columnNames, at: location)
        }
        guard let source = catalog.table(name) else {
            let known = catalog.tableNames + views.keys.sorted()
            let suggestion = Suggestion.closest(to: name, among: known)
            throw SQLError(
                "unknown table '\(name)'", at: location, width: name.count,
                hint: suggestion.map { "did you mean \($0)?" } ?? "known tables: " + known.joined(separator: ", "))
        }
        let columns = source.schema.fields.map { newColumn($0.name, $0.dataType, nullable: $0.nullable) }
        return .scan(
            table: name.lowercased(), source: source, columns: columns, tableIndices: Array(columns.indices))
    }

    /// `plan` with its columns renamed to `names` (kept when empty), as new columns.
    func renamedColumns(_ plan: LogicalPlan, _ names: [String], at location: SourceLocation) throws -> LogicalPlan {
        guard !names.isEmpty else { return plan }
        let output = plan.output
        guard names.count <= output.count else {
            throw SQLError(
                "\(names.count) column names given for \(output.count) columns", at: location,
                hint: "name at most \(output.count) columns")
        }
        let columns = output.enumerated().map { index, column in
            renew(column, name: index < names.count ? names[index] : column.name)
        }
        return .projection(output.map(\.reference), columns, plan)
    }

    private func renamed(
        _ plan: LogicalPlan, qualifier: String?, alias: TableAlias?
    ) throws -> (LogicalPlan, [BindScope.Entry]) {
        let plan = try renamedColumns(plan, alias?.columnNames ?? [], at: alias?.location ?? .start)
        let lower = qualifier?.lowercased()
        return (plan, plan.output.map { BindScope.Entry(qualifier: lower, column: $0) })
    }

    private func bindJoin(
        _ join: Join, outer: BindScope?, at location: SourceLocation
    ) throws -> (LogicalPlan, [BindScope.Entry]) {
        var (left, leftEntries) = try bindTableReference(join.left, outer: outer)
        var (right, rightEntries) = try bindTableReference(join.right, outer: outer)
        var kind = join.kind
        if kind == .right {
            (left, leftEntries, right, rightEntries) = (right, rightEntries, left, leftEntries)
            kind = .left
        }
        let scope = BindScope(entries: leftEntries + rightEntries, outer: outer)
        var condition: PhysicalExpression?
        if let expression = join.condition {
            var context = ExpressionContext(scope: scope)
            context.subqueriesAllowed = false
            condition = try bindCondition(expression, &context, clause: "ON")
        }
        switch kind {
        case .inner, .cross:
            return (.join(.inner, left, right, condition: condition, mark: nil), leftEntries + rightEntries)
        case .left, .right:
            let nullableRight = rightEntries.map {
                BindScope.Entry(qualifier: $0.qualifier, column: $0.column.asNullable)
            }
            return (.join(.left, left, right, condition: condition, mark: nil), leftEntries + nullableRight)
        case .full:
            throw SQLError(
                "FULL JOIN is not supported", at: location, width: 4, hint: "use a LEFT JOIN and a UNION ALL")
        }
    }

    /// Runs `body` one subquery level deeper, failing cleanly past `maximumSubqueryDepth`.
    func nested<T>(_ body: () throws -> T) throws -> T {
        guard subqueryDepth < Binder.maximumSubqueryDepth else {
            throw SQLError(
                "subqueries nest more than \(Binder.maximumSubqueryDepth) deep", at: .start,
                hint: "flatten the query")
        }
        subqueryDepth += 1
        defer { subqueryDepth -= 1 }
        return try body()
    }
}
