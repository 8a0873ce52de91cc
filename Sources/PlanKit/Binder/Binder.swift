import ArrowLite

/// A bound query: its logical plan, whose output columns carry the result's names.
public struct BoundQuery: Sendable {
    public let plan: LogicalPlan
    public var columns: [LogicalColumn] { plan.output }
}

/// Resolves the names of a parsed query against a catalog and its views, types every expression, and builds the
/// logical plan, decorrelating subqueries as it goes: `EXISTS` / `NOT EXISTS` / `IN` conjuncts of a `WHERE` become
/// semi and anti joins, `IN` elsewhere a mark join, and scalar subqueries joins with an aggregate grouped by the
/// correlation keys. Errors are `SQLError`s pointing at the place in the SQL, with a hint.
public final class Binder {
    /// The tables queries read.
    let catalog: Catalog
    /// Views by lowercase name, as their defining query and column names.
    let views: [String: CreateView]
    /// Common table expressions in scope, innermost last.
    var commonTableExpressions: [[String: CommonTableExpression]] = []
    /// The next column id to hand out.
    private var nextColumnID = 0
    /// How deeply subqueries nest at the moment (bounded, so a pathological query fails instead of overflowing).
    var subqueryDepth = 0
    static let maximumSubqueryDepth = 32

    /// Makes a binder over `catalog` and `views`.
    public init(catalog: Catalog, views: [String: CreateView] = [:]) {
        self.catalog = catalog
        self.views = views
    }

    /// Binds a query.
    /// - Throws: `SQLError` for unknown names, ambiguous names, type errors and unsupported forms.
    public func bind(_ query: Query) throws -> BoundQuery {
        let (plan, _) = try bindQuery(query, outer: nil)
        return BoundQuery(plan: plan)
    }

    /// A new column with a fresh id.
    func newColumn(_ name: String, _ type: DataType, nullable: Bool) -> LogicalColumn {
        nextColumnID += 1
        return LogicalColumn(id: nextColumnID, name: name, dataType: type, nullable: nullable)
    }

    /// A fresh copy of `column` (same name and type, new id).
    func renew(_ column: LogicalColumn, name: String? = nil) -> LogicalColumn {
        newColumn(name ?? column.name, column.dataType, nullable: column.nullable)
    }

    // MARK: - Queries

    /// Binds `[WITH] body [ORDER BY] [LIMIT] [OFFSET]`. Returns the plan and, for a correlated subquery, the
    /// conjuncts that read the enclosing query (see `bindSelect`).
    func bindQuery(_ query: Query, outer: BindScope?) throws -> (LogicalPlan, [PhysicalExpression]) {
        var names: [String: CommonTableExpression] = [:]
        for cte in query.commonTableExpressions { names[cte.name.lowercased()] = cte }
        commonTableExpressions.append(names)
        defer { commonTableExpressions.removeLast() }
        switch query.body {
        case .select(let select):
            var bound = try bindSelect(select, outer: outer, orderBy: query.orderBy)
            bound.plan = try applyLimit(query, to: bound.plan)
            return (bound.plan, bound.correlated)
        case .union:
            var plan = try bindSetOperation(query.body, outer: outer)
            if !query.orderBy.isEmpty {
                let columns = plan.output
                let scope = BindScope(entries: columns.map { .init(qualifier: nil, column: $0) }, outer: nil)
                var context = ExpressionContext(scope: scope)
                let items = columns.map {
                    SelectEntry(expression: nil, column: $0, name: $0.name, location: query.location)
                }
                let order = try bindOrder(query.orderBy, items, columns.map(\.reference)) {
                    try bindExpression($0, &context)
                }.map { SortExpression($0.0, $0.1) }
                plan = .sort(order, plan)
            }
            return (try applyLimit(query, to: plan), [])
        }
    }

    private func bindSetOperation(_ body: QueryBody, outer: BindScope?) throws -> LogicalPlan {
        switch body {
        case .select(let select):
            return try bindSelect(select, outer: outer, orderBy: []).plan
        case .union(let left, let right, let all):
            let inputs = [try bindSetOperation(left, outer: outer), try bindSetOperation(right, outer: outer)]
            let first = inputs[0].output
            guard inputs[1].output.map(\.dataType) == first.map(\.dataType) else {
                throw SQLError(
                    "UNION inputs have different column types: \(first.map { "\($0.dataType)" }) and "
                        + "\(inputs[1].output.map { "\($0.dataType)" })",
                    at: right.firstSelectLocation, hint: "cast the columns so both sides have the same types")
            }
            let columns = zip(first, inputs[1].output).map { a, b in
                newColumn(a.name, a.dataType, nullable: a.nullable || b.nullable)
            }
            let union = LogicalPlan.union(inputs, columns: columns)
            return all ? union : distinct(union)
        }
    }

    /// Removes duplicate rows: an aggregate grouping by every column.
    func distinct(_ plan: LogicalPlan) -> LogicalPlan {
        let columns = plan.output
        return .aggregate(
            groups: columns.map(\.reference), groupColumns: columns.map { renew($0) }, aggregates: [],
            aggregateColumns: [], plan)
    }

    private func applyLimit(_ query: Query, to plan: LogicalPlan) throws -> LogicalPlan {
        guard query.limit != nil || query.offset != nil else { return plan }
        let fetch = try query.limit.map { try constantCount($0, "LIMIT") }
        let offset = try query.offset.map { try constantCount($0, "OFFSET") } ?? 0
        return .limit(offset: offset, fetch: fetch, plan)
    }

    private func constantCount(_ expression: Expression, _ clause: String) throws -> Int {
        guard case .literal(.integer(let text)) = expression.kind, let value = Int(text), value >= 0 else {
            throw SQLError(
                "\(clause) needs a non-negative integer constant", at: expression.location,
                hint: "write a number such as \(clause) 10")
        }
        return value
    }

    func sortKey(_ item: OrderItem) -> SortKey {
        SortKey(ascending: !item.descending, nullsFirst: item.nullsFirst)
    }
}

extension QueryBody {
    /// Where the body's first `SELECT` is written.
    var firstSelectLocation: SourceLocation {
        switch self {
        case .select(let select): return select.location
        case .union(let left, _, _): return left.firstSelectLocation
        }
    }
}
