import ArrowLite

/// Turns an optimised logical plan into a partitioned physical plan: scans split into `partitionCount` parts;
/// aggregates in two phases around a hash repartition on the group keys (or a coalesce without keys), in one
/// phase when the input's `keyPartitioning` already puts equal groups together; joins partitioned on their keys
/// (a side already partitioned on them keeps its partitions), or with the build side broadcast when it is small;
/// sorts and limits after a coalesce, `ORDER BY ... LIMIT` as per-partition top-K then a final top-K. The result
/// has one partition.
public struct PhysicalPlanner: Sendable {
    /// How many partitions scans, joins and aggregates run in.
    public var partitionCount: Int
    /// A join whose build side is estimated at most this many rows broadcasts it instead of repartitioning both.
    public var broadcastRowLimit: Double
    /// Estimates for build sides and broadcasts.
    public var estimator = CardinalityEstimator()

    /// The default `broadcastRowLimit`, the one place the planner, the CLI and scenarios take it from.
    public static let defaultBroadcastRowLimit: Double = 20_000

    public init(partitionCount: Int, broadcastRowLimit: Double = defaultBroadcastRowLimit) {
        self.partitionCount = max(1, partitionCount)
        self.broadcastRowLimit = broadcastRowLimit
    }

    /// A physical plan with one output partition whose columns are `plan.output`, in order.
    /// - Throws: `PhysicalPlanError` when a node cannot be built (a planner bug, reported rather than trapped).
    public func plan(_ plan: LogicalPlan) throws -> PhysicalPlan {
        var (physical, columns) = try convert(plan)
        if physical.outputPartitionCount > 1 { physical = .coalesce(physical) }
        return try reordered(physical, columns, to: plan.output)
    }

    /// A physical plan for `plan` and the logical columns of its output, in physical order.
    func convert(_ plan: LogicalPlan) throws -> (PhysicalPlan, [LogicalColumn]) {
        switch plan {
        case .scan(let table, let source, let columns, let indices):
            let projection = indices == Array(source.schema.fields.indices) ? nil : indices
            return (try .scan(table, source, projection: projection, partitionCount: partitionCount), columns)
        case .oneRow:
            let table = try MemoryTable(schema: Schema([]), batches: [RecordBatch(rowCount: 1)])
            return (try .scan("one_row", table, partitionCount: 1), [])
        case .filter(let predicate, let input):
            let (child, columns) = try convert(input)
            return (try .filter(predicate.bound(to: columns), child), columns)
        case .projection(let expressions, let columns, let input):
            let (child, inputColumns) = try convert(input)
            let bound = try expressions.map { try $0.bound(to: inputColumns) }
            if let fused = try projecting(child, bound, names: columns.map(\.name)) { return (fused, columns) }
            return (try .projection(bound, names: columns.map(\.name), child), columns)
        case .aggregate(let groups, let groupColumns, let aggregates, let aggregateColumns, let input):
            let (child, columns) = try convert(input)
            let boundGroups = try groups.map { try $0.bound(to: columns) }
            let boundAggregates = try aggregates.map {
                try AggregateExpression(
                    $0.function, $0.argument.map { try $0.bound(to: columns) }, distinct: $0.distinct, name: $0.name)
            }
            let physical = try aggregate(boundGroups, groupColumns.map(\.name), boundAggregates, child)
            return (physical, groupColumns + aggregateColumns)
        case .join(let type, let left, let right, let condition, let mark):
            return try JoinPlanner(planner: self).join(type, left, right, condition, mark)
        case .sort(let order, let input):
            let (child, columns) = try convert(input)
            let bound = try order.map { SortExpression(try $0.expression.bound(to: columns), $0.key) }
            return (try .sort(bound, gathered(child)), columns)
        case .limit(let offset, let fetch, let input):
            if case .sort(let order, let sorted) = input, let fetch, fetch <= Int.max - offset {
                let (child, columns) = try convert(sorted)
                let bound = try order.map { SortExpression(try $0.expression.bound(to: columns), $0.key) }
                var physical = try PhysicalPlan.topK(bound, limit: offset + fetch, child)
                if physical.outputPartitionCount > 1 {
                    physical = try .topK(bound, limit: offset + fetch, .coalesce(physical))
                }
                return (offset > 0 ? try .limit(offset: offset, fetch: fetch, physical) : physical, columns)
            }
            let (child, columns) = try convert(input)
            return (try .limit(offset: offset, fetch: fetch, gathered(child)), columns)
        case .union(let inputs, let columns):
            var children = try inputs.map { input -> PhysicalPlan in
                let (child, childColumns) = try convert(input)
                return try reordered(child, childColumns, to: input.output)
            }
            if Set(children.map(\.outputPartitionCount)).count > 1 { children = children.map(gathered) }
            return (try .union(children), columns)
        }
    }

    /// `plan` (whose columns are `columns`) with its columns in the order of `output`: itself when they already
    /// are, else under a projection (joins put their build side first).
    private func reordered(
        _ plan: PhysicalPlan, _ columns: [LogicalColumn], to output: [LogicalColumn]
    ) throws -> PhysicalPlan {
        guard columns.map(\.id) != output.map(\.id) else { return plan }
        let expressions = try output.map { try $0.reference.bound(to: columns) }
        return try .projection(expressions, names: output.map(\.name), plan)
    }

    /// `node` copying only the columns `expressions` pick, when it is a hash join or a filter without a projection
    /// and each expression is one of its columns under its own name (the projections that pruning puts over joins
    /// and filters, as DataFusion's `HashJoinExec` and `FilterExec` take them); else nil.
    private func projecting(
        _ node: PhysicalPlan, _ expressions: [PhysicalExpression], names: [String]
    ) throws -> PhysicalPlan? {
        var positions: [Int] = []
        for (expression, name) in zip(expressions, names) {
            guard case .column(let index, _) = expression.node, node.schema.fields[index].name == name else {
                return nil
            }
            positions.append(index)
        }
        switch node.kind {
        case .hashJoin(let type, let keys, let residual, nil):
            return try .hashJoin(
                type, keys: keys, residual: residual, build: node.children[0], probe: node.children[1],
                projection: positions)
        case .filter(let predicate, nil):
            return try .filter(predicate, node.children[0], projection: positions)
        default:
            return nil
        }
    }

    /// `plan` in one partition.
    func gathered(_ plan: PhysicalPlan) -> PhysicalPlan {
        plan.outputPartitionCount > 1 ? .coalesce(plan) : plan
    }

    private func aggregate(
        _ groups: [PhysicalExpression], _ names: [String], _ aggregates: [AggregateExpression], _ input: PhysicalPlan
    ) throws -> PhysicalPlan {
        // One partition, or equal groups already share one: aggregate once, in place.
        if input.outputPartitionCount == 1
            || input.keyPartitioning.keyIndices(within: groups.map(\.columnIndex)) != nil
        {
            return try .hashAggregate(.single, groupBy: groups, groupNames: names, aggregates: aggregates, input)
        }
        if aggregates.contains(where: \.distinct) {
            let distributed =
                try groups.isEmpty
                ? .coalesce(input) : PhysicalPlan.hashRepartition(keys: groups, partitionCount: partitionCount, input)
            return try .hashAggregate(.single, groupBy: groups, groupNames: names, aggregates: aggregates, distributed)
        }
        let partial = try PhysicalPlan.hashAggregate(
            .partial, groupBy: groups, groupNames: names, aggregates: aggregates, input)
        let keys = try groups.indices.map { try PhysicalExpression.column($0, in: partial.schema) }
        let exchanged =
            try keys.isEmpty
            ? .coalesce(partial) : PhysicalPlan.hashRepartition(keys: keys, partitionCount: partitionCount, partial)
        return try .hashAggregate(.final, groupBy: groups, groupNames: names, aggregates: aggregates, exchanged)
    }
}
