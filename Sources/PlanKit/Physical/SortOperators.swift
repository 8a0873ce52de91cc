import ArrowLite

/// One `ORDER BY` item: an expression with its direction and null placement.
public struct SortExpression: Sendable, Hashable, CustomStringConvertible {
    public let expression: PhysicalExpression
    public let key: SortKey

    public init(_ expression: PhysicalExpression, _ key: SortKey = SortKey()) {
        self.expression = expression
        self.key = key
    }

    public var description: String {
        "\(expression) \(key.ascending ? "ASC" : "DESC") NULLS \(key.nullsFirst ? "FIRST" : "LAST")"
    }
}

/// Sorts rows with a stable multi-key sort (`Compute.sortToIndices`): rows that tie keep their arrival order.
enum RowSorter {
    /// `batch` reordered by `order`, keeping at most `limit` rows.
    static func sorted(_ batch: RecordBatch, by order: [SortExpression], limit: Int? = nil) throws -> RecordBatch {
        guard batch.rowCount > 0 else { return batch }
        let columns = try order.map { try $0.expression.evaluate(batch) }
        var indices = try Compute.sortToIndices(columns, keys: order.map(\.key))
        if let limit, indices.count > limit { indices.removeSubrange(limit...) }
        if batch.columns.isEmpty { return RecordBatch(rowCount: indices.count) }
        return try Compute.take(batch, indices: indices)
    }

    /// One batch of every batch, or an empty batch of `schema`.
    static func concatenated(_ batches: [RecordBatch], schema: Schema) throws -> RecordBatch {
        if batches.isEmpty {
            return try RecordBatch(
                schema: schema, columns: schema.fields.map { Compute.nullArray($0.dataType, count: 0) })
        }
        if schema.fields.isEmpty { return RecordBatch(rowCount: batches.reduce(0) { $0 + $1.rowCount }) }
        return try Compute.concat(batches)
    }

    /// Pushes `batch` in slices of at most `rowCount` rows.
    static func emit(_ batch: RecordBatch, to output: any BatchSink, rowCount: Int) throws {
        var start = 0
        while start < batch.rowCount {
            let length = min(rowCount, batch.rowCount - start)
            try output.push(batch.slice(start, length))
            start += length
        }
    }
}

/// Sorts its whole input. A pipeline breaker: holds every batch until the input finishes.
public final class SortOperator: PhysicalOperator {
    public let order: [SortExpression]
    public let schema: Schema
    public var name: String { "Sort" }
    public let batchRowCount: Int
    private let output: any BatchSink
    private var inputs = InputTracker("Sort", inputCount: 1)
    private var held: [RecordBatch] = []
    /// The held bytes of `held`, kept as batches arrive.
    private var heldBatchBytes = 0

    /// - Throws: `PhysicalPlanError.invalidPlan` without sort keys.
    public init(order: [SortExpression], schema: Schema, output: any BatchSink, batchRowCount: Int = 8192) throws {
        guard !order.isEmpty else { throw PhysicalPlanError.invalidPlan(node: "Sort", message: "no sort keys") }
        self.order = order
        self.schema = schema
        self.output = output
        self.batchRowCount = batchRowCount
    }

    public var heldBytes: Int { heldBatchBytes }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        if batch.rowCount > 0 {
            held.append(batch)
            heldBatchBytes += batch.heldBytes
        }
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        let all = try RowSorter.concatenated(held, schema: schema)
        held = []
        heldBatchBytes = 0
        try RowSorter.emit(RowSorter.sorted(all, by: order), to: output, rowCount: batchRowCount)
        try output.finish()
    }
}

/// `ORDER BY ... LIMIT k`: keeps only the best `k` rows seen so far (after each batch, held rows plus the batch
/// are sorted and cut to `k`), so it holds at most `k` rows between pushes. Ties keep arrival order, so the result
/// equals sorting everything and taking the first `k`.
public final class TopKOperator: PhysicalOperator {
    public let order: [SortExpression]
    public let limit: Int
    public let schema: Schema
    public var name: String { "TopK(\(limit))" }
    private let output: any BatchSink
    private var inputs = InputTracker("TopK", inputCount: 1)
    private var best: RecordBatch?

    /// - Throws: `PhysicalPlanError.invalidPlan` without sort keys or with a negative limit.
    public init(order: [SortExpression], limit: Int, schema: Schema, output: any BatchSink) throws {
        guard !order.isEmpty, limit >= 0 else {
            throw PhysicalPlanError.invalidPlan(node: "TopK", message: "needs sort keys and a limit of at least 0")
        }
        self.order = order
        self.limit = limit
        self.schema = schema
        self.output = output
    }

    public var heldBytes: Int { best?.heldBytes ?? 0 }

    /// The rows currently held (at most `limit`).
    public var heldRowCount: Int { best?.rowCount ?? 0 }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        guard batch.rowCount > 0, limit > 0 else { return }
        let candidates = try RowSorter.concatenated(best.map { [$0, batch] } ?? [batch], schema: schema)
        best = try RowSorter.sorted(candidates, by: order, limit: limit)
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        if let best, best.rowCount > 0 { try output.push(best) }
        best = nil
        try output.finish()
    }
}
