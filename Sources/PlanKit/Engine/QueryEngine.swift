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
        throw SQLError("the query engine is not built yet", at: .start)
    }
}
