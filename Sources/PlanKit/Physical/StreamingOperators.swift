import ArrowLite

/// Keeps the rows for which `predicate` is true (false and null drop the row). Streaming.
public final class FilterOperator: PhysicalOperator {
    public let predicate: PhysicalExpression
    /// The output columns, as positions in the input; nil keeps them all. Only those columns are copied.
    public let projection: [Int]?
    public let schema: Schema
    public var name: String { "Filter" }
    public var heldBytes: Int { 0 }
    private let output: any BatchSink
    private var inputs = InputTracker("Filter", inputCount: 1)

    /// - Parameter schema: the output schema: the input's, or its `projection` columns.
    /// - Throws: `PhysicalPlanError.invalidExpression` when the predicate is not boolean; `invalidPlan` when the
    ///   schema does not have one field per projected column.
    public init(
        predicate: PhysicalExpression, schema: Schema, projection: [Int]? = nil, output: any BatchSink
    ) throws {
        try PhysicalExpression.requireBoolean(predicate, "a filter")
        if let projection, projection.count != schema.count {
            throw PhysicalPlanError.invalidPlan(node: "Filter", message: "one output field per projected column")
        }
        self.predicate = predicate
        self.projection = projection
        self.schema = schema
        self.output = output
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        let mask = try predicate.evaluateBoolean(batch)
        if let bad = projection?.first(where: { !batch.columns.indices.contains($0) }) {
            throw PhysicalPlanError.invalidPlan(
                node: "Filter",
                message: "projection position \(bad) is outside the input's \(batch.columns.count) columns")
        }
        let picked = try projection.map { try RecordBatch(schema: schema, columns: $0.map { batch.columns[$0] }) }
        let kept = try Compute.filter(picked ?? batch, mask)
        if kept.rowCount > 0 { try output.push(kept) }
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try output.finish()
    }
}

/// Computes one output column per expression. Streaming.
public final class ProjectionOperator: PhysicalOperator {
    public let expressions: [PhysicalExpression]
    public let schema: Schema
    public var name: String { "Projection" }
    public var heldBytes: Int { 0 }
    private let output: any BatchSink
    private var inputs = InputTracker("Projection", inputCount: 1)

    /// - Parameter schema: the output schema (one field per expression, of the expression's type).
    public init(expressions: [PhysicalExpression], schema: Schema, output: any BatchSink) {
        precondition(expressions.count == schema.count, "one output field per projected expression")
        self.expressions = expressions
        self.schema = schema
        self.output = output
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        if expressions.isEmpty { return try output.push(RecordBatch(rowCount: batch.rowCount)) }
        try output.push(RecordBatch(schema: schema, columns: expressions.map { try $0.evaluate(batch) }))
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try output.finish()
    }
}

/// Skips `offset` rows, then passes at most `fetch` rows (all when nil). Streaming; after the limit is reached it
/// drops further input.
public final class LimitOperator: PhysicalOperator {
    public let offset: Int
    public let fetch: Int?
    public let schema: Schema
    public var name: String { "Limit" }
    public var heldBytes: Int { 0 }
    private let output: any BatchSink
    private var inputs = InputTracker("Limit", inputCount: 1)
    private var skipped = 0
    private var emitted = 0

    public init(offset: Int = 0, fetch: Int?, schema: Schema, output: any BatchSink) {
        precondition(offset >= 0 && (fetch ?? 0) >= 0, "limit offset and fetch are not negative")
        self.offset = offset
        self.fetch = fetch
        self.schema = schema
        self.output = output
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        let skip = min(offset - skipped, batch.rowCount)
        skipped += skip
        let available = batch.rowCount - skip
        let take = min(available, (fetch ?? Int.max) - emitted)
        guard take > 0 else { return }
        emitted += take
        try output.push(batch.slice(skip, take))
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try output.finish()
    }
}

/// Merges several inputs into one stream: each batch is passed on as it arrives; the output finishes when every
/// input has finished. `UnionOperator` (inputs are plan children) and `CoalesceOperator` (inputs are the
/// partitions of one child) behave alike.
public class MergeOperator: PhysicalOperator {
    public let schema: Schema
    public let inputCount: Int
    public var name: String { "Merge" }
    public var heldBytes: Int { 0 }
    private let output: any BatchSink
    private var inputs: InputTracker

    /// - Parameter inputCount: at least 1.
    public init(inputCount: Int, schema: Schema, output: any BatchSink) {
        precondition(inputCount > 0, "a merge has at least one input")
        self.schema = schema
        self.inputCount = inputCount
        self.output = output
        inputs = InputTracker("Merge", inputCount: inputCount)
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        if batch.schema == schema || batch.columns.isEmpty {
            try output.push(batch)
        } else {
            // Union children may differ in field names or nullability only: re-label with the output schema.
            try output.push(RecordBatch(schema: schema, columns: batch.columns))
        }
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        if inputs.allFinished { try output.finish() }
    }
}

/// SQL `UNION ALL` of `inputCount` children with one schema.
public final class UnionOperator: MergeOperator {
    public override var name: String { "Union" }
}

/// Merges the `inputCount` partitions of one child into a single partition.
public final class CoalesceOperator: MergeOperator {
    public override var name: String { "Coalesce" }
}

/// The first operator of a scan pipeline: the driver (the local executor, or a simulated task) pushes the
/// batches of its table part, and the scan keeps the projected columns. Streaming.
public final class ScanOperator: PhysicalOperator {
    /// The table columns kept, in output order; nil keeps all.
    public let projection: [Int]?
    public let schema: Schema
    public let tableName: String
    public var name: String { "Scan(\(tableName))" }
    public var heldBytes: Int { 0 }
    private let output: any BatchSink
    private var inputs = InputTracker("Scan", inputCount: 1)

    public init(tableName: String, projection: [Int]?, schema: Schema, output: any BatchSink) {
        self.tableName = tableName
        self.projection = projection
        self.schema = schema
        self.output = output
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        guard batch.rowCount > 0 else { return }
        guard let projection else { return try output.push(batch) }
        guard projection.allSatisfy({ batch.columns.indices.contains($0) }) else {
            throw PhysicalPlanError.invalidPlan(node: name, message: "batch \(batch.schema) lacks projected columns")
        }
        if projection.isEmpty { return try output.push(RecordBatch(rowCount: batch.rowCount)) }
        try output.push(RecordBatch(schema: schema, columns: projection.map { batch.columns[$0] }))
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try output.finish()
    }
}
