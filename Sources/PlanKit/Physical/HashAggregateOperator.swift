import ArrowLite

/// How a hash aggregate splits its work across a repartition.
public enum AggregateMode: String, Sendable, Hashable {
    /// Raw rows in, per-group partial states out (group columns, then every aggregate's `stateFields`). Over
    /// clustered input a group can come out more than once (see `HashAggregateOperator`).
    case partial
    /// Partial states in (as `partial` emits them), final values out. Equal groups must reach the same operator:
    /// hash-repartition on the group columns, or coalesce, in between.
    case final
    /// Raw rows in, final values out.
    case single
}

/// Groups rows by key columns and computes aggregates per group. A pipeline breaker: it emits when its input
/// finishes (a `partial` aggregate over clustered input also before, see below), groups in first-seen order, in
/// batches of at most `batchRowCount` rows. Without group keys it emits exactly one row, even for empty input
/// (`count` 0, other aggregates null).
///
/// Group numbers come from a `RowKeyTable` keyed by `Compute.hashRows` of the group columns; each batch is one
/// vectorised update per aggregate over the rows' group numbers. NULL group keys form one group.
///
/// A `partial` aggregate over input clustered on its group keys emits early. In such input the rows of a group
/// arrive together, as lineitem's rows arrive by order key: a row finds only a group the batch before its own or
/// its own brought, or the last group before its batch (a run that goes on). While that holds, the aggregate reads
/// its input in slices of at most `earlyEmitGroupCount` rows; once it holds that many groups or more, after at
/// least three slices, it emits them and starts an empty table. A group cut at a slice boundary is emitted twice,
/// which the `final` aggregate merges (so where the cuts fall, fixed by the batches, can change a float sum's last
/// bits). The table, up to about three slices of groups, stays in a core's L2 cache: before, the simulated Q18's
/// 18 partial aggregates over 83 K order keys each spent most of their time waiting on memory. Input that comes
/// back to an older group in the table is not clustered; from then on the aggregate keeps every group until its
/// input finishes. A key that comes back only after its group was emitted is not seen: input whose keys repeat in
/// cycles longer than about three slices of groups is taken for clustered and loses that reduction.
public final class HashAggregateOperator: PhysicalOperator {
    public let mode: AggregateMode
    /// The group key expressions, bound to the raw input (ignored in `final` mode, whose input starts with them).
    public let groupBy: [PhysicalExpression]
    public let aggregates: [AggregateExpression]
    public let schema: Schema
    public var name: String { "HashAggregate(\(mode.rawValue))" }
    /// The largest batch the operator emits.
    public let batchRowCount: Int
    /// The fewest groups a `partial` aggregate over clustered input emits early, and the rows of its input slices.
    public let earlyEmitGroupCount: Int

    private let output: any BatchSink
    private var inputs = InputTracker("HashAggregate", inputCount: 1)
    private var table = RowKeyTable()
    private var groupCount: Int
    private var accumulators: [any GroupAccumulator]
    /// Each group column's first-seen key values, one array per batch that brought new groups.
    private var keyPieces: [[any ArrowArray]]
    private var keyPieceBytes = 0
    /// `partial` mode: whether no row has found a group older than the batch before its own, other than a run going
    /// on (once one has, the input is not clustered, for good).
    private var isClustered = true
    /// `partial` mode: the first group number the previous batch could have brought, and the batches since the
    /// table was last emptied.
    private var previousBatchStart = 0
    private var batchesInTable = 0

    /// - Parameters:
    ///   - groupNames: the output names of the group columns.
    ///   - earlyEmitGroupCount: the fewest groups a `partial` aggregate over clustered input emits early, and the
    ///     rows of its input slices (with the default, its table, keys and states stay within a core's L2 cache).
    /// - Throws: `PhysicalPlanError.invalidPlan` for a DISTINCT aggregate outside `single` mode.
    public init(
        mode: AggregateMode, groupBy: [PhysicalExpression], groupNames: [String], aggregates: [AggregateExpression],
        output: any BatchSink, batchRowCount: Int = 8192, earlyEmitGroupCount: Int = 4096
    ) throws {
        precondition(earlyEmitGroupCount > 0, "an early emission needs at least one group")
        precondition(groupBy.count == groupNames.count, "one name per group expression")
        if mode != .single, let distinct = aggregates.first(where: \.distinct) {
            throw PhysicalPlanError.invalidPlan(
                node: "HashAggregate(\(mode.rawValue))",
                message: "\(distinct) needs single mode; repartition on the group keys and aggregate once")
        }
        self.mode = mode
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.output = output
        self.batchRowCount = batchRowCount
        self.earlyEmitGroupCount = earlyEmitGroupCount
        schema = HashAggregateOperator.outputSchema(mode, groupBy, groupNames, aggregates)
        accumulators = try aggregates.map(makeAccumulator)
        keyPieces = [[any ArrowArray]](repeating: [], count: groupBy.count)
        groupCount = groupBy.isEmpty ? 1 : 0
    }

    /// The output schema of an aggregate in `mode`: the group columns, then final values (`single`, `final`) or
    /// state columns (`partial`).
    public static func outputSchema(
        _ mode: AggregateMode, _ groupBy: [PhysicalExpression], _ groupNames: [String],
        _ aggregates: [AggregateExpression]
    ) -> Schema {
        let keys = zip(groupBy, groupNames).map { Field($1, $0.dataType, nullable: $0.nullable) }
        let values = mode == .partial ? aggregates.flatMap(\.stateFields) : aggregates.map(\.resultField)
        return Schema(keys + values)
    }

    public var heldBytes: Int { table.heldBytes + keyPieceBytes + accumulators.reduce(0) { $0 + $1.heldBytes } }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        guard batch.rowCount > 0 else { return }
        guard mode == .partial, isClustered, !groupBy.isEmpty, batch.rowCount > earlyEmitGroupCount else {
            return try aggregate(batch)
        }
        var start = 0
        while start < batch.rowCount {
            let length = min(earlyEmitGroupCount, batch.rowCount - start)
            try aggregate(batch.slice(start, length))
            start += length
        }
    }

    /// Folds one batch (or, for a `partial` aggregate over clustered input, one slice of it) into the groups.
    private func aggregate(_ batch: RecordBatch) throws {
        let keys: [any ArrowArray] =
            mode == .final
            ? Array(batch.columns.prefix(groupBy.count)) : try groupBy.map { try $0.evaluate(batch) }
        let batchStart = groupCount
        let groupIds = try assignGroups(keys, rowCount: batch.rowCount)
        if mode == .final {
            var column = groupBy.count
            for (aggregate, accumulator) in zip(aggregates, accumulators) {
                let width = aggregate.stateFields.count
                let state = Array(batch.columns[column..<(column + width)])
                try accumulator.merge(state, groupIds: groupIds, groupCount: groupCount)
                column += width
            }
        } else {
            for (aggregate, accumulator) in zip(aggregates, accumulators) {
                let values = try aggregate.argument?.evaluate(batch)
                try accumulator.update(values, groupIds: groupIds, groupCount: groupCount)
            }
            if mode == .partial { try emitIfClustered(groupIds, batchStart: batchStart) }
        }
    }

    /// `partial` mode, after a batch (or slice) that began at group number `batchStart`: notes whether it kept to
    /// its own groups, the previous batch's and the run going on, and emits every group and starts afresh when the
    /// input has stayed clustered and the table is full. It waits for a third batch since the last emission, the
    /// first one that could come back to a group older than its predecessor's: an emptied table cannot tell a
    /// clustered input from one that repeats its keys in every batch.
    private func emitIfClustered(_ groupIds: [Int32], batchStart: Int) throws {
        guard isClustered, !groupBy.isEmpty else { return }
        let floor = Int32(truncatingIfNeeded: previousBatchStart)
        let goingOn = Int32(truncatingIfNeeded: batchStart - 1)
        if groupIds.contains(where: { $0 < floor && $0 != goingOn }) { isClustered = false }
        previousBatchStart = batchStart
        batchesInTable += 1
        guard isClustered, batchesInTable >= 3, groupCount >= earlyEmitGroupCount else { return }
        try emitGroups()
        table.removeAll()
        groupCount = 0
        (previousBatchStart, batchesInTable) = (0, 0)
        keyPieces = [[any ArrowArray]](repeating: [], count: groupBy.count)
        keyPieceBytes = 0
        accumulators = try aggregates.map(makeAccumulator)
    }

    /// The group number of every row, registering new groups and remembering their key values.
    private func assignGroups(_ keys: [any ArrowArray], rowCount: Int) throws -> [Int32] {
        if keys.isEmpty { return [Int32](repeating: 0, count: rowCount) }
        let (ids, newRows) = table.insert(KeyRows(keys), hashes: try Compute.hashRows(keys))
        if !newRows.isEmpty {
            for (index, key) in keys.enumerated() {
                let piece = try Compute.take(key, indices: newRows)
                keyPieces[index].append(piece)
                keyPieceBytes += piece.compactByteCount
            }
            groupCount += newRows.count
        }
        return ids
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try emitGroups()
        try output.finish()
    }

    /// Pushes every group held: key columns, then each aggregate's state or value.
    private func emitGroups() throws {
        var columns: [any ArrowArray] = try zip(groupBy, keyPieces).map { expression, pieces in
            pieces.isEmpty ? Compute.nullArray(expression.dataType, count: 0) : try Compute.concat(pieces)
        }
        for (aggregate, accumulator) in zip(aggregates, accumulators) {
            // A zero-row update sizes every accumulator to the group count (groups it never saw stay empty).
            let empty = aggregate.argument.map { Compute.nullArray($0.dataType, count: 0) }
            try accumulator.update(empty, groupIds: [], groupCount: groupCount)
            columns += mode == .partial ? try accumulator.state() : [try accumulator.result()]
        }
        let result = try RecordBatch(schema: schema, columns: columns)
        var start = 0
        while start < groupCount {
            let length = min(batchRowCount, groupCount - start)
            try output.push(columns.isEmpty ? RecordBatch(rowCount: length) : result.slice(start, length))
            start += length
        }
    }
}
