import ArrowLite

/// Rewrites a logical plan into a cheaper plan with the same result, in fixed passes: constant folding, predicate
/// pushdown with join ordering, moving small semi / anti / mark joins below inner joins, pushdown and ordering
/// again around them, then projection pruning. Every pass is deterministic: it walks lists in order and
/// breaks ties by position, never by hash order.
public struct Optimizer: Sendable {
    /// Estimates that steer join ordering.
    public var estimator = CardinalityEstimator()

    public init() {}

    /// The optimised plan.
    public func optimize(_ plan: LogicalPlan) -> LogicalPlan {
        let folded = ConstantFolding.fold(plan)
        let pushdown = PredicatePushdown(estimator: estimator)
        let pushed = pushdown.push(pushdown.sinkSemiJoins(pushdown.push(folded, [])), [])
        return ProjectionPruning.prune(pushed, required: Set(pushed.output.map(\.id)))
    }
}

/// Evaluates expressions without column references once, at planning time (`DATE '1998-12-01' - INTERVAL '90'
/// DAY` becomes a date), simplifies AND / OR with constant sides, and factors conjuncts common to every branch of
/// an OR out of it. An expression whose evaluation fails (a
/// division by zero) is left for run time, where it fails only if a row reaches it.
enum ConstantFolding {
    static func fold(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            switch node {
            case .filter(let predicate, let input):
                let folded = DisjunctionRewrites.factorCommonConjuncts(fold(predicate))
                return folded.node == .literal(.boolean(true)) ? input : .filter(folded, input)
            case .projection(let expressions, let columns, let input):
                return .projection(expressions.map(fold), columns, input)
            case .aggregate(let groups, let groupColumns, let aggregates, let aggregateColumns, let input):
                let folded = aggregates.map { aggregate in
                    (try? AggregateExpression(
                        aggregate.function, aggregate.argument.map(fold), distinct: aggregate.distinct,
                        name: aggregate.name)) ?? aggregate
                }
                return .aggregate(
                    groups: groups.map(fold), groupColumns: groupColumns, aggregates: folded,
                    aggregateColumns: aggregateColumns, input)
            case .join(let type, let left, let right, let condition, let mark):
                let folded = condition.map { DisjunctionRewrites.factorCommonConjuncts(fold($0)) }
                return .join(type, left, right, condition: folded, mark: mark)
            default:
                return node
            }
        }
    }

    static func fold(_ expression: PhysicalExpression) -> PhysicalExpression {
        expression.transformUp { node in
            switch node.node {
            case .column, .literal: return node
            case .and(let l, let r):
                if l.node == .literal(.boolean(true)) { return r }
                if r.node == .literal(.boolean(true)) { return l }
            case .or(let l, let r):
                if l.node == .literal(.boolean(false)) { return r }
                if r.node == .literal(.boolean(false)) { return l }
            default: break
            }
            guard node.children.allSatisfy(\.isLiteral), let value = try? evaluateConstant(node) else { return node }
            return PhysicalExpression(.literal(value), node.dataType, nullable: value.isNull)
        }
    }

    private static func evaluateConstant(_ expression: PhysicalExpression) throws -> Scalar {
        try expression.evaluate(RecordBatch(rowCount: 1)).scalar(at: 0)
    }
}

/// Removes columns nobody reads: scans read only the columns used above them, projections and aggregates drop
/// outputs nobody uses, and columns read only by a filter or a join's condition are dropped right after it, under
/// a projection (DataFusion's `OptimizeProjections`, Spark's `ColumnPruning`). A join copies every column of its
/// matched rows and a shuffle sends every column, so a column is dropped where it is last needed. A filter under
/// a projection or an aggregate is left as it is: those read only their own columns and copy nothing (except an
/// aggregate with DISTINCT, whose input is shuffled as it is, so a filter under it is narrowed). A union keeps only
/// its columns read above, and each input only those.
enum ProjectionPruning {
    static func prune(_ plan: LogicalPlan, required: Set<Int>) -> LogicalPlan {
        switch plan {
        case .filter, .join: return narrowed(pruneNode(plan, required: required), to: required)
        default: return pruneNode(plan, required: required)
        }
    }

    /// `plan` under a projection onto the `required` columns of its output (in output order), or `plan` itself when
    /// it produces nothing else. At least one column stays, as for scans: a row count needs rows.
    private static func narrowed(_ plan: LogicalPlan, to required: Set<Int>) -> LogicalPlan {
        let output = plan.output
        var kept = output.filter { required.contains($0.id) }
        guard kept.count < output.count else { return plan }
        if kept.isEmpty { kept = [output[0]] }
        return .projection(kept.map(\.reference), kept, plan)
    }

    /// `plan` with its inputs pruned to what it and `required` read; the node itself is not narrowed.
    private static func pruneNode(_ plan: LogicalPlan, required: Set<Int>) -> LogicalPlan {
        switch plan {
        case .scan(let table, let source, let columns, let indices):
            var keep = columns.indices.filter { required.contains(columns[$0].id) }
            if keep.isEmpty, !columns.isEmpty { keep = [0] }
            return .scan(
                table: table, source: source, columns: keep.map { columns[$0] }, tableIndices: keep.map { indices[$0] })
        case .oneRow: return plan
        case .filter(let predicate, let input):
            return .filter(predicate, prune(input, required: required.union(predicate.columnReferences)))
        case .projection(let expressions, let columns, let input):
            var keep = columns.indices.filter { required.contains(columns[$0].id) }
            if keep.isEmpty, !columns.isEmpty { keep = [0] }
            let kept = keep.map { expressions[$0] }
            return .projection(
                kept, keep.map { columns[$0] }, pruneReading(input, required: Set(kept.flatMap(\.columnReferences))))
        case .aggregate(let groups, let groupColumns, let aggregates, let aggregateColumns, let input):
            var keep = aggregateColumns.indices.filter { required.contains(aggregateColumns[$0].id) }
            if keep.isEmpty && groups.isEmpty && !aggregates.isEmpty { keep = [0] }
            let kept = keep.map { aggregates[$0] }
            let reads = groups.flatMap(\.columnReferences) + kept.compactMap(\.argument).flatMap(\.columnReferences)
            return .aggregate(
                groups: groups, groupColumns: groupColumns, aggregates: kept,
                aggregateColumns: keep.map { aggregateColumns[$0] },
                kept.contains(where: \.distinct)
                    ? prune(input, required: Set(reads)) : pruneReading(input, required: Set(reads)))
        case .join(let type, let left, let right, let condition, let mark):
            let needed = required.union(condition?.columnReferences ?? [])
            return .join(
                type, prune(left, required: needed), prune(right, required: needed), condition: condition, mark: mark)
        case .sort(let order, let input):
            let reads = order.flatMap(\.expression.columnReferences)
            return .sort(order, prune(input, required: required.union(reads)))
        case .limit(let offset, let fetch, let input):
            return .limit(offset: offset, fetch: fetch, prune(input, required: required))
        case .union(let inputs, let columns):
            var keep = columns.indices.filter { required.contains(columns[$0].id) }
            if keep.isEmpty, !columns.isEmpty { keep = [0] }
            return .union(inputs.map { unionInput($0, keeping: keep) }, columns: keep.map { columns[$0] })
        }
    }

    /// A union input pruned to its columns at `positions` (those of the union's kept columns), under a projection
    /// onto them in that order when its pruned output holds anything else.
    private static func unionInput(_ input: LogicalPlan, keeping positions: [Int]) -> LogicalPlan {
        let picked = positions.map { input.output[$0] }
        let pruned = prune(input, required: Set(picked.map(\.id)))
        if pruned.output.map(\.id) == picked.map(\.id) { return pruned }
        return .projection(picked.map(\.reference), picked, pruned)
    }

    /// The input of a node that reads only `required` and copies nothing (a projection, an aggregate without
    /// DISTINCT): a filter there keeps its other columns, since dropping them would cost a node and save nothing.
    private static func pruneReading(_ input: LogicalPlan, required: Set<Int>) -> LogicalPlan {
        if case .filter = input { return pruneNode(input, required: required) }
        return prune(input, required: required)
    }
}
