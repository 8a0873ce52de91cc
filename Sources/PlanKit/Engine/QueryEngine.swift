import ArrowLite

/// The rows a statement produced: its schema and batches in result order.
public struct QueryResult: Sendable {
    /// The result's columns.
    public let schema: Schema
    /// The result's rows, in order (an `ORDER BY` query's order).
    public let batches: [RecordBatch]

    /// Makes a result.
    public init(schema: Schema, batches: [RecordBatch]) {
        self.schema = schema
        self.batches = batches
    }

    /// The number of rows.
    public var rowCount: Int { batches.reduce(0) { $0 + $1.rowCount } }

    /// Every row in one batch (an empty batch of `schema` when there are none).
    /// - Throws: concat errors (only for more than 2 GiB of strings).
    public func concatenated() throws -> RecordBatch { try RowSorter.concatenated(batches, schema: schema) }
}

/// How the engine plans and runs queries.
public struct QueryOptions: Sendable {
    /// How many partitions scans, joins and aggregates are split into (1 runs each operator once).
    public var partitionCount: Int
    /// The largest batch pipeline breakers emit.
    public var batchRowCount: Int

    /// Makes options; the defaults run each operator in 4 partitions with 8192-row batches.
    public init(partitionCount: Int = 4, batchRowCount: Int = 8192) {
        self.partitionCount = max(1, partitionCount)
        self.batchRowCount = max(1, batchRowCount)
    }
}

/// A single-node SQL engine over a catalog: parse → bind → logical plan → optimise → physical plan → run with the
/// push-based `LocalExecutor`. Views created by `CREATE VIEW` live in the engine until dropped.
public final class QueryEngine {
    /// The tables queries read.
    public let catalog: Catalog
    /// How queries are planned and run.
    public let options: QueryOptions
    /// Views by lowercase name.
    public private(set) var views: [String: CreateView] = [:]

    /// Makes an engine over `catalog`.
    public init(catalog: Catalog, options: QueryOptions = QueryOptions()) {
        self.catalog = catalog
        self.options = options
    }

    /// Runs every statement of `sql` (separated by `;`) in order and returns the result of the last one that
    /// produces rows (`EXPLAIN` produces one utf8 column `plan`, a row per line).
    /// - Throws: `SQLError` for bad SQL (syntax, unknown names, types) with its location; `ArrowError` or
    ///   `PhysicalPlanError` for failures while running (overflow, division by zero, a bad cast).
    public func run(_ sql: String) throws -> QueryResult {
        let statements = try SQLParser.parseScript(sql)
        var last = QueryResult(schema: Schema([]), batches: [])
        for statement in statements {
            if let result = try execute(statement) { last = result }
        }
        return last
    }

    /// The physical plan of one query statement, single partition at the top.
    /// - Throws: as `run`.
    public func physicalPlan(_ sql: String) throws -> PhysicalPlan {
        let statement = try SQLParser.parseStatement(sql)
        guard case .query(let query) = statement.kind else {
            throw SQLError("expected a query", at: statement.location, hint: "write SELECT ...")
        }
        return try physicalPlan(query)
    }

    /// The optimised logical plan of a query.
    /// - Throws: `SQLError` for names and types.
    public func logicalPlan(_ query: Query) throws -> LogicalPlan {
        let bound = try Binder(catalog: catalog, views: views).bind(query)
        return Optimizer().optimize(bound.plan)
    }

    func physicalPlan(_ query: Query) throws -> PhysicalPlan {
        try PhysicalPlanner(partitionCount: options.partitionCount).plan(logicalPlan(query))
    }

    /// The distributed plan of one query: its physical plan (each task computing `options.partitionCount`
    /// partitions; join build sides under `broadcastRowLimit` estimated rows broadcast, none when nil) split into
    /// stages for `workers`. `CREATE VIEW` statements before the query are applied first.
    /// - Throws: as `run`; `PhysicalPlanError` when the split breaks an invariant.
    public func distributedPlan(
        _ sql: String, workers: [WorkerAddress], options plannerOptions: DistributedPlannerOptions = .init(),
        broadcastRowLimit: Double? = PhysicalPlanner.defaultBroadcastRowLimit
    ) throws -> StagePlan {
        var query: Query?
        for statement in try SQLParser.parseScript(sql) {
            if case .query(let q) = statement.kind { query = q } else if query == nil { _ = try execute(statement) }
        }
        guard let query else { throw SQLError("expected a query", at: .start, hint: "write SELECT ...") }
        var planner = PhysicalPlanner(partitionCount: options.partitionCount)
        planner.broadcastRowLimit = broadcastRowLimit ?? -1
        let physical = try planner.plan(logicalPlan(query))
        return try DistributedPlanner(workers: workers, options: plannerOptions).plan(physical)
    }

    private func execute(_ statement: Statement) throws -> QueryResult? {
        switch statement.kind {
        case .query(let query):
            let plan = try physicalPlan(query)
            let result = try LocalExecutor(batchRowCount: options.batchRowCount).run(plan)
            return QueryResult(schema: result.schema, batches: result.batches)
        case .createView(let view):
            let key = view.name.lowercased()
            if views[key] != nil && !view.replacesExisting {
                throw SQLError(
                    "view '\(view.name)' already exists", at: statement.location,
                    hint: "use CREATE OR REPLACE VIEW, or DROP VIEW first")
            }
            _ = try Binder(catalog: catalog, views: views).bind(view.query)
            views[key] = view
            return nil
        case .dropView(let name, let ifExists):
            if views.removeValue(forKey: name.lowercased()) == nil && !ifExists {
                throw SQLError("no view named '\(name)'", at: statement.location, hint: "use DROP VIEW IF EXISTS")
            }
            return nil
        case .explain(let inner, _):
            return try explain(inner)
        }
    }

    private func explain(_ statement: Statement) throws -> QueryResult {
        guard case .query(let query) = statement.kind else {
            throw SQLError("EXPLAIN needs a query", at: statement.location, hint: "write EXPLAIN SELECT ...")
        }
        let logical = try logicalPlan(query)
        let physical = try PhysicalPlanner(partitionCount: options.partitionCount).plan(logical)
        let text = "logical plan:\n" + logical.explain() + "physical plan:\n" + physical.explain()
        var builder = StringBuilder()
        for line in text.split(separator: "\n") { builder.append(String(line)) }
        let schema = Schema([Field("plan", .utf8, nullable: false)])
        return QueryResult(schema: schema, batches: [try RecordBatch(schema: schema, columns: [builder.finish()])])
    }
}
